"""Every error is an RFC 9457 problem (`application/problem+json`), never a traceback: 422
names the field, the value and what is allowed; 404 an unknown athlete, plan or exercise;
409 a record already stored (docs/architecture.md, rule 6)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from tests.helpers import TODAY, row_counts
from tests.web.conftest import API, PLAN_START, add_sam, created, ok, problem

TOMORROW = (TODAY + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("method", "path", "body", "field", "value", "allowed"),
    [
        ("post", "plans", {"weeks": 3}, "weeks", 3, "4 to 16 weeks"),
        ("post", "plans", {"weeks": "eight"}, "weeks", "eight", "integer"),
        ("post", "plans", {"start": "2020-01-01"}, "start", "2020-01-01", "a date from"),
        ("post", "session-logs", {"pain": 11}, "pain", 11, "0"),
        ("post", "session-logs", {}, "pain", {}, "Field required"),
        ("post", "session-logs", {"pain": 1, "rpe": 0}, "rpe", 0, "1"),
        (
            "post",
            "session-logs",
            {"pain": 1, "date": TOMORROW},
            "date",
            TOMORROW,
            "on or before 2026-06-15",
        ),
        ("post", "session-logs", {"pain": 1, "mood": "great"}, "mood", "great", "Extra"),
        (
            "post",
            "session-logs",
            {"pain": 1, "items": [{"exercise": "moonwalk", "side": "left"}]},
            "set",
            "moonwalk:left",
            "an item of this session",
        ),
        (
            "post",
            "session-logs",
            {"pain": 1, "items": [{"exercise": "x", "side": "middle"}]},
            "items.0.side",
            "middle",
            "'left'",
        ),
        ("post", "check-ins", {"morning_pain": -1, "stiffness": 0}, "morning_pain", -1, "0"),
        (
            "post",
            "check-ins",
            {"morning_pain": 0, "stiffness": 0, "date": TOMORROW},
            "date",
            TOMORROW,
            "on or before 2026-06-15",
        ),
        ("put", "baseline", {"morning_pain": 1, "stiffness": 12}, "stiffness", 12, "10"),
    ],
)
def test_a_bad_value_is_a_422_problem_naming_field_value_and_allowed(
    client: TestClient,
    sam: str,
    anklet: Anklet,
    method: str,
    path: str,
    body: dict[str, Any],
    field: str,
    value: Any,
    allowed: str,
) -> None:
    """Pydantic's shape checks and the domain's range checks answer in the same shape, and a
    refused request writes nothing."""
    before = row_counts(anklet.engine)
    response = client.request(method, f"{API}/athletes/{sam}/{path}", json=body)
    found = problem(response, 422)
    assert found["field"] == field
    assert found["value"] == value
    assert allowed.lower() in found["allowed"].lower()
    assert row_counts(anklet.engine) == before


@pytest.mark.parametrize(
    ("path", "params", "field", "value"),
    [
        ("plan", {"week": 9}, "week", 9),
        ("today", {"date": "15/06/2026"}, "date", "15/06/2026"),
        ("status", {"date": "yesterday"}, "date", "yesterday"),
        ("week", {"date": "9999-12-31"}, "date", "9999-12-31"),
        ("status", {"date": "0001-01-01"}, "date", "0001-01-01"),
    ],
)
def test_a_bad_query_value_is_a_422_problem(
    client: TestClient, sam: str, path: str, params: dict[str, Any], field: str, value: Any
) -> None:
    found = problem(client.get(f"{API}/athletes/{sam}/{path}", params=params), 422)
    assert (found["field"], found["value"]) == (field, value)


@pytest.mark.parametrize(
    ("body", "field", "value"),
    [
        ('{"left": {"lunge": NaN}}', "lunge_left", "nan"),
        ('{"left": {"lunge": -Infinity}}', "lunge_left", "-inf"),
        ('{"left": {"lunge": 1e999}}', "lunge_left", "inf"),
        ('{"left": {"heel_raise_reps": 5, "heel_height_cm": NaN}}', "heel_height_left", "nan"),
    ],
)
def test_nan_and_infinity_are_a_422_problem_not_a_500(
    client: TestClient, sam: str, anklet: Anklet, body: str, field: str, value: str
) -> None:
    """Python's JSON reader accepts NaN and Infinity; the problem body must still be JSON."""
    before = row_counts(anklet.engine)
    response = client.post(
        f"{API}/athletes/{sam}/assessments",
        content=body,
        headers={"content-type": "application/json"},
    )
    found = problem(response, 422)
    assert (found["field"], found["value"]) == (field, value)
    assert row_counts(anklet.engine) == before


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"stage": 9}, "stage"),
        ({"target": "knees"}, "target"),
        ({"equipment": "rope"}, "equipment"),
    ],
)
def test_an_unknown_exercise_filter_is_a_422_problem_listing_what_is_allowed(
    client: TestClient, params: dict[str, Any], field: str
) -> None:
    found = problem(client.get(f"{API}/exercises", params=params), 422)
    assert found["field"] == field and found["allowed"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "plan", None),
        ("get", "plans", None),
        ("post", "plans", {}),
        ("get", "today", None),
        ("get", "week", None),
        ("post", "session-logs", {"pain": 1}),
        ("post", "check-ins", {"morning_pain": 1, "stiffness": 1}),
        ("put", "baseline", {"morning_pain": 1, "stiffness": 1}),
        ("get", "status", None),
        ("get", "history", None),
        ("get", "progress", None),
    ],
)
def test_an_unknown_athlete_is_a_404_problem(
    client: TestClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    found = problem(client.request(method, f"{API}/athletes/nobody/{path}", json=body), 404)
    assert "nobody" in found["detail"]


@pytest.mark.parametrize("path", ["plan", "today", "week"])
def test_reading_a_plan_before_one_exists_is_a_404_problem_saying_how_to_make_one(
    client: TestClient, path: str
) -> None:
    add_sam(client)
    found = problem(client.get(f"{API}/athletes/sam/{path}"), 404)
    assert "no plan for 'sam'" in found["detail"]


def test_logging_without_a_plan_is_a_404_problem(client: TestClient) -> None:
    add_sam(client)
    problem(client.post(f"{API}/athletes/sam/session-logs", json={"pain": 1}), 404)


def test_an_unknown_exercise_is_a_404_problem_suggesting_the_closest_ids(
    client: TestClient,
) -> None:
    found = problem(client.get(f"{API}/exercises/single-leg-heel-rais"), 404)
    assert "did you mean 'single-leg-heel-raise'" in found["detail"]


def test_logging_a_day_twice_is_a_409_problem_unless_replace_is_asked(
    client: TestClient, sam: str
) -> None:
    body = {"date": PLAN_START.isoformat(), "pain": 2}
    created(client.post(f"{API}/athletes/{sam}/session-logs", json=body))
    found = problem(client.post(f"{API}/athletes/{sam}/session-logs", json=body), 409)
    assert "already logged" in found["detail"]
    replaced = created(
        client.post(f"{API}/athletes/{sam}/session-logs", json=body | {"pain": 4, "replace": True})
    )
    assert replaced["pain"] == 4
    logs = ok(client.get(f"{API}/athletes/{sam}/history"))["logs"]
    assert [(log["date"], log["pain"]) for log in logs] == [(PLAN_START.isoformat(), 4)]


def test_checking_in_twice_on_a_morning_is_a_409_problem_unless_replace_is_asked(
    client: TestClient, sam: str
) -> None:
    body = {"morning_pain": 1, "stiffness": 1}
    created(client.post(f"{API}/athletes/{sam}/check-ins", json=body))
    problem(client.post(f"{API}/athletes/{sam}/check-ins", json=body), 409)
    created(client.post(f"{API}/athletes/{sam}/check-ins", json=body | {"replace": True}))


def test_the_same_item_twice_in_one_log_is_a_422_problem(client: TestClient, sam: str) -> None:
    item = {"exercise": "single-leg-heel-raise", "side": "left", "sets": 3}
    found = problem(
        client.post(
            f"{API}/athletes/{sam}/session-logs",
            json={"date": PLAN_START.isoformat(), "pain": 1, "items": [item, item]},
        ),
        422,
    )
    assert found["field"] == "items[1]"


def test_a_duplicate_athlete_is_a_409_problem(client: TestClient) -> None:
    add_sam(client)
    problem(client.post(f"{API}/athletes", json={"handle": "sam", "name": "Sam"}), 409)


def test_a_body_that_is_not_json_says_so(client: TestClient) -> None:
    response = client.post(
        "/api/v1/athletes", content=b"{bad", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["field"] == "body" and body["allowed"] == "a JSON document"
    assert "not valid JSON" in body["title"]
