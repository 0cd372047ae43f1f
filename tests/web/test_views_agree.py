"""Every door shows the same day: the API's today, week and plan, the today page and the
service's day view agree for any history, because they all ask one function.

The histories are drawn at random (seeded, so a failure replays): sessions at random pain,
mornings at random levels, sometimes a warning sign, a red flag, a clearance. Each is played
through the API; then every day of the week around today is compared across the doors.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from anklet.bootstrap import Anklet
from anklet.services.plans import day_view
from tests.helpers import TODAY
from tests.web.conftest import API, PLAN_START, ok

SEEDS = range(4)  # bounded: each history is two weeks of requests on both databases


def _play(client: TestClient, seed: int, today: date = TODAY) -> None:
    """Two weeks of training before `today`, with the accidents a real athlete has."""
    rng = random.Random(seed)
    for offset in range(14, 0, -1):
        day = today - timedelta(days=offset)
        if rng.random() < 0.85:
            client.post(
                f"{API}/athletes/sam/check-ins",
                json={
                    "date": day.isoformat(),
                    "morning_pain": rng.choice([0, 0, 1, 1, 2, 4]),
                    "stiffness": rng.choice([0, 1, 1, 2, 3]),
                    "swelling": rng.random() < 0.03,
                },
            )
        plan = ok(client.get(f"{API}/athletes/sam/today", params={"date": day.isoformat()}))
        kinds = [s["kind"] for s in plan["sessions"] if s["kind"] in ("strength", "technique")]
        for kind in kinds:
            if rng.random() < 0.8:
                client.post(
                    f"{API}/athletes/sam/session-logs",
                    json={
                        "date": day.isoformat(),
                        "session": kind,
                        "pain": rng.choice([0, 1, 2, 3, 4, 5, 6]),
                        "as_prescribed": True,
                    },
                )
    if rng.random() < 0.3:
        client.post(f"{API}/athletes/sam/screenings", json={"yes": [rng.choice([2, 5, 8, 9])]})
    if rng.random() < 0.5:
        client.post(f"{API}/athletes/sam/screenings", json={"yes": []})
        client.post(
            f"{API}/athletes/sam/clearances",
            json={"note": "seen", "cleared_by": "Dr Lee"},
        )


def _shape(sessions: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            s["kind"],
            tuple((i["exercise"], i["side"], i["sets"], i.get("load")) for i in s["items"]),
        )
        for s in sessions
        if s["kind"] != "rest"
    ]


def _calendar(client: TestClient) -> dict[str, list[tuple[str, str]]]:
    """The API's .ics, re-read: each day's (kind, description) pairs, in order."""
    response = client.get(f"{API}/athletes/sam/calendar.ics")
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/calendar"
    )
    by_day: dict[str, list[tuple[str, str]]] = {}
    for event in Calendar.from_ical(response.content).walk("VEVENT"):
        day = event.decoded("dtstart").isoformat()
        by_day.setdefault(day, []).append(
            (event.get("categories").cats[0], str(event.get("description")))
        )
    return by_day


def _page_exercises(client: TestClient, day: date) -> list[str]:
    page = client.get("/athletes/sam/today", params={"date": day.isoformat()})
    assert page.status_code == 200, page.text
    return re.findall(r'data-exercise="([^"]+)"', page.text)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_api_the_pages_and_the_services_show_the_same_day(
    client: TestClient, anklet: Anklet, sam: str, seed: int
) -> None:
    _play(client, seed)
    week = ok(client.get(f"{API}/athletes/sam/week", params={"date": TODAY.isoformat()}))
    plan = ok(client.get(f"{API}/athletes/sam/plan"))
    plan_days = {d["date"]: d["sessions"] for d in plan["days"]}
    calendar = _calendar(client)
    for shown in week:
        day = date.fromisoformat(shown["date"])
        today = ok(client.get(f"{API}/athletes/sam/today", params={"date": shown["date"]}))
        assert _shape(today["sessions"]) == _shape(shown["sessions"]), day
        assert _shape(plan_days.get(shown["date"], [])) == _shape(shown["sessions"]), day
        events = calendar.get(shown["date"], [])
        assert [kind for kind, _ in events] == [
            s["kind"] for s in shown["sessions"] if s["kind"] != "rest"
        ], day
        for _, description in events:
            assert all(w["text"] in description for w in shown["warnings"]), day
        view = day_view(
            uow=anklet.uow(),
            handle=sam,
            day=day,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
        )
        assert [s.kind.value for s in view.sessions] == [
            s["kind"] for s in today["sessions"] if s["kind"] != "rest"
        ]
        expected = [i["exercise"] for s in today["sessions"] for i in s["items"]]
        assert _page_exercises(client, day) == expected, day
    assert PLAN_START <= TODAY
