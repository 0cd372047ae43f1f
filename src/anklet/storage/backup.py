"""Snapshots of the SQLite file with SQLite's online backup API, and restores from them.

The backup API copies the database page by page from a read transaction: in WAL mode writers
go on meanwhile, and the copy is the database as of one moment, every committed write before
it included (https://www.sqlite.org/backup.html). A snapshot is written beside its target and
renamed into place once it is whole and passes `PRAGMA integrity_check`.

Both wait for another connection's lock as long as the app's writers do (the engine's busy
timeout, ANKLET_SQLITE_BUSY_TIMEOUT_MS), then stop with StorageBusy and nothing changed.
Python's `Connection.backup` alone would wait forever: it sleeps and tries a busy step again
for as long as the lock is held.
"""

from __future__ import annotations

import secrets
import sqlite3
import time
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine

from anklet.domain.errors import InvalidValue, StorageBusy
from anklet.storage.engine import SQLITE_BUSY_TIMEOUT_MS, writer_queue
from anklet.storage.schema import SCHEMA_HEAD, ensure_schema
from anklet.storage.unit_of_work import RETRY_AFTER_S

# Restored histories may have lower version numbers than the ones a running app has cached;
# every athlete's version jumps past them by a random amount (storage.unit_of_work).
_VERSION_JUMP_MIN = 2**31
_VERSION_JUMP_SPAN = 2**31
# How often a backup step that found the database locked is tried again, in seconds.
_BUSY_RETRY_S = 0.02


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
        # The engine's busy timeout (settings.sqlite_busy_timeout_ms, given to make_engine).
        queue = writer_queue(engine)
        self.busy_timeout_ms = SQLITE_BUSY_TIMEOUT_MS if queue is None else queue.timeout_ms

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
                # All pages in one step: one consistent moment.
                self._copy(source, copy, "no snapshot was made")
                # A self-contained file: no write-ahead log beside it.
                copy.execute("PRAGMA journal_mode=DELETE")
                pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
            _check_integrity(partial, "the snapshot")
            partial.replace(target)
        except StorageBusy:
            partial.unlink(missing_ok=True)
            raise
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
            self._copy(snapshot, live, "nothing was restored")
            jump = _VERSION_JUMP_MIN + secrets.randbelow(_VERSION_JUMP_SPAN)
            if live.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'athletes'"
            ).fetchone() and _has_column(live, "athletes", "history_version"):
                live.execute("UPDATE athletes SET history_version = history_version + ?", (jump,))
            live.commit()

    def upgrade(self) -> None:
        ensure_schema(self._engine)

    def _connect(self, path: Path) -> sqlite3.Connection:
        """A connection to the live file that waits for a lock as long as the app's writers."""
        return sqlite3.connect(path, timeout=self.busy_timeout_ms / 1000)

    def _copy(self, source: sqlite3.Connection, target: sqlite3.Connection, undone: str) -> None:
        """`source.backup(target)`, given up (StorageBusy) when a step still finds either
        database locked once the busy timeout has passed. A lock on the target is waited for
        in its busy handler first; one on the source is not, so its steps are tried again
        every _BUSY_RETRY_S. A step that fails copies nothing: the target is as it was."""
        deadline = time.monotonic() + self.busy_timeout_ms / 1000

        def progress(status: int, _remaining: int, _total: int) -> None:
            locked = status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if locked and time.monotonic() >= deadline:
                raise StorageBusy(
                    f"database: another connection held the database for more than "
                    f"{self.busy_timeout_ms / 1000:g} s; {undone}, try again",
                    retry_after_s=RETRY_AFTER_S,
                )

        source.backup(target, progress=progress, sleep=_BUSY_RETRY_S)


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
