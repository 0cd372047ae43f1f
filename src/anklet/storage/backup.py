"""Snapshots of the SQLite file with SQLite's online backup API, and restores from them.

The backup API copies the database page by page from a read transaction: in WAL mode writers
go on meanwhile, and the copy is the database as of one moment, every committed write before
it included (https://www.sqlite.org/backup.html). A snapshot is written beside its target and
renamed into place once it is whole and passes `PRAGMA integrity_check`.
"""

from __future__ import annotations

import secrets
import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine

from anklet.domain.errors import InvalidValue
from anklet.storage.schema import SCHEMA_HEAD, ensure_schema

# Restored histories may have lower version numbers than the ones a running app has cached;
# every athlete's version jumps past them by a random amount (storage.unit_of_work).
_VERSION_JUMP_MIN = 2**31
_VERSION_JUMP_SPAN = 2**31


def known_revisions() -> tuple[str, ...]:
    """Every schema revision this Anklet can read, oldest first ("0001" ... SCHEMA_HEAD)."""
    return tuple(f"{number:04d}" for number in range(1, int(SCHEMA_HEAD) + 1))


class SqliteFiles:
    """The database file behind an SQLite engine."""

    head = SCHEMA_HEAD

    def __init__(self, engine: Engine) -> None:
        database = engine.url.database
        if engine.dialect.name != "sqlite" or not database or database == ":memory:":
            raise InvalidValue(
                "database",
                engine.url.get_backend_name(),
                "an SQLite file; for PostgreSQL use pg_dump and pg_restore (docs/data.md)",
            )
        self._engine = engine
        self.path = Path(database).resolve()

    def known(self) -> tuple[str, ...]:
        return known_revisions()

    def snapshot(self, target: Path) -> int:
        """Copy the live database to `target` whole; returns the pages copied."""
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        try:
            with (
                closing(self._connect(self.path)) as source,
                closing(sqlite3.connect(partial)) as copy,
            ):
                source.backup(copy)  # all pages in one step: one consistent moment
                # A self-contained file: no write-ahead log beside it.
                copy.execute("PRAGMA journal_mode=DELETE")
                pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
            _check_integrity(partial, "the snapshot")
            partial.replace(target)
        except (OSError, sqlite3.Error) as error:
            partial.unlink(missing_ok=True)
            raise InvalidValue("PATH", str(target), f"a writable file ({error})") from None
        return pages

    def revision_of(self, source: Path) -> str | None:
        """The schema revision of a snapshot, after checking it is a whole SQLite database."""
        if not source.is_file():
            raise InvalidValue("PATH", str(source), "an existing snapshot file")
        _check_integrity(source, str(source))
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as snapshot:
            try:
                row = snapshot.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.Error:
                return None
        return None if row is None else str(row[0])

    def replace_with(self, source: Path, *, keep: Path) -> None:
        """Copy the live database to `keep`, then the snapshot over the live database (the
        backup API again: the app's other connections see the restored file at their next
        transaction)."""
        self.snapshot(keep)
        with (
            closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as snapshot,
            closing(self._connect(self.path)) as live,
        ):
            snapshot.backup(live)
            jump = _VERSION_JUMP_MIN + secrets.randbelow(_VERSION_JUMP_SPAN)
            if live.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'athletes'"
            ).fetchone() and _has_column(live, "athletes", "history_version"):
                live.execute("UPDATE athletes SET history_version = history_version + ?", (jump,))
            live.commit()

    def upgrade(self) -> None:
        ensure_schema(self._engine)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        connection = sqlite3.connect(path, timeout=5.0)
        connection.execute("PRAGMA busy_timeout=5000")
        return connection


def _has_column(connection: sqlite3.Connection, table: str, column: str) -> bool:
    return any(row[1] == column for row in connection.execute(f"PRAGMA table_info({table})"))


def _check_integrity(path: Path, what: str) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise InvalidValue("PATH", str(path), f"an SQLite database ({error})") from None
    if result != [("ok",)]:
        first = str(result[0][0])[:80] if result else "no answer"
        raise InvalidValue(
            "PATH", str(path), f"a database that passes an integrity check ({what}: {first})"
        )
