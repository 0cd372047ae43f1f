"""Engines for SQLite (the single-user default) and PostgreSQL (the multi-user server)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from anklet.storage.writer_gate import WriterGate, gate_for

# How long a writer waits for another writer's transaction to end before giving up (then a
# 503 with Retry-After in the API): in this process's queue of writers (WriterQueue), and
# again in SQLite's busy handler for a writer of another process. Readers never wait: WAL
# lets them read beside a writer. The app's engine takes it from the settings
# (ANKLET_SQLITE_BUSY_TIMEOUT_MS, settings.Settings.sqlite_busy_timeout_ms: this by default).
SQLITE_BUSY_TIMEOUT_MS = 5000
# Set on a connection before its transaction begins: a reader's BEGIN takes no lock.
READ_ONLY = "anklet_read_only"


@dataclass(frozen=True)
class WriterQueue:
    """Where the writers of an SQLite file engine wait their turn, and for how long."""

    gate: WriterGate
    timeout_ms: int


_WRITER_QUEUES: weakref.WeakKeyDictionary[Engine, WriterQueue] = weakref.WeakKeyDictionary()


def writer_queue(engine: Engine) -> WriterQueue | None:
    """The queue of an SQLite file's writers; None for PostgreSQL (which locks rows, not the
    database) and for an in-memory database (one per connection: nothing to share)."""
    return _WRITER_QUEUES.get(engine)


def make_engine(url: str, *, sqlite_busy_timeout_ms: int | None = None, **options: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        busy = SQLITE_BUSY_TIMEOUT_MS if sqlite_busy_timeout_ms is None else sqlite_busy_timeout_ms
        return _sqlite_engine(url, parsed.database, busy, **options)
    return create_engine(url, pool_pre_ping=True, **options)


def _sqlite_engine(url: str, database: str | None, busy_ms: int, **options: Any) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **options)
    # A `file:` URI may name a shared in-memory database; Anklet never opens one that way,
    # and such an engine's writers are left to SQLite's busy handler alone.
    if database and database != ":memory:" and not database.startswith("file:"):
        _WRITER_QUEUES[engine] = WriterQueue(gate_for(database), busy_ms)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so DDL in
        # migrations is transactional too and a failed command writes nothing.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A writer's IMMEDIATE takes the write lock up front (waiting up to the busy timeout).
        # A deferred transaction that read first and then writes fails at once with "database
        # is locked" when another writer committed meanwhile, which two browser tabs logging
        # at the same time would hit. One writer at a time is what SQLite offers anyway.
        # A reader's deferred BEGIN takes no lock at all: in WAL mode it reads its snapshot
        # while a writer works, so a long write never stops the pages that only show.
        read_only = connection.info.get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
