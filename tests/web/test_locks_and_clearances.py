"""Locks, clearances and the warning signs of a session, through /api/v1 and the pages, on
SQLite and PostgreSQL: a clearance names who cleared and which open locks it lifts, a lock
from warning signs waits for the red-flag questions, and the history keeps every lock and
clearance in the order recorded."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.helpers import TODAY
from tests.web.conftest import API, add_sam, created, ok, problem
from tests.web.test_pages import add_sam as add_sam_page
from tests.web.test_pages import field_errors, form_values, token

PAIN_MISSING = "choose the pain you felt, 0-10"


def _two_locks(client: TestClient) -> tuple[str, str]:
    """A same-day flag (all loading), then a bone-stress flag (impact)."""
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": [5]}))
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": [8]}))
    locks = ok(client.get(f"{API}/athletes/sam/locks"))
    assert locks["athlete"] == "sam" and locks["locked"] is True
    assert [(lock["restriction"], lock["since"]) for lock in locks["locks"]] == [
        ("all-loading", TODAY.isoformat()),
        ("impact", TODAY.isoformat()),
    ]
    return locks["locks"][0]["key"], locks["locks"][1]["key"]


def _plan_today(client: TestClient) -> None:
    """A test and a plan that start today (a Monday), so today has a strength session."""
    created(
        client.post(
            f"{API}/athletes/sam/assessments",
            json={"left": {"lunge": 8.0, "heel_raise_reps": 18}, "right": {"lunge": 11.0}},
        )
    )
    created(client.post(f"{API}/athletes/sam/plans", json={"start": TODAY.isoformat()}))


# --- API -------------------------------------------------------------------------------------


def test_a_clearance_without_cleared_by_is_a_422_naming_the_field(client: TestClient) -> None:
    add_sam(client)
    _two_locks(client)
    body = problem(client.post(f"{API}/athletes/sam/clearances", json={"note": "ok"}), 422)
    assert body["field"] == "cleared_by"
    blank = {"note": "ok", "cleared_by": "   "}
    found = problem(client.post(f"{API}/athletes/sam/clearances", json=blank), 422)
    assert (found["field"], found["value"]) == ("cleared_by", "   ")
    assert "who cleared you" in found["allowed"]
    assert ok(client.get(f"{API}/athletes/sam/locks"))["locked"] is True


def test_an_unknown_lift_key_is_a_422_listing_the_open_keys(client: TestClient) -> None:
    add_sam(client)
    fracture, bone = _two_locks(client)
    body = {"note": "ok", "cleared_by": "Dr Lee", "lifts": [fracture, "screening:99:q1"]}
    found = problem(client.post(f"{API}/athletes/sam/clearances", json=body), 422)
    assert (found["field"], found["value"]) == ("lifts", "screening:99:q1")
    assert found["allowed"] == f"the key of an open lock: {fracture}, {bone}"
    for lifts in ([], ["k"] * 101, ["x" * 201]):
        bad = {"note": "ok", "cleared_by": "Dr Lee", "lifts": lifts}
        assert problem(client.post(f"{API}/athletes/sam/clearances", json=bad), 422)
    assert len(ok(client.get(f"{API}/athletes/sam/locks"))["locks"]) == 2


def test_a_clearance_lifts_the_locks_it_names_and_the_history_keeps_the_order(
    client: TestClient,
) -> None:
    add_sam(client)
    fracture, bone = _two_locks(client)
    body = {"cleared_by": "Dr Lee, physiotherapist", "note": "x-ray clear", "lifts": [fracture]}
    cleared = created(client.post(f"{API}/athletes/sam/clearances", json=body))
    assert cleared == {
        "date": TODAY.isoformat(),
        "cleared_by": "Dr Lee, physiotherapist",
        "note": "x-ray clear",
        "lifts": [fracture],
        "locked": True,
        "lock_reason": cleared["lock_reason"],
    }
    assert "red flag 8" in cleared["lock_reason"]
    assert [lock["key"] for lock in ok(client.get(f"{API}/athletes/sam/locks"))["locks"]] == [bone]
    rest = {"cleared_by": "myself, after re-screening", "note": "no shin pain"}
    last = created(client.post(f"{API}/athletes/sam/clearances", json=rest))
    assert (last["lifts"], last["locked"], last["lock_reason"]) == ([bone], False, None)

    history = ok(client.get(f"{API}/athletes/sam/locks/history"))
    assert history["athlete"] == "sam"
    entries = history["entries"]
    assert [(e["kind"], e["key"], e["cleared_by"], e["lifts"]) for e in entries] == [
        ("lock", fracture, None, None),
        ("lock", bone, None, None),
        ("clearance", None, "Dr Lee, physiotherapist", [fracture]),
        ("clearance", None, "myself, after re-screening", [bone]),
    ]
    assert [e["recorded_at"] for e in entries] == sorted(e["recorded_at"] for e in entries)
    assert [e["text"] for e in entries[2:]] == ["x-ray clear", "no shin pain"]
    assert ok(client.get(f"{API}/athletes/sam/history"))["locks"] == entries
    nothing = {"cleared_by": "Dr Lee", "note": "again"}
    assert (
        "nothing to clear"
        in problem(client.post(f"{API}/athletes/sam/clearances", json=nothing), 409)["detail"]
    )


def test_warning_signs_with_a_session_lock_until_a_screening_then_a_clearance(
    client: TestClient,
) -> None:
    add_sam(client)
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": []}))
    _plan_today(client)
    logged = created(
        client.post(f"{API}/athletes/sam/session-logs", json={"pain": 2, "sharp_pain": True})
    )
    assert (logged["sharp_pain"], logged["swelling"], logged["unusual_tightness"]) == (
        True,
        False,
        False,
    )
    (lock,) = ok(client.get(f"{API}/athletes/sam/locks"))["locks"]
    assert lock["rule"] == "guard.warning-signs-log" and "sharp pain" in lock["reason"]
    clearance = {"cleared_by": "Dr Lee", "note": "fine", "lifts": [lock["key"]]}
    waiting = problem(client.post(f"{API}/athletes/sam/clearances", json=clearance), 409)
    assert "red-flag questions again" in waiting["detail"]
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": []}))
    assert created(client.post(f"{API}/athletes/sam/clearances", json=clearance))["lifts"] == [
        lock["key"]
    ]
    (stored,) = ok(client.get(f"{API}/athletes/sam/history"))["logs"]
    assert stored["sharp_pain"] is True


def test_the_locks_of_an_unknown_athlete_are_404(client: TestClient) -> None:
    problem(client.get(f"{API}/athletes/ghost/locks"), 404)
    problem(client.get(f"{API}/athletes/ghost/locks/history"), 404)


# --- pages -----------------------------------------------------------------------------------


def _lift_boxes(html: str) -> list[tuple[str, bool]]:
    """The clearance form's lock checkboxes: (key, ticked)."""
    boxes = re.findall(
        r'<input type="checkbox" name="lift" value="([^"]+)"[^>]*?( checked)?>', html
    )
    return [(key, bool(ticked)) for key, ticked in boxes]


def _post_clearance(client: TestClient, csrf: str, **fields: Any) -> Any:
    return client.post("/athletes/sam/clearance", data={"csrf_token": csrf} | fields)


def test_the_clearance_form_lists_the_open_locks_ticked_and_asks_who_cleared(
    client: TestClient,
) -> None:
    csrf = token(client)
    add_sam_page(client, csrf)
    client.post("/athletes/sam/screen", data={"csrf_token": csrf, "yes": "5"})
    result = client.post("/athletes/sam/screen", data={"csrf_token": csrf, "yes": "8"})
    assert 'id="clearance-form"' in result.text
    overview = client.get("/athletes/sam").text
    boxes = _lift_boxes(overview)
    assert [ticked for _, ticked in boxes] == [True, True]
    (fracture, _), (bone, _) = boxes
    assert _lift_boxes(result.text) == boxes
    assert re.search(r'name="cleared_by"[^>]*required', overview)

    # Who cleared is required: the form again, with the message and the boxes as sent.
    missing = _post_clearance(client, csrf, note="scan clear", lift=[bone])
    assert missing.status_code == 422
    assert any("who cleared you" in error for error in field_errors(missing))
    assert _lift_boxes(missing.text) == [(fracture, False), (bone, True)]
    assert 'value="scan clear"' in missing.text

    none = _post_clearance(client, csrf, cleared_by="Dr Lee", note="ok")
    assert none.status_code == 422
    assert any("at least one open lock ticked" in error for error in field_errors(none))
    unknown = _post_clearance(client, csrf, cleared_by="Dr Lee", note="ok", lift="nope")
    assert unknown.status_code == 422
    assert any(fracture in error and bone in error for error in field_errors(unknown))

    lifted = _post_clearance(client, csrf, cleared_by="Dr Lee", note="x-ray clear", lift=fracture)
    assert lifted.status_code == 200 and str(lifted.url).endswith("/athletes/sam")
    assert _lift_boxes(lifted.text) == [(bone, True)]
    assert "Loading is locked" in lifted.text

    status = client.get("/athletes/sam/status").text
    history = re.search(r'<section class="panel" id="lock-history">(.*?)</section>', status, re.S)
    assert history
    # Newest first on the page (the API's order, reversed).
    lines = re.findall(r"<li>(.*?)</li>", history.group(1), re.S)[::-1]
    assert len(lines) == 3
    assert fracture in lines[0] and "lifted" in lines[0]
    assert bone in lines[1] and "still open" in lines[1]
    assert "by Dr Lee: x-ray clear" in lines[2] and fracture in lines[2]


def test_a_warning_sign_lock_asks_for_the_screening_before_the_clearance(
    client: TestClient,
) -> None:
    csrf = token(client)
    add_sam_page(client, csrf)
    client.post("/athletes/sam/screen", data={"csrf_token": csrf})
    _plan_today(client)
    client.post(f"{API}/athletes/sam/session-logs", json={"pain": 1, "swelling": True})
    (key, ticked), *_ = _lift_boxes(client.get("/athletes/sam").text)
    assert ticked
    waiting = _post_clearance(client, csrf, cleared_by="Dr Lee", note="fine", lift=key)
    assert waiting.status_code == 409
    assert any("red-flag questions again" in error for error in field_errors(waiting))
    assert 'id="clearance-form"' in waiting.text


def test_the_log_form_starts_without_a_pain_and_refuses_to_save_without_one(
    client: TestClient,
) -> None:
    csrf = token(client)
    add_sam_page(client, csrf)
    client.post("/athletes/sam/screen", data={"csrf_token": csrf})
    _plan_today(client)
    page = client.get("/athletes/sam/log").text
    pain = re.search(r'<input id="f-pain"[^>]*>', page)
    assert pain and 'value=""' in pain.group(0) and "required" in pain.group(0)
    assert 'type="range"' not in pain.group(0), "a slider always sends a value"
    for name in ("sharp_pain", "swelling", "unusual_tightness"):
        assert re.search(rf'<input type="checkbox" name="{name}" value="on"', page), name

    posted = form_values(page)
    assert posted["pain"] == ""
    refused = client.post("/athletes/sam/log", data=posted | {"swelling": "on"})
    assert refused.status_code == 422
    assert field_errors(refused) == [PAIN_MISSING]
    assert re.search(r'name="swelling" value="on"[^>]*checked', refused.text)
    assert ok(client.get(f"{API}/athletes/sam/history"))["logs"] == []

    saved = client.post("/athletes/sam/log", data=posted | {"pain": "2", "swelling": "on"})
    assert saved.status_code == 200 and str(saved.url).endswith("/status"), saved.text
    (logged,) = ok(client.get(f"{API}/athletes/sam/history"))["logs"]
    assert (logged["pain"], logged["swelling"], logged["sharp_pain"]) == (2, True, False)
    assert "guard.warning-signs-log" in saved.text
