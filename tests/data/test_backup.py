"""Backup and restore (issue 10, point 5) of the SQLite file, with SQLite's online backup API.

A writer keeps logging morning check-ins from another thread while snapshots are taken: each
snapshot passes PRAGMA integrity_check and holds every check-in acknowledged (committed and
returned) before it began. Restore checks the snapshot's schema version: a newer one is
refused and the database is left as it was; an older one is upgraded after the copy."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from anklet.bootstrap import Anklet, open_anklet
from anklet.domain.athlete import Athlete
from anklet.domain.errors import InvalidValue, StorageBusy
from anklet.domain.training_log import CheckIn
from anklet.services.athletes import add_athlete
from anklet.services.backup import backup_database, restore_database
from anklet.services.training import record_check_in
from anklet.settings import BUSY_TIMEOUT_ENV, build_settings
from anklet.storage.backup import SqliteFiles
from anklet.storage.engine import make_engine
from anklet.storage.schema import SCHEMA_HEAD, current_revision, upgrade
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock, row_counts

SNAPSHOTS = 4
MORNINGS = 120  # the writer's check-ins, one a day going back from TODAY


@pytest.fixture
def live(tmp_path: Path, sqlite_template: Path) -> Engine:
    path = tmp_path / "live.db"
    shutil.copy(sqlite_template, path)
    return make_engine(f"sqlite:///{path}")


def _morning(offset: int) -> CheckIn:
    return CheckIn(day=TODAY - timedelta(days=offset), morning_pain=offset % 4, stiffness=1)


def _days_in(snapshot: Path) -> set[str]:
    with closing(sqlite3.connect(snapshot)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return {row[0][:10] for row in connection.execute("SELECT day FROM check_ins")}


def test_snapshots_taken_while_a_writer_logs_hold_every_acknowledged_write(
    live: Engine, tmp_path: Path
) -> None:
    clock = FakeClock()
    add_athlete(uow=SqlUnitOfWork(live), athlete=Athlete(handle="sam", name="Sam"), clock=clock)
    acknowledged: list[str] = []
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            for offset in range(MORNINGS):
                record_check_in(
                    uow=SqlUnitOfWork(live),
                    handle="sam",
                    check_in=_morning(offset),
                    clock=clock,
                    confirm_date=True,
                )
                acknowledged.append(_morning(offset).day.isoformat())
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    thread = threading.Thread(target=writer)
    thread.start()
    while len(acknowledged) < 5 and thread.is_alive():
        threading.Event().wait(0.01)  # the writer is under way before the first snapshot
    taken: list[tuple[Path, set[str]]] = []
    files = SqliteFiles(live)
    for index in range(SNAPSHOTS):
        before = set(acknowledged)  # acknowledged before this snapshot began
        target = tmp_path / f"snapshot-{index}.db"
        backup_database(files, target)
        taken.append((target, before))
    thread.join(timeout=120)
    assert not thread.is_alive() and not failures, failures
    for target, before in taken:
        assert before <= _days_in(target)
    assert any(len(before) < MORNINGS for _, before in taken)  # taken while writing
    # The last snapshot, restored over a new database, is a working Anklet database.
    final = tmp_path / "final.db"
    backup_database(files, final)
    assert _days_in(final) == set(acknowledged)


def test_restore_replaces_the_database_and_keeps_the_one_it_replaced(
    live: Engine, tmp_path: Path
) -> None:
    clock = FakeClock()
    uow = SqlUnitOfWork(live)
    add_athlete(uow=uow, athlete=Athlete(handle="sam", name="Sam"), clock=clock)
    files = SqliteFiles(live)
    snapshot = tmp_path / "sam.db"
    backup_database(files, snapshot)
    add_athlete(uow=uow, athlete=Athlete(handle="kim", name="Kim"), clock=clock)
    record_check_in(uow=uow, handle="sam", check_in=_morning(0), clock=clock)

    outcome = restore_database(files, snapshot)

    counts = row_counts(live)  # the engine's own connections see the restored file
    assert counts["athletes"] == 1 and counts["check_ins"] == 0
    assert outcome.revision == SCHEMA_HEAD
    with closing(sqlite3.connect(outcome.kept)) as kept:
        assert kept.execute("SELECT COUNT(*) FROM athletes").fetchone() == (2,)
    # Writes go on as before.
    record_check_in(uow=uow, handle="sam", check_in=_morning(1), clock=clock)
    assert row_counts(live)["check_ins"] == 1


def test_a_snapshot_of_a_newer_schema_is_refused_and_nothing_changes(
    live: Engine, tmp_path: Path
) -> None:
    uow = SqlUnitOfWork(live)
    add_athlete(uow=uow, athlete=Athlete(handle="sam", name="Sam"), clock=FakeClock())
    files = SqliteFiles(live)
    snapshot = tmp_path / "newer.db"
    backup_database(files, snapshot)
    newer = f"{int(SCHEMA_HEAD) + 1:04d}"
    with closing(sqlite3.connect(snapshot)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (newer,))
        connection.execute("DELETE FROM athletes")
        connection.commit()
    before = row_counts(live)
    with pytest.raises(InvalidValue) as refused:
        restore_database(files, snapshot)
    assert "newer Anklet" in str(refused.value)
    assert row_counts(live) == before


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_a_file_that_is_no_snapshot_is_refused(
    live: Engine, tmp_path: Path, content: bytes
) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(content)
    before = row_counts(live)
    with pytest.raises(InvalidValue) as refused:
        restore_database(SqliteFiles(live), broken)
    assert refused.value.field == "PATH"
    assert row_counts(live) == before


def test_an_older_snapshot_is_upgraded_after_the_restore(live: Engine, tmp_path: Path) -> None:
    older = tmp_path / "older.db"
    engine = make_engine(f"sqlite:///{older}")
    previous = f"{int(SCHEMA_HEAD) - 1:04d}"
    upgrade(engine, previous)
    engine.dispose()
    outcome = restore_database(SqliteFiles(live), older)
    assert outcome.revision == previous
    assert current_revision(live) == SCHEMA_HEAD


def test_postgresql_is_pointed_at_pg_dump(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        if engine.dialect.name == "sqlite":
            assert SqliteFiles(engine).path.name == "anklet.db"
            return
        with pytest.raises(InvalidValue) as refused:
            SqliteFiles(engine)
        assert "pg_dump" in str(refused.value)
    finally:
        engine.dispose()


# The busy timeout of ANKLET_SQLITE_BUSY_TIMEOUT_MS: short, so a test waits a moment only.
SHORT_MS = 75
# A lock held longer than any test waits is let go after this long: code that waited for it
# forever would then go on and succeed, and the test would fail instead of hanging.
LET_GO_S = 10.0


class HeldLock:
    """Another program holding the live file's lock: a writer's (BEGIN IMMEDIATE, which a
    restore waits for) or, in exclusive locking mode, one that keeps even readers out (which
    a backup waits for)."""

    def __init__(self, path: Path, *, readers_too: bool) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        if readers_too:
            self.connection.execute("PRAGMA locking_mode=EXCLUSIVE")
            self.connection.execute("UPDATE alembic_version SET version_num = version_num")
        else:
            self.connection.execute("BEGIN IMMEDIATE")
        self.held = threading.Lock()
        self.open = True
        self.timer = threading.Timer(LET_GO_S, self.let_go)
        self.timer.start()

    def let_go(self) -> None:
        with self.held:
            if self.open:
                self.open = False
                if self.connection.in_transaction:
                    self.connection.execute("ROLLBACK")
                self.connection.close()

    def __enter__(self) -> HeldLock:
        return self

    def __exit__(self, *_: object) -> None:
        self.timer.cancel()
        self.let_go()


@pytest.fixture
def short(tmp_path: Path, sqlite_template: Path) -> Iterator[Anklet]:
    """The app over a database with sam, its busy timeout set to SHORT_MS in the environment;
    its pool is emptied, so only the other program's connection holds the file."""
    path = tmp_path / "live.db"
    shutil.copy(sqlite_template, path)
    environ = {"ANKLET_DATABASE_URL": str(path), BUSY_TIMEOUT_ENV: str(SHORT_MS)}
    anklet = open_anklet(settings=build_settings(environ=environ))
    add_athlete(uow=anklet.uow(), athlete=Athlete(handle="sam", name="Sam"), clock=FakeClock())
    anklet.engine.dispose()
    yield anklet
    anklet.engine.dispose()


def _busy_for_the_setting(refused: pytest.ExceptionInfo[StorageBusy], undone: str) -> None:
    message = str(refused.value)
    assert f"held the database for more than {SHORT_MS / 1000:g} s; {undone}" in message
    assert refused.value.retry_after_s > 0


def test_a_backup_waits_for_a_lock_only_as_long_as_the_setting_says(
    short: Anklet, tmp_path: Path
) -> None:
    files = short.backups()
    target = tmp_path / "snapshot.db"
    with HeldLock(files.path, readers_too=True), pytest.raises(StorageBusy) as refused:
        backup_database(files, target)
    _busy_for_the_setting(refused, "no snapshot was made")
    assert sorted(p.name for p in tmp_path.iterdir() if "snapshot" in p.name) == []
    # Once the lock is let go, the same files make the snapshot.
    assert backup_database(files, target).pages > 0
    assert "sam" in {row[0] for row in closing_rows(target, "SELECT handle FROM athletes")}


def test_a_restore_waits_for_a_writer_only_as_long_as_the_setting_says(
    short: Anklet, tmp_path: Path
) -> None:
    files = short.backups()
    snapshot = tmp_path / "empty.db"
    shutil.copy(files.path, snapshot)
    with closing(sqlite3.connect(snapshot)) as connection:
        connection.execute("DELETE FROM athletes")
        connection.commit()
    before = row_counts(short.engine)
    with HeldLock(files.path, readers_too=False), pytest.raises(StorageBusy) as refused:
        restore_database(files, snapshot)
    _busy_for_the_setting(refused, "nothing was restored")
    assert row_counts(short.engine) == before
    restore_database(files, snapshot)
    assert row_counts(short.engine)["athletes"] == 0


def closing_rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(query).fetchall()
