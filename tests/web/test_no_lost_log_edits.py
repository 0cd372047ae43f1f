"""No lost edits of session logs, check-ins and baselines (issue 13, point 3): each carries a
version (ETag); a change that names the version it was made on (If-Match, the body's
`version`, the pages' hidden field) is refused with 409 naming the newer version when
another change came first, and nothing is written; an edit writes only the fields it names.
Two simultaneous edits of one version on PostgreSQL: one is saved, the other is told."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from datetime import timedelta
from functools import partial

import pytest
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from anklet.domain.errors import StaleVersion
from anklet.domain.program import SessionKind
from anklet.domain.training_log import CheckIn
from anklet.services.training import (
    edit_check_in,
    edit_session_log,
    record_check_in,
    set_baseline,
)
from tests.helpers import TODAY
from tests.web.conftest import API, PLAN_START, created, ok, problem

MON = PLAN_START.isoformat()
LOG = f"{API}/athletes/sam/session-logs/{MON}/strength"
MORNING = (PLAN_START + timedelta(days=1)).isoformat()
CHECK_IN = f"{API}/athletes/sam/check-ins/{MORNING}"


def _log(client: TestClient, **fields: object) -> dict[str, object]:
    body = {"date": MON, "session": "strength", "pain": 2} | fields
    response = client.post(f"{API}/athletes/sam/session-logs", json=body)
    assert response.status_code == 201, response.text
    document: dict[str, object] = response.json()
    assert response.headers["etag"] == f'"{document["version"]}"'
    return document


def _check_in(client: TestClient, **fields: object) -> dict[str, object]:
    body = {"date": MORNING, "morning_pain": 1, "stiffness": 2} | fields
    document: dict[str, object] = created(client.post(f"{API}/athletes/sam/check-ins", json=body))
    return document


def test_a_log_replaced_on_an_older_version_is_a_409_and_nothing_is_written(
    client: TestClient, sam: str
) -> None:
    assert _log(client)["version"] == 1
    shown = client.get(LOG)
    assert ok(shown)["version"] == 1 and shown.headers["etag"] == '"1"'
    assert _log(client, pain=3, replace=True)["version"] == 2  # another device replaces it

    stale = client.post(
        f"{API}/athletes/sam/session-logs",
        json={"date": MON, "session": "strength", "pain": 4, "notes": "mine"},
        headers={"If-Match": '"1"'},
    )
    body = problem(stale, 409)
    assert body["type"].endswith("/stale-version") and body["current_version"] == 2
    assert "version 2" in body["detail"]
    assert ok(client.get(LOG))["pain"] == 3  # nothing written
    # The stored version named: replaced (a version implies replacing).
    assert _log(client, pain=4, version=2)["version"] == 3


def test_a_log_edit_writes_only_its_fields_and_refuses_a_stale_version(
    client: TestClient, sam: str
) -> None:
    _log(client, rpe=6, notes="felt fine")
    ok(client.patch(LOG, json={"notes": "calf tight later"}))
    edited = ok(client.patch(LOG, json={"pain": 3}, headers={"If-Match": '"2"'}))
    assert (edited["pain"], edited["rpe"], edited["notes"]) == (3, 6, "calf tight later")
    assert edited["version"] == 3 and edited["items"]

    stale = client.patch(LOG, json={"rpe": 9, "version": 2})
    assert problem(stale, 409)["current_version"] == 3
    assert ok(client.get(LOG))["rpe"] == 6
    assert problem(client.patch(LOG, json={}), 422)["field"] == "body"
    assert problem(client.patch(LOG, json={"pain": 11}), 422)["field"] == "pain"
    both = client.patch(LOG, json={"pain": 1, "version": 3}, headers={"If-Match": '"2"'})
    assert problem(both, 422)["field"] == "version"
    assert problem(client.patch(LOG, json={"pain": 1}, headers={"If-Match": "x"}), 422)
    missing = f"{API}/athletes/sam/session-logs/{MON}/technique"
    assert problem(client.get(missing), 404)


def test_a_warning_sign_added_by_an_edit_locks_loading(client: TestClient, sam: str) -> None:
    _log(client)
    edited = ok(client.patch(LOG, json={"swelling": True}))
    assert edited["swelling"] is True
    assert ok(client.get(f"{API}/athletes/sam/status"))["locked"] is True


def test_a_check_in_carries_a_version_and_a_stale_change_is_a_409(
    client: TestClient, sam: str
) -> None:
    first = _check_in(client)
    assert first["version"] == 1
    edited = ok(client.patch(CHECK_IN, json={"stiffness": 4}, headers={"If-Match": '"1"'}))
    assert (edited["morning_pain"], edited["stiffness"], edited["version"]) == (1, 4, 2)
    shown = client.get(CHECK_IN)
    assert ok(shown)["stiffness"] == 4 and shown.headers["etag"] == '"2"'

    stale = client.patch(CHECK_IN, json={"morning_pain": 5}, headers={"If-Match": '"1"'})
    assert problem(stale, 409)["current_version"] == 2
    replaced = client.post(
        f"{API}/athletes/sam/check-ins",
        json={"date": MORNING, "morning_pain": 5, "stiffness": 0, "version": 1},
    )
    assert problem(replaced, 409)["current_version"] == 2
    assert ok(client.get(CHECK_IN))["morning_pain"] == 1
    assert _check_in(client, morning_pain=5, version=2)["version"] == 3
    history = ok(client.get(f"{API}/athletes/sam/history"))
    assert [c["version"] for c in history["check_ins"]] == [3]


def test_a_baseline_set_on_an_older_version_is_a_409(client: TestClient, sam: str) -> None:
    assert problem(client.get(f"{API}/athletes/sam/baseline"), 404)
    _check_in(client)
    derived = client.get(f"{API}/athletes/sam/baseline")
    assert ok(derived)["version"] == 0 and derived.headers["etag"] == '"0"'
    put = client.put(
        f"{API}/athletes/sam/baseline",
        json={"morning_pain": 1, "stiffness": 1},
        headers={"If-Match": '"0"'},
    )
    assert ok(put)["version"] == 1 and put.headers["etag"] == '"1"'
    stale = client.put(
        f"{API}/athletes/sam/baseline", json={"morning_pain": 3, "stiffness": 3, "version": 0}
    )
    body = problem(stale, 409)
    assert body["current_version"] == 1 and "'sam'" in body["detail"]
    assert ok(client.get(f"{API}/athletes/sam/baseline"))["morning_pain"] == 1


def _race(edits: Sequence[Callable[[], object]]) -> list[str]:
    """Run the edits at once (a barrier); "saved" or "stale" for each."""
    results: list[str] = []
    start = threading.Barrier(len(edits))

    def run(edit: Callable[[], object]) -> None:
        start.wait()
        try:
            edit()
            results.append("saved")
        except StaleVersion:
            results.append("stale")

    threads = [threading.Thread(target=run, args=(edit,)) for edit in edits]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


@pytest.mark.postgres
def test_two_edits_of_one_version_at_once_one_wins_one_is_told(
    client: TestClient, anklet: Anklet, sam: str, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("the race is PostgreSQL's: SQLite writers take the lock at BEGIN")
    _log(client)
    _check_in(client)
    day = PLAN_START + timedelta(days=1)
    for round_number in range(5):
        log_version = ok(client.get(LOG))["version"]
        check_in_version = ok(client.get(CHECK_IN))["version"]
        baseline_version = ok(client.get(f"{API}/athletes/sam/baseline"))["version"]

        def log_edit(pain: int, version: int = log_version) -> object:
            return edit_session_log(
                uow=anklet.uow(),
                handle="sam",
                day=PLAN_START,
                kind=SessionKind.STRENGTH,
                changes={"pain_during": pain},
                clock=anklet.clock,
                expected_version=version,
            )

        def check_in_edit(pain: int, version: int = check_in_version) -> object:
            return edit_check_in(
                uow=anklet.uow(),
                handle="sam",
                day=day,
                changes={"stiffness": pain},
                clock=anklet.clock,
                expected_version=version,
            )

        def check_in_replace(pain: int, version: int = check_in_version) -> object:
            return record_check_in(
                uow=anklet.uow(),
                handle="sam",
                check_in=CheckIn(day=day, morning_pain=pain, stiffness=pain),
                clock=anklet.clock,
                expected_version=version,
            )

        def baseline(pain: int, version: int = baseline_version) -> object:
            return set_baseline(
                uow=anklet.uow(),
                handle="sam",
                morning_pain=pain,
                stiffness=pain,
                clock=anklet.clock,
                expected_version=version,
            )

        pains = (1 + round_number % 3, 2 + round_number % 3)
        assert _race([partial(log_edit, p) for p in pains]) == ["saved", "stale"]
        edit_or_replace = [partial(check_in_edit, pains[0]), partial(check_in_replace, pains[1])]
        assert _race(edit_or_replace) == ["saved", "stale"]
        assert _race([partial(baseline, p) for p in pains]) == ["saved", "stale"]
        assert ok(client.get(LOG))["version"] == log_version + 1
        assert ok(client.get(CHECK_IN))["version"] == check_in_version + 1
        assert ok(client.get(f"{API}/athletes/sam/baseline"))["version"] == baseline_version + 1


def _csrf(page: str) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    return token.group(1)


def test_a_log_page_replacing_an_older_version_says_changed_elsewhere(
    client: TestClient, sam: str
) -> None:
    _log(client)
    page = client.get(f"/athletes/sam/log?date={MON}&session=strength")
    assert 'name="version" value="1"' in page.text
    _log(client, pain=5, replace=True)  # another tab replaces it first
    fields = {
        "csrf_token": _csrf(page.text),
        "date": MON,
        "session": "strength",
        "item_count": "0",
        "pain": "1",
        "notes": "typed here",
        "version": "1",
        "replace": "on",
    }
    saved = client.post("/athletes/sam/log", data=fields)
    assert saved.status_code == 409
    assert "changed elsewhere" in saved.text and 'id="changed-elsewhere"' in saved.text
    assert "typed here" in saved.text  # what was typed is kept
    assert ok(client.get(LOG))["pain"] == 5
    assert 'name="version" value="2"' in saved.text  # reloaded: the stored version
    tampered = client.post("/athletes/sam/log", data=fields | {"version": "-3"})
    assert tampered.status_code == 422


def test_a_check_in_page_replacing_an_older_version_says_changed_elsewhere(
    client: TestClient, sam: str
) -> None:
    _check_in(client, date=TODAY.isoformat())
    page = client.get("/athletes/sam/checkin")
    assert 'name="version" value="1"' in page.text
    ok(client.patch(f"{API}/athletes/sam/check-ins/{TODAY.isoformat()}", json={"morning_pain": 4}))
    fields = {
        "csrf_token": _csrf(page.text),
        "date": TODAY.isoformat(),
        "morning_pain": "2",
        "stiffness": "2",
        "version": "1",
        "version_of": TODAY.isoformat(),
        "replace": "on",
    }
    saved = client.post("/athletes/sam/checkin", data=fields)
    assert saved.status_code == 409 and "changed elsewhere" in saved.text
    assert ok(client.get(f"{API}/athletes/sam/check-ins/{TODAY.isoformat()}"))["morning_pain"] == 4
    # A version read for another morning is not applied to this one.
    other = client.post(
        "/athletes/sam/checkin", data=fields | {"version_of": MORNING}, follow_redirects=False
    )
    assert other.status_code == 303
