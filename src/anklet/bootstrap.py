"""The composition root: settings -> engine -> migrated schema -> services' dependencies.

Shared by the CLI and (later) the web app. Nothing here runs at import time.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from anklet.settings import Settings, build_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from anklet.domain.exercises import Catalogue
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.services.account_ports import PasswordHasher
    from anklet.services.ports import Clock
    from anklet.storage.backup import SqliteFiles
    from anklet.storage.unit_of_work import SqlUnitOfWork


class SystemClock:
    """Wall-clock time in UTC, naive as stored; `today()` is the athlete's local date."""

    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)

    def today(self) -> date:
        return date.today()


# True while serving a request that only reads (an HTTP GET or HEAD, safe by definition): its
# use cases open read-only transactions, which on SQLite never wait for a writer.
READING_ONLY: ContextVar[bool] = ContextVar("anklet_reading_only", default=False)


@dataclass
class Anklet:
    settings: Settings
    engine: Engine
    clock: Clock

    def uow(self) -> SqlUnitOfWork:
        from anklet.storage.unit_of_work import SqlUnitOfWork

        return SqlUnitOfWork(self.engine, read_only=READING_ONLY.get())

    def accounts_uow(self) -> SqlUnitOfWork:
        """A unit of work that may write even while a GET is served: signing in, keeping a
        session alive and the audit log of reads are writes of their own."""
        from anklet.storage.unit_of_work import SqlUnitOfWork

        return SqlUnitOfWork(self.engine)

    @cached_property
    def passwords(self) -> PasswordHasher:
        from anklet.storage.passwords import Argon2Passwords

        return Argon2Passwords()

    def backups(self) -> SqliteFiles:
        """The SQLite file behind the app; an InvalidValue for PostgreSQL (use pg_dump)."""
        from anklet.storage.backup import SqliteFiles

        return SqliteFiles(self.engine)

    @cached_property
    def catalogue(self) -> Catalogue:
        """The built-in exercises merged with the user's file (settings.catalogue_path)."""
        from anklet.importers.catalogue import load_catalogue

        return load_catalogue(self.settings.catalogue_path)

    @cached_property
    def norm_table(self) -> HeelRaiseNorms:
        from anklet.importers.norms import load_heel_raise_norms

        return load_heel_raise_norms()


def open_anklet(*, db: str | None = None, settings: Settings | None = None) -> Anklet:
    """Build the app against the chosen database, migrating it first when needed."""
    from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError

    from anklet.domain.errors import StorageUnavailable
    from anklet.storage.engine import make_engine
    from anklet.storage.schema import ensure_schema

    chosen = settings or build_settings(db=db)
    shown = _without_password(chosen.database_url)
    try:
        _check_backend(chosen.database_url, shown)
        engine = make_engine(
            chosen.database_url, sqlite_busy_timeout_ms=chosen.sqlite_busy_timeout_ms
        )
        ensure_schema(engine)
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        raise StorageUnavailable(
            f"database: {shown!r} is not a usable URL ({error}); expected {URL_FORMS}"
        ) from None
    except (DatabaseError, OSError) as error:  # unreachable, or a file that is no database
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        raise StorageUnavailable(f"database: cannot open {shown!r}: {reason}") from None
    return Anklet(settings=chosen, engine=engine, clock=SystemClock())


# Each database with the driver Anklet ships and tests.
SUPPORTED_DRIVERS = {"sqlite": "pysqlite", "postgresql": "psycopg"}
URL_FORMS = "a file path, sqlite:///PATH or postgresql://USER@HOST/DB"


def _check_backend(url: str, shown: str) -> None:
    """Only the databases Anklet is built and tested for; any other URL (mysql://, say) is
    refused here, before SQLAlchemy tries to import a driver that is not installed."""
    from sqlalchemy.engine import make_url

    from anklet.domain.errors import StorageUnavailable

    parsed = make_url(url)
    backend, driver = parsed.get_backend_name(), parsed.get_driver_name()
    if SUPPORTED_DRIVERS.get(backend) != driver:
        raise StorageUnavailable(
            f"database: {shown!r} is not supported ({backend}+{driver}); expected {URL_FORMS}"
        )


def _without_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as typed, it holds no parsed secret
        return url
