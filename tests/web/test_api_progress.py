"""GET /athletes/{handle}/progress: the series the progress charts draw (issue 6, point 2's
progress page): lunge and heel raise per side with the noise and the LSI, pain during and
next morning, adherence per plan week, and the engine's decisions as markers."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.helpers import TODAY
from tests.web.conftest import API, FIRST_TEST, PLAN_START, SECOND_TEST, add_sam, created, ok


def test_progress_before_any_data_is_a_set_of_empty_series(client: TestClient) -> None:
    add_sam(client)
    progress = ok(client.get(f"{API}/athletes/sam/progress"))
    assert progress == {
        "athlete": "sam",
        "lunge": [],
        "heel_raise": [],
        "heel_raise_lsi": [],
        "pain_during": [],
        "morning": [],
        "adherence": [],
        "decisions": [],
    }


def test_progress_series_carry_per_side_values_noise_lsi_pain_adherence_and_markers(
    client: TestClient, sam: str
) -> None:
    """Each test is one row per side; the noise is the real-change threshold of the method and
    rater (Powden 2015); adherence counts the plan weeks begun by today, without re-tests."""
    for day, pain in ((PLAN_START, 3), (PLAN_START + timedelta(days=2), 1)):
        created(
            client.post(
                f"{API}/athletes/{sam}/session-logs", json={"date": day.isoformat(), "pain": pain}
            )
        )
        created(
            client.post(
                f"{API}/athletes/{sam}/check-ins",
                json={
                    "date": (day + timedelta(days=1)).isoformat(),
                    "morning_pain": 1,
                    "stiffness": 2,
                },
            )
        )
    progress = ok(client.get(f"{API}/athletes/{sam}/progress"))

    left = [row for row in progress["lunge"] if row["side"] == "left"]
    assert [(r["date"], r["value"], r["unit"], r["method"]) for r in left] == [
        (FIRST_TEST.isoformat(), 7.0, "cm", "distance-cm"),
        (SECOND_TEST.isoformat(), 8.5, "cm", "distance-cm"),
    ]
    assert all(r["noise"] > 0 for r in left)
    assert [r["real_change"] for r in left] == [None, left[1]["noise"] <= 1.5]

    heel = {(r["date"], r["side"]): r["reps"] for r in progress["heel_raise"]}
    assert heel[(SECOND_TEST.isoformat(), "left")] == 18
    assert heel[(SECOND_TEST.isoformat(), "right")] == 26
    lsi = progress["heel_raise_lsi"]
    assert [row["date"] for row in lsi] == [FIRST_TEST.isoformat(), SECOND_TEST.isoformat()]
    assert lsi[1]["lsi_percent"] == round(100 * 18 / 26, 1) and lsi[1]["weaker_side"] == "left"

    assert [(r["date"], r["pain"]) for r in progress["pain_during"]] == [
        (PLAN_START.isoformat(), 3),
        ((PLAN_START + timedelta(days=2)).isoformat(), 1),
    ]
    assert [r["morning_pain"] for r in progress["morning"]] == [1, 1]

    # TODAY is the first day of week 2: weeks 1 and 2 have begun, week 3 has not.
    assert [row["week"] for row in progress["adherence"]] == [1, 2]
    week_1 = progress["adherence"][0]
    assert week_1["start"] == PLAN_START.isoformat() and week_1["done"] == 2
    assert week_1["prescribed"] >= 3 and week_1["percent"] == round(
        100 * 2 / week_1["prescribed"], 1
    )
    assert progress["adherence"][1]["start"] == TODAY.isoformat()

    markers = progress["decisions"]
    assert markers and {"date", "verdict", "rule", "exercise", "side", "reason"} <= set(markers[0])
    assert {m["verdict"] for m in markers} <= {"progress", "hold", "regress", "pause", "refer"}
