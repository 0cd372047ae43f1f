"""Strict inputs: a value of the wrong JSON type is refused with a 422 naming the field, never
converted (`false` is not 0 and `0` is not 1970-01-01, in a body or in `?date=`); and the
OpenAPI document states every range and length of every input, so generated requests reach
the edges."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.helpers import row_counts
from tests.web.conftest import API, problem


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("check-ins", {"morning_pain": 0, "stiffness": False}, "stiffness"),
        ("check-ins", {"morning_pain": True, "stiffness": 0}, "morning_pain"),
        ("check-ins", {"morning_pain": "1", "stiffness": 0}, "morning_pain"),
        ("check-ins", {"morning_pain": 1.0, "stiffness": 0}, "morning_pain"),
        ("check-ins", {"morning_pain": 0, "stiffness": 0, "date": 0}, "date"),
        ("check-ins", {"morning_pain": 0, "stiffness": 0, "date": 1718409600}, "date"),
        ("check-ins", {"morning_pain": 0, "stiffness": 0, "date": "2026-06-15T00:00"}, "date"),
        ("session-logs", {"pain": 1, "rpe": True}, "rpe"),
        ("session-logs", {"pain": 1, "notes": 5}, "notes"),
        ("session-logs", {"pain": 1, "sharp_pain": 1}, "sharp_pain"),
        ("plans", {"weeks": 8.0}, "weeks"),
        ("plans", {"start": 20260615}, "start"),
        ("screenings", {"yes": [True]}, "yes.0"),
        ("screenings", {"yes": ["1"]}, "yes.0"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_not_converted(
    client: TestClient, sam: str, path: str, body: dict[str, Any], field: str
) -> None:
    before = row_counts(client.app.state.anklet.engine)  # type: ignore[attr-defined]
    found = problem(client.post(f"{API}/athletes/{sam}/{path}", json=body), 422)
    assert found["field"] == field
    assert row_counts(client.app.state.anklet.engine) == before  # type: ignore[attr-defined]


def test_an_athlete_with_a_boolean_for_a_number_is_refused(client: TestClient) -> None:
    body = {"handle": "zed", "name": "Zed", "minutes": True}
    assert problem(client.post(f"{API}/athletes", json=body), 422)["field"] == "minutes"
    body = {"handle": "zed", "name": "Zed", "birth_year": "1990"}
    assert problem(client.post(f"{API}/athletes", json=body), 422)["field"] == "birth_year"


def test_numbers_where_numbers_belong_still_pass(client: TestClient, sam: str) -> None:
    """A whole number is a fine decimal (a lunge of 9 cm); a date is YYYY-MM-DD text."""
    body = {"date": "2026-06-14", "left": {"lunge": 9}, "right": {"lunge": 10.5}}
    response = client.post(f"{API}/athletes/{sam}/assessments", json=body)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("value", ["0", "1718409600", "2026-06-15T00:00:00", "15.06.2026"])
def test_a_date_in_the_query_is_yyyy_mm_dd_only(client: TestClient, sam: str, value: str) -> None:
    for path in (f"{API}/athletes/{sam}/status", f"{API}/athletes/{sam}/today"):
        assert problem(client.get(path, params={"date": value}), 422)["field"] == "date"
    page = client.get(f"/athletes/{sam}/today", params={"date": value})
    assert page.status_code == 422
    assert client.get(f"{API}/athletes/{sam}/today", params={"date": "2026-06-15"}).is_success


def _request_schemas(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every model a request body uses, by name, with the models they contain."""
    components = document["components"]["schemas"]
    names: set[str] = set()

    def visit(schema: Any) -> None:
        if isinstance(schema, dict):
            ref = schema.get("$ref")
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[-1]
                if name not in names:
                    names.add(name)
                    visit(components[name])
            for part in schema.values():
                visit(part)
        elif isinstance(schema, list):
            for part in schema:
                visit(part)

    for operations in document["paths"].values():
        for operation in operations.values():
            visit(operation.get("requestBody", {}))
    return {name: components[name] for name in names}


def _kinds(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]


def test_openapi_states_every_range_and_length_of_every_input(client: TestClient) -> None:
    document = client.get(f"{API}/openapi.json").json()
    models = _request_schemas(document)
    assert {"AthleteIn", "SessionLogIn", "CheckInIn", "LoggedItemIn", "SideIn"} <= set(models)
    missing = []
    for model, schema in models.items():
        for name, prop in schema.get("properties", {}).items():
            where = f"{model}.{name}"
            for kind in _kinds(prop):
                if kind.get("type") in ("integer", "number"):
                    if "minimum" not in prop or "maximum" not in prop:
                        missing.append(f"{where}: minimum/maximum")
                elif kind.get("type") == "string" and "enum" not in kind and "const" not in kind:
                    stated = "maxLength" in prop or "maxLength" in kind
                    if not stated and kind.get("format") != "date":
                        missing.append(f"{where}: maxLength")
                elif kind.get("type") == "array" and "maxItems" not in kind:
                    missing.append(f"{where}: maxItems")
    assert missing == []
    plan = document["paths"][f"{API}/athletes/{{handle}}/plan"]["get"]["parameters"]
    week = next(p for p in plan if p["name"] == "week")
    assert {"minimum", "maximum"} <= set(_kinds(week["schema"])[0])
