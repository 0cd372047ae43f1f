"""No lost squat depths (issue 13, point 10: every editable record): the day's depth has a
version, one more on every change, sent as its ETag; a save that names the version it was
made on (If-Match or the body's `version`; 0: none stored) is refused with 409 naming the
newer one when the depth was saved elsewhere meanwhile, and nothing is written. The today
page's form carries the version it showed and says "changed elsewhere" with a reload link.
Before, the later save silently replaced the other. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from tests.helpers import TODAY
from tests.web.conftest import API, created, ok, problem

DEPTHS = f"{API}/athletes/sam/squat-depths"


def _sam_squats(client: TestClient) -> None:
    """sam runs and squats (goal both): screened, tested, with a plan, so the plan has
    squat technique days."""
    athlete = {
        "handle": "sam",
        "name": "Sam Runner",
        "birth_year": 1990,
        "sex": "male",
        "goal": "both",
        "days": ["mon", "wed", "fri"],
        "equipment": ["band", "step", "wall", "box"],
    }
    created(client.post(f"{API}/athletes", json=athlete))
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": []}))
    test = {
        "date": (TODAY - timedelta(days=3)).isoformat(),
        "rater": "trained",
        "confirm_date": True,
        "left": {"lunge": 8.5, "heel_raise_reps": 18, "pain": 0},
        "right": {"lunge": 11.0, "heel_raise_reps": 26, "pain": 0},
    }
    created(client.post(f"{API}/athletes/sam/assessments", json=test))
    created(client.post(f"{API}/athletes/sam/plans", json={"start": TODAY.isoformat()}))


def _squat_day(client: TestClient) -> str:
    for offset in range(28):
        day = (TODAY + timedelta(days=offset)).isoformat()
        document = ok(client.get(f"{API}/athletes/sam/today", params={"date": day}))
        if (document.get("running") or {}).get("technique", {}).get("log_squat_depth"):
            return day
        page = client.get(f"/athletes/sam/today?date={day}", headers={"accept": "text/html"})
        if 'id="squat-depth-form"' in page.text:
            return day
    raise AssertionError("no squat technique day in four weeks")


def test_a_depth_saved_on_an_older_version_is_a_409_naming_the_newer(
    client: TestClient,
) -> None:
    created(client.post(f"{API}/athletes", json={"handle": "sam", "name": "Sam"}))
    day = TODAY.isoformat()
    assert problem(client.get(f"{DEPTHS}/{day}"), 404)["missing"] == "squat depth"
    first = created(
        client.post(DEPTHS, json={"date": day, "depth": "40"}, headers={"If-Match": '"0"'})
    )
    assert first["version"] == 1
    shown = client.get(f"{DEPTHS}/{day}")
    assert ok(shown)["depth"] == "40 cm box" and shown.headers["etag"] == '"1"'
    second = client.post(DEPTHS, json={"date": day, "depth": "35", "version": 1})
    assert created(second)["version"] == 2 and second.headers["etag"] == '"2"'

    for stale in ({"If-Match": '"1"'}, {"If-Match": '"0"'}):  # 0: "none was stored"
        body = problem(client.post(DEPTHS, json={"date": day, "depth": "full"}, headers=stale), 409)
        assert body["type"].endswith("/stale-version") and body["current_version"] == 2
    assert problem(client.post(DEPTHS, json={"date": day, "depth": "full", "version": 1}), 409)
    assert ok(client.get(f"{DEPTHS}/{day}"))["depth"] == "35 cm box"  # nothing written

    listed = created(
        client.post(DEPTHS, json={"date": day, "depth": "full"}, headers={"If-Match": '"9", "2"'})
    )
    assert listed["version"] == 3 and listed["full"] is True
    assert created(client.post(DEPTHS, json={"date": day, "depth": "30"}))["version"] == 4
    depths = ok(client.get(f"{API}/athletes/sam/runs"))["squat_depth"]
    assert [(d["date"], d["version"]) for d in depths] == [(day, 4)]


def test_a_version_named_for_a_day_with_no_depth_is_a_409_and_writes_nothing(
    client: TestClient,
) -> None:
    created(client.post(f"{API}/athletes", json={"handle": "sam", "name": "Sam"}))
    day = TODAY.isoformat()
    refused = client.post(DEPTHS, json={"date": day, "depth": "40"}, headers={"If-Match": '"1"'})
    assert "no squat depth of" in problem(refused, 409)["detail"]
    assert problem(client.get(f"{DEPTHS}/{day}"), 404)
    bad = problem(client.post(DEPTHS, json={"date": day, "depth": "40", "version": -1}), 422)
    assert bad["field"] == "version"
    header = client.post(DEPTHS, json={"date": day, "depth": "40"}, headers={"If-Match": "one"})
    assert problem(header, 422)["field"] == "If-Match"


def _form(page: str) -> dict[str, str]:
    section = page[page.index('id="squat-depth-form"') :]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', section))
    return fields


def test_the_today_page_refuses_a_depth_saved_elsewhere_since_it_was_opened(
    client: TestClient,
) -> None:
    _sam_squats(client)
    day = _squat_day(client)
    html = {"accept": "text/html"}
    opened = client.get(f"/athletes/sam/today?date={day}", headers=html).text
    form = _form(opened)
    assert form["version"] == "0" and 'id="squat-depth-saved"' not in opened
    # Another tab saves the day's depth first.
    other = _form(client.get(f"/athletes/sam/today?date={day}", headers=html).text)
    saved = client.post(
        "/athletes/sam/squat-depth", data=other | {"depth": "40"}, follow_redirects=False
    )
    assert saved.status_code == 303
    refused = client.post("/athletes/sam/squat-depth", data=form | {"depth": "full"})
    assert refused.status_code == 409
    assert 'id="changed-elsewhere"' in refused.text and "Reload" in refused.text
    assert 'value="full"' in refused.text  # what was typed stays
    assert ok(client.get(f"{DEPTHS}/{day}"))["depth"] == "40 cm box"
    reloaded = client.get(f"/athletes/sam/today?date={day}", headers=html).text
    assert _form(reloaded)["version"] == "1" and "Saved for this day: 40 cm box" in reloaded
    again = client.post(
        "/athletes/sam/squat-depth",
        data=_form(reloaded) | {"depth": "full"},
        follow_redirects=False,
    )
    assert again.status_code == 303
    assert ok(client.get(f"{DEPTHS}/{day}"))["full"] is True
