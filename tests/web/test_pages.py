"""The pages: a new user's loop through forms (server-rendered HTML), CSRF on every post, and
bad input shown beside its field (422), never a traceback."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from anklet.reports.charts import progress_charts
from tests.helpers import TODAY
from tests.web.conftest import joined_days_ago

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def token(client: TestClient) -> str:
    page = client.get("/")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def field_errors(response: Response) -> list[str]:
    return re.findall(r'class="field-error"[^>]*>([^<]*)<', response.text)


def form_values(html: str) -> dict[str, str]:
    """The hidden and prefilled inputs of a page's forms, as a browser would post them."""
    values = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and value and 'type="checkbox"' not in tag:
            values[name.group(1)] = value.group(1)
    return values


def ticked_lifts(html: str) -> list[str]:
    """The clearance form's lock boxes that are ticked, as a browser would post them."""
    return re.findall(r'<input type="checkbox" name="lift" value="([^"]+)"[^>]*? checked>', html)


def add_sam(client: TestClient, csrf: str) -> None:
    response = client.post(
        "/athletes",
        data={"handle": "sam", "name": "Sam", "days": EVERY_DAY, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/athletes/sam"
    joined_days_ago(client, "sam", 60)


def test_a_new_user_completes_the_loop_in_pages(client: TestClient) -> None:
    """Create, screen, test, plan, today, log, check in, status and progress: every page
    renders, every post redirects or shows its result, and the charts carry what was logged."""
    csrf = token(client)
    add_sam(client, csrf)
    assert "Answer the red-flag questions before any loading" in client.get("/athletes/sam").text
    screen = client.post("/athletes/sam/screen", data={"csrf_token": csrf})
    assert screen.status_code == 200 and "No red flags" in screen.text
    result = client.post(
        "/athletes/sam/assess",
        data={
            "csrf_token": csrf,
            "lunge_left": "8",
            "lunge_right": "11.5",
            "heel_raise_left": "18",
            "heel_raise_right": "25",
        },
    )
    assert result.status_code == 200 and str(result.url).endswith("/assess/result")
    assert "LSI" in result.text and "72.0%" in result.text
    plan = client.post("/athletes/sam/plan", data={"csrf_token": csrf, "weeks": "8"})
    assert plan.status_code == 200 and plan.text.count('class="week') == 8
    today = client.get("/athletes/sam/today")
    assert today.status_code == 200 and 'class="item"' in today.text
    log_page = client.get("/athletes/sam/log")
    posted = form_values(log_page.text) | {"pain": "3"}
    logged = client.post("/athletes/sam/log", data=posted)
    assert logged.status_code == 200 and str(logged.url).endswith("/status"), logged.text
    checked = client.post(
        "/athletes/sam/checkin", data={"csrf_token": csrf, "morning_pain": "1", "stiffness": "2"}
    )
    assert checked.status_code == 200 and str(checked.url).endswith("/status")
    progress = client.get("/athletes/sam/progress")
    specs = {
        name: json.loads(block)
        for name, block in re.findall(
            r'<script type="application/json" id="spec-(\w+)">(.*?)</script>',
            progress.text,
            re.S,
        )
    }
    assert set(specs) == {"lunge", "heel_raise", "lsi", "pain", "adherence"}
    lunge = {row["side"]: row["value"] for row in specs["lunge"]["data"]["values"]}
    assert lunge == {"left": 8, "right": 11.5}
    pain = specs["pain"]["layer"][0]["data"]["values"]
    assert {"date": TODAY.isoformat(), "measure": "pain during session", "value": 3} in pain
    assert {"date": TODAY.isoformat(), "measure": "morning stiffness", "value": 2} in pain


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/athletes", {"handle": "kim", "name": "Kim"}),
        ("/athletes/sam/screen", {}),
        ("/athletes/sam/assess", {"lunge_left": "8"}),
        ("/athletes/sam/plan", {"weeks": "8"}),
        ("/athletes/sam/checkin", {"morning_pain": "1", "stiffness": "1"}),
        ("/athletes/sam/log", {"pain": "1"}),
        ("/athletes/sam/clearance", {"note": "Dr Lee"}),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(
    client: TestClient, path: str, data: dict[str, Any]
) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    assert client.post(path, data=data).status_code == 403
    wrong = client.post(path, data=data | {"csrf_token": "x" + csrf})
    assert wrong.status_code == 403


def test_the_csrf_cookie_is_http_only_and_same_site(client: TestClient) -> None:
    cookie = client.get("/").headers["set-cookie"]
    assert "anklet_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/athletes", {"handle": "Bad Handle", "name": "X"}, "lower-case slug"),
        ("/athletes", {"handle": "kim", "name": "Kim", "minutes": "two"}, "a whole number"),
        ("/athletes", {"handle": "kim", "name": "Kim", "minutes": "0"}, "5 to 180 minutes"),
        ("/athletes/sam/assess", {"lunge_left": "30"}, "0 to 25 cm"),
        ("/athletes/sam/assess", {"heel_raise_left": "abc"}, "a whole number"),
        ("/athletes/sam/assess", {}, "at least one lunge, heel-raise or single-leg stance result"),
        ("/athletes/sam/plan", {"weeks": "99"}, "4 to 16 weeks"),
        ("/athletes/sam/checkin", {"morning_pain": "11", "stiffness": "0"}, "0 to 10"),
        ("/athletes/sam/screen", {"yes": "42"}, "a question number from 1 to 10"),
    ],
)
def test_a_bad_value_shows_the_form_again_with_the_message_beside_the_field(
    client: TestClient, path: str, data: dict[str, Any], message: str
) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    response = client.post(path, data=data | {"csrf_token": csrf})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert any(message in error for error in field_errors(response)), field_errors(response)
    assert 'name="csrf_token"' in response.text  # the form is there to correct and send again


def test_a_red_flag_locks_loading_and_a_clearance_lifts_it(client: TestClient) -> None:
    """A red flag locks loading; a clearance with a blank note is refused beside its field,
    and one that names the lock and who cleared lifts it. The clearance now needs who cleared
    and the ticked locks it lifts, so the posts send what the form holds."""
    csrf = token(client)
    add_sam(client, csrf)
    result = client.post("/athletes/sam/screen", data={"csrf_token": csrf, "yes": "5"})
    assert "Loading is locked" in result.text and "clearance-form" in result.text
    overview = client.get("/athletes/sam")
    assert "red flag 5" in overview.text
    # The form as a browser sends it: the open lock ticked (the default) and who cleared.
    lifts = ticked_lifts(overview.text)
    assert len(lifts) == 1
    form = {"csrf_token": csrf, "lift": lifts, "cleared_by": "Dr Lee, physiotherapist"}
    empty = client.post("/athletes/sam/clearance", data=form | {"note": " "})
    assert empty.status_code == 422 and field_errors(empty)
    cleared = client.post("/athletes/sam/clearance", data=form | {"note": "seen, all clear"})
    assert cleared.status_code == 200 and "Loading is not locked" in cleared.text


def test_an_unknown_athlete_is_a_page_not_a_traceback(client: TestClient) -> None:
    response = client.get("/athletes/nobody/today")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no athlete named &#39;nobody&#39;" in response.text


def test_pages_keep_the_security_headers_and_serve_vendored_scripts(client: TestClient) -> None:
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in page.text  # no inline code: the CSP would block it
    for name in ("htmx.min.js", "vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert client.get(f"/static/vendor/{name}").status_code == 200
    assert client.get("/", headers={"host": "evil.example"}).status_code == 421


def test_progress_charts_are_vega_lite_specs_of_the_document() -> None:
    document = {
        "lunge": [{"date": "2026-06-01", "side": "left", "value": 8.0, "noise": 1.5, "unit": "cm"}],
        "heel_raise": [{"date": "2026-06-01", "side": "left", "reps": 18}],
        "heel_raise_lsi": [{"date": "2026-06-01", "lsi_percent": 72.0}],
        "pain_during": [{"date": "2026-06-02", "session": "strength", "pain": 3}],
        "morning": [{"date": "2026-06-03", "morning_pain": 1, "stiffness": 2}],
        "adherence": [{"week": 1, "percent": 50.0, "deload": False}],
        "decisions": [{"date": "2026-06-03", "verdict": "hold"}],
    }
    charts = progress_charts(document)
    assert all(spec["$schema"].endswith("vega-lite/v6.json") for spec in charts.values())
    assert charts["lunge"]["data"]["values"] == document["lunge"]
    assert charts["pain"]["layer"][1]["data"]["values"] == document["decisions"]
    assert [row["measure"] for row in charts["pain"]["layer"][0]["data"]["values"]] == [
        "pain during session",
        "morning pain",
        "morning stiffness",
    ]
    json.dumps(charts)  # JSON-ready as it is


def test_the_assessment_page_records_single_leg_stance(client: TestClient) -> None:
    """The optional balance test (Potach & Chu 2016): a short stance is named on the result,
    and an impossible value shows the form again beside the field."""
    csrf = token(client)
    add_sam(client, csrf)
    result = client.post(
        "/athletes/sam/assess",
        data={"csrf_token": csrf, "lunge_left": "10", "stance_left": "20", "stance_right": "45"},
    )
    assert result.status_code == 200 and "Single-leg stance 20 s on the left" in result.text
    bad = client.post("/athletes/sam/assess", data={"csrf_token": csrf, "stance_left": "900"})
    assert bad.status_code == 422 and "0 to 600 s" in bad.text


def test_the_status_page_follows_the_date_in_the_address(client: TestClient) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    page = client.get("/athletes/sam/status", params={"date": "2026-01-05"})
    assert page.status_code == 200 and "2026-01-05" in page.text
    assert client.get("/athletes/sam/status", params={"date": "abc"}).status_code == 422
