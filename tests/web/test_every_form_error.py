"""A form with several bad fields shows every error in one answer (each beside its field,
and all of them listed above the form, naming field, value and what is allowed), keeps what
was typed, and stores nothing; the API names every bad value in `problems`. Both databases."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.web.conftest import API, ok, problem
from tests.web.test_pages import add_sam, field_errors, form_values, token


def summary(response: Response) -> list[str]:
    """The list of problems above the form, as text."""
    found = re.search(r'id="form-errors">(.*?)</div>', response.text, re.S)
    assert found, response.text
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in items]


def typed_value(response: Response, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', response.text)
    assert tag, name
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return html.unescape(value.group(1)) if value else ""


def test_a_new_athlete_with_four_bad_fields_hears_of_all_four(client: TestClient) -> None:
    csrf = token(client)
    form = {
        "csrf_token": csrf,
        "handle": "Bad Handle",
        "name": "Kim",
        "birth_year": "1066",
        "minutes": "two",
        "body_mass_kg": "900",
        "days": ["mon"],
    }
    refused = client.post("/athletes", data=form)
    assert refused.status_code == 422
    errors = field_errors(refused)
    assert len(errors) == 4, errors
    listed = summary(refused)
    assert {item.split(":")[0] for item in listed} == {
        "minutes",
        "body mass kg",
        "handle",
        "birth year",
    }
    assert any("'two'" in item and "a whole number" in item for item in listed)
    assert any("900.0" in item and "30 to 250 kg" in item for item in listed), listed
    assert any("'Bad Handle'" in item and "lower-case slug" in item for item in listed)
    assert any("1066" in item and "a year from" in item for item in listed)
    for name, value in (("handle", "Bad Handle"), ("minutes", "two"), ("body_mass_kg", "900")):
        assert typed_value(refused, name) == value
    assert ok(client.get(f"{API}/athletes")) == []


def test_a_log_with_bad_items_and_bad_effort_names_each(client: TestClient) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    client.post("/athletes/sam/screen", data={"csrf_token": csrf})
    client.post("/athletes/sam/plan", data={"csrf_token": csrf, "weeks": "8"})
    page = client.get("/athletes/sam/log")
    posted = form_values(page.text)
    assert int(posted["item_count"]) >= 2, "the day needs two items for this test"
    exercise0, side0 = posted["item-0-key"].split("|")
    exercise1, side1 = posted["item-1-key"].split("|")
    bad = posted | {"pain": "11", "rpe": "12", "item-0-sets": "lots", "item-1-sets": "-3"}
    refused = client.post("/athletes/sam/log", data=bad)
    assert refused.status_code == 422
    fields = [item.split(":")[0] for item in summary(refused)]
    assert f"sets ({exercise0}" in fields and f"sets ({exercise1}" in fields, fields
    assert {"pain", "rpe"} <= set(fields), fields
    texts = " | ".join(summary(refused))
    assert "'lots' is not allowed; expected a whole number" in texts
    assert f"sets ({exercise1}:{side1}): -3 is not allowed" in texts
    assert "11 is not allowed; expected 0 to 10" in texts and "12 is not allowed" in texts
    assert side0 in texts
    assert typed_value(refused, "item-0-sets") == "lots"
    assert typed_value(refused, "rpe") == "12" and typed_value(refused, "pain") == "11"
    assert ok(client.get(f"{API}/athletes/sam/history"))["logs"] == []


def test_a_check_in_with_both_values_out_of_range_names_both(client: TestClient) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    form = {"csrf_token": csrf, "morning_pain": "12", "stiffness": "x", "date": "2026-13-01"}
    refused = client.post("/athletes/sam/checkin", data=form)
    assert refused.status_code == 422
    named = {item.split(":")[0] for item in summary(refused)}
    assert named == {"date", "morning pain", "stiffness"}
    assert len(field_errors(refused)) == 3
    assert ok(client.get(f"{API}/athletes/sam/history"))["check_ins"] == []


@pytest.mark.parametrize(
    ("form", "fields"),
    [
        (
            {"lunge_left": "30", "heel_raise_right": "abc", "pain_left": "14"},
            ["heel_raise_right", "lunge_left", "pain_left"],
        ),
        ({"lunge_left": "abc"}, ["lunge_left"]),  # a typed value, not "no result"
        (
            {"lunge_left": "40", "stance_right": "900", "heel_height_left": "3"},
            ["lunge_left", "heel_height_left", "stance_right"],
        ),
    ],
)
def test_the_tests_form_names_every_bad_result(
    client: TestClient, form: dict[str, Any], fields: list[str]
) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    refused = client.post("/athletes/sam/assess", data=form | {"csrf_token": csrf})
    assert refused.status_code == 422
    named = {item.split(":")[0].replace(" ", "_") for item in summary(refused)}
    assert named == set(fields)
    for name, value in form.items():
        assert typed_value(refused, name) == value


def test_the_api_lists_every_bad_value_of_a_check_in(client: TestClient) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    body = {"morning_pain": 12, "stiffness": 11}
    found = problem(client.post(f"{API}/athletes/sam/check-ins", json=body), 422)
    assert [p["field"] for p in found["problems"]] == ["morning_pain", "stiffness"]
    assert found["field"] == "morning_pain" and found["value"] == 12
    assert all(p["allowed"].startswith("0 to 10") for p in found["problems"])
