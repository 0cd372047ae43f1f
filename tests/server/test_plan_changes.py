"""A coach changes a linked athlete's plan by hand (issue 15, point 5), on SQLite and
PostgreSQL: a dose, a swap, an added and a removed item for a date range; the athlete's day
shows who changed what and why, in the API and on the pages; the lock and the gates still
hold where a change meets them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.helpers import TODAY
from tests.server.conftest import API, Cast, csrf_of

DAY = TODAY.isoformat()


def _planned(cast: Cast) -> None:
    """ana screened clear, tested, with a plan that starts today."""
    a = cast.athlete_a
    assert a.post(f"{API}/athletes/ana/screenings", json={"yes": []}).status_code == 201
    tested = a.post(
        f"{API}/athletes/ana/assessments",
        json={
            "date": DAY,
            "rater": "trained",
            "left": {"lunge": 8.0, "heel_raise_reps": 18, "pain": 0},
            "right": {"lunge": 9.0, "heel_raise_reps": 20, "pain": 0},
        },
    )
    assert tested.status_code == 201, tested.text
    assert a.post(f"{API}/athletes/ana/plans", json={"start": DAY}).status_code == 201


def _items(client: TestClient, day: str = DAY) -> list[dict[str, Any]]:
    answer = client.get(f"{API}/athletes/ana/today", params={"date": day})
    assert answer.status_code == 200, answer.text
    return [item for s in answer.json()["sessions"] for item in s["items"]]


def _change(client: TestClient, **body: Any) -> Any:
    return client.post(
        f"{API}/athletes/ana/plan-changes",
        json={"first_day": DAY, "last_day": DAY, "reason": "Achilles irritable"} | body,
    )


def test_a_dose_change_shows_who_and_why_and_can_be_withdrawn(cast: Cast) -> None:
    _planned(cast)
    first = _items(cast.athlete_a)[0]
    made = _change(cast.coach_a, kind="dose", exercise=first["exercise"], sets=1)
    assert made.status_code == 201, made.text
    changed = [i for i in _items(cast.athlete_a) if i["exercise"] == first["exercise"]]
    assert changed and all(i["sets"] == 1 for i in changed)
    assert "Coach.A changed this on" in changed[0]["why"]["text"]
    assert "Achilles irritable" in changed[0]["why"]["text"]
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    later = [i for i in _items(cast.athlete_a, tomorrow) if i["exercise"] == first["exercise"]]
    assert all("Coach.A" not in i["why"]["text"] for i in later)  # only inside its dates
    listed = cast.athlete_a.get(f"{API}/athletes/ana/plan-changes").json()
    assert [c["author"] for c in listed] == ["Coach.A"]
    page = cast.athlete_a.get("/athletes/ana/plan", headers={"accept": "text/html"})
    assert 'id="changes"' in page.text and "Achilles irritable" in page.text
    assert 'id="change-form"' not in page.text  # the athlete reads, the coach changes
    refused = cast.athlete_a.post(
        f"{API}/athletes/ana/plan-changes",
        json={
            "kind": "remove",
            "exercise": first["exercise"],
            "first_day": DAY,
            "last_day": DAY,
            "reason": "I'd rather not",
        },
    )
    assert refused.status_code == 404
    gone = cast.coach_a.delete(f"{API}/athletes/ana/plan-changes/{made.json()['id']}")
    assert gone.status_code == 200
    assert all("Coach.A" not in i["why"]["text"] for i in _items(cast.athlete_a))


def test_remove_and_bad_changes(cast: Cast) -> None:
    _planned(cast)
    first = _items(cast.athlete_a)[0]["exercise"]
    assert _change(cast.coach_a, kind="remove", exercise=first).status_code == 201
    assert first not in {i["exercise"] for i in _items(cast.athlete_a)}
    bad = _change(
        cast.coach_a, kind="swap", exercise=first, replacement="pogo-hop", last_day="2020-01-01"
    )
    assert bad.status_code == 422
    fields = {p["field"] for p in bad.json()["problems"]}
    assert {"last_day", "replacement"} <= fields
    zero = _change(cast.coach_a, kind="dose", exercise=first, sets=0, hold_s=301)
    assert zero.status_code == 422
    assert {p["field"] for p in zero.json()["problems"]} == {"sets", "hold_s"}
    unknown = _change(cast.coach_a, kind="dose", exercise="no-such-drill", sets=2)
    assert unknown.status_code == 422 and unknown.json()["field"] == "exercise"
    assert cast.other_coach.get(f"{API}/athletes/ana/plan-changes").status_code == 404


def test_an_added_drill_waits_for_its_gate(cast: Cast) -> None:
    _planned(cast)
    added = _change(cast.coach_a, kind="add", exercise="pogo-hop", sets=2, reps=10)
    assert added.status_code == 201, added.text
    answer = cast.athlete_a.get(f"{API}/athletes/ana/today", params={"date": DAY}).json()
    items = [i["exercise"] for s in answer["sessions"] for i in s["items"]]
    assert "pogo-hop" not in items
    assert any("held back" in w["text"] for w in answer["warnings"]), answer["warnings"]


def test_the_coach_changes_the_plan_from_the_plan_page(cast: Cast) -> None:
    _planned(cast)
    first = _items(cast.athlete_a)[0]["exercise"]
    page = cast.coach_a.get("/athletes/ana/plan", headers={"accept": "text/html"})
    assert 'id="change-form"' in page.text
    token = csrf_of(cast.coach_a, "/athletes/ana/plan")
    form = {
        "kind": "dose",
        "exercise": first,
        "first_day": DAY,
        "last_day": DAY,
        "sets": "",
        "reason": "",
        "csrf_token": token,
    }
    refused = cast.coach_a.post("/athletes/ana/plan-changes", data=form)
    assert refused.status_code == 422
    assert "sets" in refused.text and "reason" in refused.text
    form |= {"sets": "2", "reason": "Keep it light this week"}
    done = cast.coach_a.post("/athletes/ana/plan-changes", data=form, follow_redirects=False)
    assert done.status_code == 303
    today = cast.athlete_a.get("/athletes/ana/today", headers={"accept": "text/html"})
    assert "Keep it light this week" in today.text


def test_the_changes_come_a_page_at_a_time(cast: Cast) -> None:
    """Issue 13, defect 10 (every list a page at a time): the plan-change list was every
    change there was; now `limit` (default 20, at most 100) and the next page's `after` (the
    last change's id) in the Link header, oldest first."""
    import re

    _planned(cast)
    exercise = _items(cast.athlete_a)[0]["exercise"]
    made = [
        _change(cast.coach_a, kind="dose", exercise=exercise, sets=1 + n % 3).json()["id"]
        for n in range(5)
    ]
    whole = cast.athlete_a.get(f"{API}/athletes/ana/plan-changes")
    assert [c["id"] for c in whole.json()] == made and "link" not in whole.headers
    seen: list[int] = []
    address: str | None = f"{API}/athletes/ana/plan-changes?limit=2"
    while address:
        page = cast.athlete_a.get(address)
        assert page.status_code == 200, page.text
        assert 1 <= len(page.json()) <= 2
        seen += [c["id"] for c in page.json()]
        found = re.fullmatch(r'<([^>]+)>; rel="next"', page.headers.get("link", ""))
        address = found.group(1) if found else None
    assert seen == made
    assert cast.athlete_a.get(f"{API}/athletes/ana/plan-changes?limit=101").status_code == 422
    assert cast.athlete_a.get(f"{API}/athletes/ana/plan-changes?after=x").status_code == 422
