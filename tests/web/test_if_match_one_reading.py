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


# Not an If-Match (RFC 9110: "*" or a list of quoted ETags), or no ETag we ever send; a weak
# tag (or list of them) never matches under strong comparison, so no reload could help.
REFUSED = [
    '"abc"',
    '"-1"',
    '"1.0"',
    '"12345678901"',
    "W/",
    '""',
    "1",
    '"1',
    '"1" "2"',
    '*, "1"',
    " , ",
    'W/"1"',
    'W/"1", W/"2"',
]
STALE = ['"1234567890"', '"0000000999"', '"998", "999"', 'W/"1", "999"']


@pytest.mark.parametrize("header", REFUSED)
def test_every_record_refuses_the_same_if_match_as_a_422(
    client: TestClient, sam: str, header: str
) -> None:
    for kind, write in _records(client).items():
        body = problem(write({"If-Match": header}, {}), 422)
        assert body["field"] == "If-Match" and kind in body["detail"], (kind, body)


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


@pytest.mark.parametrize("header", ['"7", "1"', '"1", "7"', ' "7" , , "1",', 'W/"7", "1"'])
def test_every_record_is_written_when_any_listed_etag_is_its_version(
    client: TestClient, sam: str, header: str
) -> None:
    """RFC 9110: If-Match is a list, and the write is made when any ETag listed is the
    record's (it was a 422 naming the header). One write only: the versions tried before the
    one that matched changed nothing."""
    for kind, write in _records(client).items():
        written = write({"If-Match": header}, {})
        assert written.status_code == 200, (kind, written.text)
        assert written.headers["etag"] == '"2"', kind
        again = problem(write({"If-Match": header}, {}), 409)
        assert again["current_version"] == 2, kind


def test_a_body_version_must_be_one_the_list_names(client: TestClient, sam: str) -> None:
    for kind, write in _records(client).items():
        body = problem(write({"If-Match": '"4", "5"'}, {"version": 1}), 422)
        assert body["field"] == "version" and "(4, 5)" in body["detail"], kind
        assert write({"If-Match": '"4", "1"'}, {"version": 1}).status_code == 200, kind


def test_a_log_replaced_under_a_list_is_recorded_once_under_its_key(
    client: TestClient, sam: str
) -> None:
    """The versions tried first roll back whole, the Idempotency-Key too: the write that
    matched claims it, and sent again the replacement is answered as the first time."""
    _records(client)
    send = {"date": MON, "pain": 4}
    headers = {"If-Match": '"5", "1"', "Idempotency-Key": "if-match-list-key-1"}
    first = created(client.post(f"{API}/athletes/sam/session-logs", json=send, headers=headers))
    again = created(client.post(f"{API}/athletes/sam/session-logs", json=send, headers=headers))
    assert first["version"] == again["version"] == 2
    assert ok(client.get(LOG))["version"] == 2


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
