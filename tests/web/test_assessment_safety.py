"""The assessment and the morning check-in over the API (422 problem+json) and the pages (the
form again, with the message): inclinometer placement, one-sided re-tests, dates that look
wrong, and no heel raise while loading is locked."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from tests.helpers import TODAY, row_counts
from tests.web.conftest import API, add_sam, created, problem
from tests.web.test_pages import add_sam as add_sam_page
from tests.web.test_pages import field_errors, token

LAST_WEEK = (TODAY - timedelta(days=7)).isoformat()
LONG_AGO = (TODAY - timedelta(days=400)).isoformat()


def _angle(day: str, left: float, right: float, placement: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "date": day,
        "rater": "trained",
        "lunge_method": "angle-deg",
        "lunge_device": "inclinometer",
        "left": {"lunge": left},
        "right": {"lunge": right},
    }
    return body | ({"lunge_placement": placement} if placement else {})


def _post(client: TestClient, body: dict[str, Any]) -> Any:
    return client.post(f"{API}/athletes/sam/assessments", json=body)


def test_an_angle_taken_15_cm_below_is_never_compared_with_one_at_the_tuberosity(
    client: TestClient,
) -> None:
    add_sam(client)
    created(_post(client, _angle(LAST_WEEK, 39.0, 39.5, "tibial-tuberosity")))
    moved = created(_post(client, _angle(TODAY.isoformat(), 44.9, 45.0, "15cm-below-tuberosity")))
    assert moved["lunge"]["placement"] == "15cm-below-tuberosity"
    assert moved["lunge"]["bands_indicative"] is True
    assert moved["changes"] == []
    assert "not-comparable" in {f["code"] for f in moved["findings"]}


def test_an_angle_without_a_placement_is_a_422_naming_the_field(
    client: TestClient, anklet: Anklet
) -> None:
    add_sam(client)
    before = row_counts(anklet.engine)
    found = problem(_post(client, _angle(TODAY.isoformat(), 40.0, 41.0, None)), 422)
    assert (found["field"], found["value"]) == ("lunge_placement", None)
    assert "tibial-tuberosity, 15cm-below-tuberosity or posterior-heel" in found["allowed"]
    typo = problem(_post(client, _angle(TODAY.isoformat(), 40.0, 41.0, "unknown")), 422)
    assert typo["field"] == "lunge_placement"
    assert row_counts(anklet.engine) == before


def test_a_one_sided_re_test_is_labelled_with_the_side_measured(client: TestClient) -> None:
    add_sam(client)
    both = {"date": LAST_WEEK, "left": {"lunge": 8.0}, "right": {"lunge": 11.0}}
    assert created(_post(client, both))["lunge"]["one_side_only"] is None
    retest = created(_post(client, {"left": {"lunge": 10.0}, "rater": "trained"}))
    assert retest["lunge"]["one_side_only"] == "left"
    assert {c["side"] for c in retest["changes"]} == {"left"}
    heel = created(_post(client, {"right": {"heel_raise_reps": 25}}))
    assert heel["heel_raise"]["one_side_only"] == "right"


def test_a_test_dated_before_the_athlete_joined_is_a_422_until_confirmed(
    client: TestClient, anklet: Anklet
) -> None:
    """sam joined 60 days before TODAY: 400 days ago needs `confirm_date: true`."""
    add_sam(client)
    body = {"date": LONG_AGO, "left": {"lunge": 10.0}}
    before = row_counts(anklet.engine)
    found = problem(_post(client, body), 422)
    assert (found["field"], found["value"]) == ("date", LONG_AGO)
    assert "before the athlete was added" in found["allowed"]
    assert found["allowed"].endswith('send "confirm_date": true if the date is right')
    assert row_counts(anklet.engine) == before
    assert created(_post(client, body | {"confirm_date": True}))["date"] == LONG_AGO


def test_a_check_in_more_than_a_year_ago_is_a_422_until_confirmed(client: TestClient) -> None:
    add_sam(client)
    body = {"date": LONG_AGO, "morning_pain": 1, "stiffness": 2}
    found = problem(client.post(f"{API}/athletes/sam/check-ins", json=body), 422)
    assert (found["field"], found["value"]) == ("date", LONG_AGO)
    assert 'send "confirm_date": true' in found["detail"]
    confirmed = body | {"confirm_date": True}
    assert created(client.post(f"{API}/athletes/sam/check-ins", json=confirmed))["date"] == (
        LONG_AGO
    )


def test_while_loading_is_locked_the_api_refuses_the_heel_raise_not_the_lunge(
    client: TestClient, anklet: Anklet
) -> None:
    add_sam(client)
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": [5]}))
    before = row_counts(anklet.engine)
    body = {"left": {"lunge": 10.0, "heel_raise_reps": 20}, "right": {"heel_raise_reps": 25}}
    found = problem(_post(client, body), 422)
    assert (found["field"], found["value"]) == ("heel_raise_left", 20)
    assert "while loading is locked" in found["allowed"]
    assert row_counts(anklet.engine) == before
    created(_post(client, {"left": {"lunge": 10.0, "single_leg_stance_s": 35}}))


# --- pages ----------------------------------------------------------------------------------


def test_the_guided_test_asks_where_the_angle_device_sat(client: TestClient) -> None:
    csrf = token(client)
    add_sam_page(client, csrf)
    form = client.get("/athletes/sam/assess").text
    assert 'name="lunge_placement"' in form and "15 cm below the tibial tuberosity" in form
    angle = {"csrf_token": csrf, "lunge_method": "angle-deg", "lunge_left": "40"}
    missing = client.post("/athletes/sam/assess", data=angle)
    assert missing.status_code == 422
    assert any("posterior-heel for the angle method" in e for e in field_errors(missing))
    assert 'value="40"' in missing.text  # what was typed is kept
    placed = client.post("/athletes/sam/assess", data=angle | {"lunge_placement": "posterior-heel"})
    assert placed.status_code == 200, placed.text
    assert "placed: posterior-heel" in placed.text and "indicative" in placed.text


def test_the_result_page_says_left_side_only(client: TestClient) -> None:
    csrf = token(client)
    add_sam_page(client, csrf)
    result = client.post("/athletes/sam/assess", data={"csrf_token": csrf, "lunge_left": "9"})
    assert result.status_code == 200
    assert re.search(r'id="lunge-one-side">left side only<', result.text)


def test_a_test_dated_before_joining_shows_the_form_again_with_a_yes_box(
    client: TestClient,
) -> None:
    csrf = token(client)
    add_sam_page(client, csrf)
    data = {"csrf_token": csrf, "lunge_left": "10", "date": LONG_AGO}
    again = client.post("/athletes/sam/assess", data=data)
    assert again.status_code == 422
    assert any("before the athlete was added" in e for e in field_errors(again))
    assert 'name="confirm_date"' in again.text and "Yes, this date is right" in again.text
    assert f'value="{LONG_AGO}"' in again.text
    confirmed = client.post("/athletes/sam/assess", data=data | {"confirm_date": "on"})
    assert confirmed.status_code == 200 and LONG_AGO in confirmed.text


def test_a_check_in_a_year_back_shows_the_form_again_keeping_the_warning_signs(
    client: TestClient,
) -> None:
    csrf = token(client)
    add_sam_page(client, csrf)
    data = {
        "csrf_token": csrf,
        "date": LONG_AGO,
        "morning_pain": "2",
        "stiffness": "3",
        "swelling": "on",
    }
    again = client.post("/athletes/sam/checkin", data=data)
    assert again.status_code == 422
    assert any("tick “yes, this date is right” if it is" in e for e in field_errors(again))
    assert 'id="confirm-date"' in again.text
    assert 'name="swelling" value="on" checked' in again.text
    assert "confirm_date" not in client.get("/athletes/sam/checkin").text
    confirmed = client.post("/athletes/sam/checkin", data=data | {"confirm_date": "on"})
    assert confirmed.status_code == 200, confirmed.text


def test_while_loading_is_locked_the_guided_test_refuses_the_heel_raise(
    client: TestClient,
) -> None:
    csrf = token(client)
    add_sam_page(client, csrf)
    client.post("/athletes/sam/screen", data={"csrf_token": csrf, "yes": "5"})
    form = client.get("/athletes/sam/assess").text
    assert 'id="heel-raise-locked"' in form
    refused = client.post(
        "/athletes/sam/assess",
        data={"csrf_token": csrf, "lunge_left": "10", "heel_raise_left": "22"},
    )
    assert refused.status_code == 422
    assert any("while loading is locked" in e for e in field_errors(refused))
    lunge = client.post(
        "/athletes/sam/assess", data={"csrf_token": csrf, "lunge_left": "10", "stance_left": "40"}
    )
    assert lunge.status_code == 200, lunge.text
