"""SQLite while another process writes: reads (GET and HEAD, the API's and the pages') open
deferred transactions and answer beside the writer without waiting; a writer waits up to the
busy timeout, and one that still cannot write gets a 503 problem with Retry-After, never a
500, with nothing written."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from anklet.bootstrap import Anklet
from anklet.settings import build_settings
from anklet.storage.engine import SQLITE_BUSY_TIMEOUT_MS, make_engine
from anklet.storage.unit_of_work import RETRY_AFTER_S, SqlUnitOfWork
from anklet.web.app import create_app
from tests.helpers import FakeClock, row_counts
from tests.web.conftest import API, PLAN_START, add_sam, created, problem

BUSY_MS = 300  # the writer's wait in these tests (the product's is SQLITE_BUSY_TIMEOUT_MS)


@pytest.fixture
def db_file(tmp_path: Path, sqlite_template: Path) -> Path:
    path = tmp_path / "anklet.db"
    path.write_bytes(sqlite_template.read_bytes())
    return path


@pytest.fixture
def client(db_file: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{db_file}"
    engine = make_engine(url, sqlite_busy_timeout_ms=BUSY_MS)
    anklet = Anklet(settings=build_settings(db=url, environ={}), engine=engine, clock=FakeClock())
    with TestClient(create_app(anklet=anklet), raise_server_exceptions=False) as test_client:
        add_sam(test_client)
        created(test_client.post(f"{API}/athletes/sam/screenings", json={"yes": []}))
        plan = {"start": PLAN_START.isoformat()}
        created(test_client.post(f"{API}/athletes/sam/plans", json=plan))
        yield test_client
    engine.dispose()


@pytest.fixture
def writer(db_file: Path) -> Iterator[sqlite3.Connection]:
    """Another process's long write: the write lock, held for the whole test."""
    other = sqlite3.connect(db_file, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE athletes SET name = 'Held' WHERE handle = 'sam'")
    yield other
    other.execute("ROLLBACK")
    other.close()


READS = [
    f"{API}/athletes",
    f"{API}/athletes/sam",
    f"{API}/athletes/sam/status",
    f"{API}/athletes/sam/today",
    f"{API}/athletes/sam/plan",
    f"{API}/athletes/sam/history",
    f"{API}/athletes/sam/locks",
    "/",
    "/athletes/sam/today",
    "/athletes/sam/status",
]


def test_reads_answer_while_another_process_holds_the_write_lock(
    client: TestClient, writer: sqlite3.Connection
) -> None:
    for path in READS:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:200])
    # Each read saw the last committed state, not the writer's uncommitted name.
    assert client.get(f"{API}/athletes/sam").json()["name"] == "Sam Runner"
    assert client.head(f"{API}/athletes").status_code in (200, 405)


def test_a_write_that_cannot_get_the_lock_is_a_503_with_retry_after(
    client: TestClient, writer: sqlite3.Connection
) -> None:
    engine = client.app.state.anklet.engine  # type: ignore[attr-defined]
    morning = {"morning_pain": 1, "stiffness": 1}
    response = client.post(f"{API}/athletes/sam/check-ins", json=morning)
    body = problem(response, 503)
    assert response.headers["retry-after"] == str(RETRY_AFTER_S)
    assert body["type"].endswith("/storage-busy") and "try again" in body["detail"]
    page = client.post("/athletes/sam/checkin", data={"morning_pain": "1", "stiffness": "1"})
    assert page.status_code in (403, 503)  # the CSRF check may refuse first; never a 500
    writer.execute("ROLLBACK")
    writer.execute("BEGIN")  # the fixture's ROLLBACK needs a transaction
    assert row_counts(engine)["check_ins"] == 0
    again = client.post(f"{API}/athletes/sam/check-ins", json=morning)
    assert again.status_code == 201, again.text


def test_a_read_only_unit_of_work_takes_no_lock_and_cannot_commit(db_file: Path) -> None:
    engine = make_engine(f"sqlite:///{db_file}", sqlite_busy_timeout_ms=BUSY_MS)
    with SqlUnitOfWork(engine, read_only=True) as reader:
        reader.connection.execute(text("SELECT COUNT(*) FROM athletes")).scalar()
        other = sqlite3.connect(db_file, isolation_level=None, timeout=0)
        other.execute("BEGIN IMMEDIATE")  # would be "database is locked" under a write lock
        other.execute("ROLLBACK")
        other.close()
        with pytest.raises(RuntimeError, match="read-only"):
            reader.commit()
    engine.dispose()


def test_the_database_is_opened_in_wal_mode_with_the_stated_busy_timeout(db_file: Path) -> None:
    """Issue 13, defect 4: reads beside a writer need WAL (in a rollback journal a writer
    that spills its cache shuts every reader out), and a writer waits the stated time."""
    engine = make_engine(f"sqlite:///{db_file}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        waits = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert waits == SQLITE_BUSY_TIMEOUT_MS == 5000
    engine.dispose()
