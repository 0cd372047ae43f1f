"""Migrations run on first use and on upgrade; when the schema is current the check is one
cheap query, and Alembic is not even imported (docs/performance.md).

An upgrade is safe to interrupt and never deletes: it runs in one transaction; on SQLite with
foreign keys off (a migration that rebuilds a parent table would otherwise cascade-delete
every child row) and a foreign-key check before it commits; and a file database is copied
next to itself first. A database from a newer Anklet is refused, never touched."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from anklet.domain.errors import StorageUnavailable

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration in storage/migrations/versions; a test keeps the two equal.
SCHEMA_HEAD = "0019"
SCRIPT_LOCATION = "anklet.storage:migrations"
# Any constant shared by all Anklet processes: serialises concurrent upgrades on PostgreSQL.
PG_MIGRATION_LOCK_KEY = 0x616E6B6C


def current_revision(engine: Engine) -> str | None:
    """The database's revision, read in a deferred transaction: opening a database never
    waits for (or takes) SQLite's write lock, so a read command starts beside a writer."""
    from anklet.storage.engine import READ_ONLY

    with engine.connect() as connection:
        connection.info[READ_ONLY] = True
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None
        finally:
            # The flag lives on the pooled connection: the next user (a migration) writes.
            connection.info.pop(READ_ONLY, None)


def ensure_schema(engine: Engine) -> Path | None:
    """Bring the database to SCHEMA_HEAD; returns the copy taken before an upgrade of a
    file database that held a schema (None when nothing was copied)."""
    found = current_revision(engine)
    if found == SCHEMA_HEAD:
        return None
    check_not_newer(found)
    copy = backup_before_upgrade(engine, found) if found is not None else None
    upgrade(engine)
    return copy


def check_not_newer(found: str | None) -> None:
    """A database written by a newer Anklet (or by something else) is refused in one line:
    migrating it down, or reading columns this version does not know, could lose data."""
    if found is None or (found.isascii() and found.isdigit() and found < SCHEMA_HEAD):
        return
    newer = found.isascii() and found.isdigit() and len(found) == len(SCHEMA_HEAD)
    why = "is newer than" if newer else "is not one of the revisions of"
    raise StorageUnavailable(
        f"database: schema revision {found} {why} this Anklet's (up to {SCHEMA_HEAD}); "
        "open it with the Anklet that wrote it, or a newer one"
    )


def backup_before_upgrade(engine: Engine, found: str) -> Path | None:
    """Copy an SQLite file before it is upgraded, with SQLite's own backup (consistent
    even in WAL mode): `anklet.backup-0006-20261202T051500Z.db` next to `anklet.db`."""
    import sqlite3
    from contextlib import closing

    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    source = Path(database)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    copy = source.with_name(f"{source.stem}.backup-{found}-{stamp}{source.suffix}")
    try:
        with closing(sqlite3.connect(source)) as live, closing(sqlite3.connect(copy)) as backup:
            live.backup(backup)
    except (sqlite3.Error, OSError) as error:
        copy.unlink(missing_ok=True)
        raise StorageUnavailable(
            f"database: cannot copy {source} before upgrading it from {found} to "
            f"{SCHEMA_HEAD} ({error}); nothing was changed"
        ) from None
    return copy


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade in one transaction: on failure nothing of the migration remains."""
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Outside any transaction, where SQLite honours it; set back on before the
            # connection returns to the pool.
            _sqlite_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK_KEY}
                    )
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _check_foreign_keys(connection: Connection) -> None:
    """Every row still points at a row that exists; else the upgrade is rolled back."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({str(row[0]) for row in broken})
        raise StorageUnavailable(
            f"database: the upgrade to {SCHEMA_HEAD} would leave {len(broken)} rows pointing "
            f"at nothing (in {', '.join(tables)}); nothing was changed"
        )
