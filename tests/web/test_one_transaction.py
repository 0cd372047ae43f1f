"""Every athlete page and every GET route of the API for one athlete reads in one transaction
(issue 14): the banner's lock, the running guidance, the stored versions a form carries and
the view itself come from one unit of work, so they cannot disagree with each other and a
page costs one BEGIN. Counted by the engine's "begin" event, on SQLite and PostgreSQL.

The routes are enumerated from the app's route table: a new GET route of one athlete fails
here until it is listed with the transactions it opens."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import event, select

from anklet.bootstrap import Anklet
from anklet.storage.tables import athletes
from tests.helpers import TODAY
from tests.run_files import fit_run
from tests.web.conftest import API, created, ok

# Each GET route of one athlete, with the query it is opened with. All read once.
PAGES = {
    "/athletes/{handle}": "",
    "/athletes/{handle}/edit": "",
    "/athletes/{handle}/screen": "",
    "/athletes/{handle}/assess": "",
    "/athletes/{handle}/assess/result": "",
    "/athletes/{handle}/plan": "",
    "/athletes/{handle}/today": "",
    "/athletes/{handle}/log": "",
    "/athletes/{handle}/checkin": "",
    "/athletes/{handle}/status": "",
    "/athletes/{handle}/progress": "",
    "/athletes/{handle}/handout": "",
    "/athletes/{handle}/report": "",
    "/athletes/{handle}/runs": "",
    "/athletes/{handle}/data": "",
}
APIS = {
    "/athletes/{handle}": "",
    "/athletes/{handle}/locks": "",
    "/athletes/{handle}/locks/history": "",
    "/athletes/{handle}/assessments": "",
    "/athletes/{handle}/plan": "",
    "/athletes/{handle}/plans": "",
    "/athletes/{handle}/today": "",
    "/athletes/{handle}/week": "",
    "/athletes/{handle}/plan-changes": "",
    "/athletes/{handle}/session-logs/{day}/{kind}": "",
    "/athletes/{handle}/check-ins/{day}": "",
    "/athletes/{handle}/baseline": "",
    "/athletes/{handle}/status": "",
    "/athletes/{handle}/history": "",
    "/athletes/{handle}/session-logs": "",
    "/athletes/{handle}/check-ins": "",
    "/athletes/{handle}/progress": "",
    "/athletes/{handle}/runs": "",
    "/athletes/{handle}/runs/{run_id}": "",
    "/athletes/{handle}/squat-depths/{day}": "",
    "/athletes/{handle}/calendar.ics": "",
    "/athletes/{handle}/handout": "",
    "/athletes/{handle}/progress-report": "",
    "/athletes/{handle}/export": "",
}
# Routes of the multi-user server only: a local app answers them 404 before any read (the
# server's sign-in reads its session in a transaction of its own, outside this count).
SERVER_ONLY = {"/athletes/{handle}/clinical-notes"}


def athlete_get_routes(app: FastAPI) -> set[str]:
    found = set()
    for route in iter_route_contexts(app.routes):
        if route.path and "{handle}" in route.path and "GET" in (route.methods or ()):
            found.add(route.path)
    return found


@pytest.fixture
def begins(anklet: Anklet) -> Iterator[list[str]]:
    """The transactions begun on the app's engine, one entry each."""
    begun: list[str] = []

    def count(connection: Any) -> None:
        begun.append("begin")

    event.listen(anklet.engine, "begin", count)
    yield begun
    event.remove(anklet.engine, "begin", count)


@pytest.fixture
def history(client: TestClient, sam: str) -> dict[str, str]:
    """sam with a log, a morning, a squat depth and a run: every form and view has something
    stored."""
    today = TODAY.isoformat()
    created(
        client.post(
            f"{API}/athletes/sam/session-logs",
            json={"date": today, "session": "mobility", "pain": 1},
        )
    )
    created(
        client.post(
            f"{API}/athletes/sam/check-ins",
            json={"date": today, "morning_pain": 0, "stiffness": 1},
        )
    )
    created(client.post(f"{API}/athletes/sam/squat-depths", json={"date": today, "depth": "35"}))
    yesterday = TODAY - timedelta(days=1)
    run = fit_run(start=datetime(yesterday.year, yesterday.month, yesterday.day, 7))
    imported = ok(
        client.post(
            f"{API}/athletes/sam/runs",
            files=[("files", ("a.fit", run.data, "application/octet-stream"))],
        )
    )
    return {
        "handle": sam,
        "day": today,
        "kind": "mobility",
        "run_id": str(imported["files"][0]["run"]["id"]),
    }


def test_the_lists_name_every_get_route_of_one_athlete(client: TestClient) -> None:
    assert isinstance(client.app, FastAPI)
    routes = athlete_get_routes(client.app)
    listed = set(PAGES) | {API + path for path in APIS} | {API + path for path in SERVER_ONLY}
    assert routes == listed


def test_every_read_of_one_athlete_is_one_transaction(
    client: TestClient, history: dict[str, str], begins: list[str]
) -> None:
    """All the routes in one walk over one history (a history per route cost minutes), each
    route's count shown when any is not one."""
    urls = [path.format(**history) for path in sorted(PAGES)]
    urls += [API + path.format(**history) + _html(path) for path in sorted(APIS)]
    counts = {url: _begun(client, url, begins) for url in urls}
    assert {url: n for url, n in counts.items() if n != 1} == {}


@pytest.fixture
def statements(anklet: Anklet) -> Iterator[list[tuple[str, str]]]:
    """The statements run on the app's engine, with their parameters."""
    ran: list[tuple[str, str]] = []

    def record(_c: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        ran.append((" ".join(statement.split()), repr(parameters)))

    event.listen(anklet.engine, "before_cursor_execute", record)
    yield ran
    event.remove(anklet.engine, "before_cursor_execute", record)


# The athlete's own row and its history version are read by primary key by each part that
# needs them (the freshness of the kept state asks the version): one indexed row each.
ATHLETE_ROW = re.compile(r"^SELECT [^;]*? FROM athletes WHERE athletes\.(id|handle) = ")


def test_no_read_of_one_athlete_reads_the_same_rows_twice(
    client: TestClient, history: dict[str, str], statements: list[tuple[str, str]]
) -> None:
    """Issue 14: one read of the situation, each table once. A statement run twice with the
    same parameters in one request read the same rows twice (the lock history's locks and
    clearances on the status, the tests on the progress page, before)."""
    urls = [path.format(**history) for path in sorted(PAGES)]
    urls += [API + path.format(**history) + _html(path) for path in sorted(APIS)]
    twice: dict[str, list[str]] = {}
    for url in urls:
        client.get(url)  # remembered what a page remembers: the second read is the usual one
        statements.clear()
        assert client.get(url).status_code == 200, url
        counted = Counter(ran for ran in statements if not ATHLETE_ROW.match(ran[0]))
        if again := [text[:100] for (text, _), n in counted.items() if n > 1]:
            twice[url] = again
    assert twice == {}, {url: [t[:60] for t in texts] for url, texts in twice.items()}


def _html(path: str) -> str:
    """The API's documents in their HTML form: the reads are the same, and no PDF is drawn."""
    return "?format=html" if path.endswith(("handout", "report", "progress-report")) else ""


def _begun(client: TestClient, url: str, begins: list[str]) -> int:
    begins.clear()
    response = client.get(url)
    assert response.status_code == 200, f"GET {url}: {response.text}"
    return len(begins)


def _history_version(anklet: Anklet, handle: str) -> int:
    with anklet.engine.connect() as connection:
        found = connection.execute(
            select(athletes.c.history_version).where(athletes.c.handle == handle)
        ).scalar_one()
    return int(found)


def test_a_run_imported_after_a_read_is_in_the_next_read(
    client: TestClient, anklet: Anklet, history: dict[str, str]
) -> None:
    """The situation is remembered under the history version: an import of runs moves it
    (the write keeps the coach's running-load flag up), so the next status and today page
    read the new run, not a remembered guidance."""
    before = ok(client.get(f"{API}/athletes/sam/status"))["running"]["warnings"]
    assert before == []
    client.get("/athletes/sam/today")  # the situation of this version is remembered now
    version = _history_version(anklet, "sam")
    today = datetime(TODAY.year, TODAY.month, TODAY.day, 7)
    spike = fit_run(start=today, distance_m=16_000.0, moving_s=4800.0, serial=None)
    files = [("files", ("long.fit", spike.data, "application/octet-stream"))]
    assert ok(client.post(f"{API}/athletes/sam/runs", files=files))["imported"] == 1
    assert _history_version(anklet, "sam") > version
    after = ok(client.get(f"{API}/athletes/sam/status"))["running"]["warnings"]
    assert [warning["rule"] for warning in after] == ["running-load.long-run-spike"]
    page = client.get("/athletes/sam/today").text
    assert "longer than your longest run" in page


# What a GET of today reads when its situation is remembered (issue 14, Speed): the athlete's
# row, which carries the history version of the remembered situation's key; the running
# guidance and the squat depth of the day are remembered with the situation.
TODAY_STATEMENTS_AT_MOST = 1


@pytest.mark.parametrize("url", [f"{API}/athletes/sam/today", "/athletes/sam/today"])
def test_today_on_a_remembered_situation_reads_only_the_athletes_row(
    client: TestClient,
    history: dict[str, str],
    statements: list[tuple[str, str]],
    url: str,
) -> None:
    client.get(url)  # remembers the situation, the day's running guidance and squat depth
    statements.clear()
    assert client.get(url).status_code == 200
    ran = [text for text, _ in statements if not text.startswith("BEGIN")]
    assert len(ran) <= TODAY_STATEMENTS_AT_MOST, ran
    assert all(ATHLETE_ROW.match(text) for text in ran), ran


# What a GET of the status reads when its situation is remembered: the athlete's row (the
# remembered situation's key), the lock history (the screenings and their answers, the stored
# locks, the clearances and what each lifts: two statements each for the screenings and the
# clearances) and whether the kept state is fresh (its version and the history's, for the
# locks the engine decided but did not store). The day's running guidance is remembered with
# the situation, as today's is: the three reads of the runs it took are gone (11 before).
STATUS_STATEMENTS = 8


@pytest.mark.parametrize("url", [f"{API}/athletes/sam/status", "/athletes/sam/status"])
def test_status_on_a_remembered_situation_reads_no_running_guidance(
    client: TestClient,
    history: dict[str, str],
    statements: list[tuple[str, str]],
    url: str,
) -> None:
    client.get(url)  # remembers the situation and the day's running guidance
    statements.clear()
    assert client.get(url).status_code == 200
    ran = [text for text, _ in statements if not text.startswith("BEGIN")]
    assert not [text for text in ran if " FROM runs" in text], "the runs read again"
    assert len(ran) == STATUS_STATEMENTS, ran


def test_status_after_the_today_page_takes_its_running_guidance(
    client: TestClient, history: dict[str, str], statements: list[tuple[str, str]]
) -> None:
    """The today page and the status of the same day share the remembered situation, so the
    guidance one read is the other's (a run imported moves the stamp, so the next status
    reads the runs again: test_a_run_imported_after_a_read_is_in_the_next_read)."""
    client.get("/athletes/sam/today")
    statements.clear()
    shown = ok(client.get(f"{API}/athletes/sam/status"))["running"]
    assert not [text for text, _ in statements if " FROM runs" in text]
    assert shown["cadence_cue"] is not None, "the guidance of yesterday's run, not an empty one"
