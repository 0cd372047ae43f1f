"""One reading of If-Match for every versioned record (issue 13, point 3, and the duplicate
the last review found): the athlete, a session log, a check-in and the baseline take the same
ETags and refuse the same ones, because one helper (web.api.versions) reads them all. Before,
the athlete's own copy refused a ten-digit version as a 422 that every other record took (and
answered 409, changed elsewhere)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.web.conftest import API, PLAN_START, created, ok, problem

MON = PLAN_START.isoformat()
MORNING = (PLAN_START + timedelta(days=1)).isoformat()
LOG = f"{API}/athletes/sam/session-logs/{MON}/strength"
CHECK_IN = f"{API}/athletes/sam/check-ins/{MORNING}"


def _records(client: TestClient) -> dict[str, Callable[[dict[str, str], dict[str, Any]], Response]]:
    """Each versioned record at version 1, and a write of it with given headers and body."""
    created(client.post(f"{API}/athletes/sam/session-logs", json={"date": MON, "pain": 2}))
    created(
        client.post(
            f"{API}/athletes/sam/check-ins",
            json={"date": MORNING, "morning_pain": 1, "stiffness": 2},
        )
    )
    ok(client.put(f"{API}/athletes/sam/baseline", json={"morning_pain": 1, "stiffness": 1}))
    return {
        "athlete": lambda h, b: client.patch(
            f"{API}/athletes/sam", json={"minutes": 35} | b, headers=h
        ),
        "session log": lambda h, b: client.patch(LOG, json={"notes": "x"} | b, headers=h),
        "check-in": lambda h, b: client.patch(CHECK_IN, json={"stiffness": 3} | b, headers=h),
        "baseline": lambda h, b: client.put(
            f"{API}/athletes/sam/baseline", json={"morning_pain": 2, "stiffness": 2} | b, headers=h
        ),
    }


REFUSED = ['"abc"', '"-1"', '"1.0"', '"12345678901"', '"1", "2"', "W/", '""']
STALE = ['"1234567890"', 'W/"999"', '"0000000999"']


@pytest.mark.parametrize("header", REFUSED)
def test_every_record_refuses_the_same_if_match_as_a_422(
    client: TestClient, sam: str, header: str
) -> None:
    for kind, write in _records(client).items():
        body = problem(write({"If-Match": header}, {}), 422)
        assert "If-Match" in body["detail"] and kind in body["detail"], (kind, body)


@pytest.mark.parametrize("header", STALE)
def test_every_record_takes_a_long_version_and_answers_changed_elsewhere(
    client: TestClient, sam: str, header: str
) -> None:
    for kind, write in _records(client).items():
        body = problem(write({"If-Match": header}, {}), 409)
        assert body["type"].endswith("/stale-version"), (kind, body)


def test_every_record_takes_star_and_refuses_a_body_version_if_match_contradicts(
    client: TestClient, sam: str
) -> None:
    for kind, write in _records(client).items():
        assert write({"If-Match": " * "}, {}).status_code == 200, kind
        body = problem(write({"If-Match": '"7"'}, {"version": 8}), 422)
        assert "the version If-Match names (7)" in body["detail"], (kind, body)


def test_a_version_named_for_a_log_or_morning_not_stored_is_a_409_and_writes_nothing(
    client: TestClient, sam: str
) -> None:
    """A version names a stored record: naming one for a day with nothing stored was taken
    as a new log or morning; now a 409 that says so."""
    log = client.post(
        f"{API}/athletes/sam/session-logs", json={"date": MON, "pain": 2, "version": 1}
    )
    assert "no strength session of" in problem(log, 409)["detail"]
    morning = client.post(
        f"{API}/athletes/sam/check-ins",
        json={"date": MORNING, "morning_pain": 1, "stiffness": 2},
        headers={"If-Match": '"1"'},
    )
    assert "no check-in of the morning" in problem(morning, 409)["detail"]
    assert client.get(LOG).status_code == 404 and client.get(CHECK_IN).status_code == 404
