"""The whole loop through /api/v1 (issue 6, points 3 and 5): create an athlete, screen, test
twice, plan, read today, log, check in, and read status, progress and history, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.helpers import TODAY
from tests.web.conftest import (
    API,
    FIRST_TEST,
    PLAN_START,
    SECOND_TEST,
    add_sam,
    assess,
    created,
    ok,
)

MON_1 = PLAN_START
WED_1 = PLAN_START + timedelta(days=2)
TUE_1 = PLAN_START + timedelta(days=1)


def test_a_new_athlete_goes_from_screening_to_progress_through_the_api(
    client: TestClient,
) -> None:
    add_sam(client)
    assert [a["handle"] for a in ok(client.get(f"{API}/athletes"))] == ["sam"]
    screening = created(client.post(f"{API}/athletes/sam/screenings", json={"yes": []}))
    assert screening["locked"] is False

    first = assess(client, FIRST_TEST.isoformat(), 7.0, 10.5, (16, 25))
    second = assess(client, SECOND_TEST.isoformat(), 8.5, 11.0, (18, 26))
    assert first["changes"] == [] and second["changes"]
    assert second["lunge"]["left"]["value"] == 8.5

    plan = created(
        client.post(f"{API}/athletes/sam/plans", json={"weeks": 8, "start": MON_1.isoformat()})
    )
    assert (plan["start"], plan["weeks"]) == (MON_1.isoformat(), 8)
    assert plan["phases"] and plan["days"]
    assert ok(client.get(f"{API}/athletes/sam/plan"))["start"] == MON_1.isoformat()
    week_2 = ok(client.get(f"{API}/athletes/sam/plan", params={"week": 2}))
    assert {day["sessions"][0]["week"] for day in week_2["days"]} == {2}
    history = ok(client.get(f"{API}/athletes/sam/plans"))
    assert [(p["start"], p["weeks"], p["current"]) for p in history] == [
        (MON_1.isoformat(), 8, True)
    ]

    today = ok(client.get(f"{API}/athletes/sam/today"))
    assert (today["date"], today["week"]) == (TODAY.isoformat(), 2)
    monday = ok(client.get(f"{API}/athletes/sam/today", params={"date": MON_1.isoformat()}))
    kinds = {session["kind"] for session in monday["sessions"]}
    assert "strength" in kinds
    strength = next(s for s in monday["sessions"] if s["kind"] == "strength")
    item = next(i for i in strength["items"] if i["block"] != "warm-up")
    assert item["why"]["rule"] and item["why"]["text"]
    week = ok(client.get(f"{API}/athletes/sam/week", params={"date": WED_1.isoformat()}))
    assert [day["date"] for day in week] == [
        (MON_1 + timedelta(days=offset)).isoformat() for offset in range(7)
    ]

    logged = created(
        client.post(
            f"{API}/athletes/sam/session-logs",
            json={
                "date": MON_1.isoformat(),
                "pain": 2,
                "rpe": 6,
                "notes": "felt fine",
                "items": [
                    {
                        "exercise": item["exercise"],
                        "side": item["side"],
                        "sets": item["sets"],
                        "reps": item["reps"],
                        "hold_s": item["hold_s"],
                    }
                ],
            },
        )
    )
    assert (logged["date"], logged["session"], logged["pain"]) == (MON_1.isoformat(), "strength", 2)
    done = next(
        i for i in logged["items"] if (i["exercise"], i["side"]) == (item["exercise"], item["side"])
    )
    assert done["target"]["sets"] == item["sets"] and done["actual"]["skipped"] is False

    morning = created(
        client.post(
            f"{API}/athletes/sam/check-ins",
            json={"date": TUE_1.isoformat(), "morning_pain": 1, "stiffness": 2},
        )
    )
    assert (morning["morning_pain"], morning["stiffness"], morning["locked"]) == (1, 2, False)
    assert morning["baseline"]["basis"].startswith("median")
    baseline = ok(
        client.put(f"{API}/athletes/sam/baseline", json={"morning_pain": 1, "stiffness": 1})
    )
    assert baseline["basis"] == f"set by you on {TODAY.isoformat()}"

    status = ok(client.get(f"{API}/athletes/sam/status"))
    assert status["date"] == TODAY.isoformat() and status["locked"] is False
    assert status["adherence"]["last_28_days"]["done"] == 1
    assert status["baseline"]["morning_pain"] == 1

    progress = ok(client.get(f"{API}/athletes/sam/progress"))
    assert [(p["date"], p["side"], p["value"]) for p in progress["lunge"]] == [
        (FIRST_TEST.isoformat(), "left", 7.0),
        (FIRST_TEST.isoformat(), "right", 10.5),
        (SECOND_TEST.isoformat(), "left", 8.5),
        (SECOND_TEST.isoformat(), "right", 11.0),
    ]
    assert progress["pain_during"] == [
        {"date": MON_1.isoformat(), "session": "strength", "pain": 2}
    ]
    assert progress["morning"][0]["stiffness"] == 2
    assert progress["adherence"][0]["week"] == 1 and progress["adherence"][0]["done"] == 1

    everything = ok(client.get(f"{API}/athletes/sam/history"))
    assert [log["date"] for log in everything["logs"]] == [MON_1.isoformat()]
    assert [c["date"] for c in everything["check_ins"]] == [TUE_1.isoformat()]
    assert everything["decisions"]

    library = ok(client.get(f"{API}/exercises"))
    assert library["count"] == len(library["exercises"]) > 0
    shown = ok(client.get(f"{API}/exercises/{item['exercise']}"))
    assert shown["id"] == item["exercise"] and "regression_chain" in shown
