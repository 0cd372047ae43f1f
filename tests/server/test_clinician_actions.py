"""What a coach does on a linked athlete's record (issue 15, point 5), on SQLite and
PostgreSQL: clinical notes only coaches see, and a clearance recorded in the coach's own
name, both in the audit log."""

from __future__ import annotations

from tests.server.conftest import API, Cast, csrf_of


def test_clinical_notes_are_for_linked_coaches_only(cast: Cast) -> None:
    added = cast.coach_a.post(
        f"{API}/athletes/ana/clinical-notes", json={"text": "Achilles settled; hop from week 3."}
    )
    assert added.status_code == 201, added.text
    assert added.json()["author"] == "Coach.A"
    notes = cast.coach_a.get(f"{API}/athletes/ana/clinical-notes").json()
    assert [n["text"] for n in notes] == ["Achilles settled; hop from week 3."]
    for outsider in (cast.athlete_a, cast.athlete_b, cast.other_coach, cast.admin):
        assert outsider.get(f"{API}/athletes/ana/clinical-notes").status_code == 404
    blank = cast.coach_a.post(f"{API}/athletes/ana/clinical-notes", json={"text": "  "})
    assert blank.status_code == 422 and blank.json()["field"] == "note"
    page = cast.coach_a.get("/athletes/ana", headers={"accept": "text/html"})
    assert 'id="notes"' in page.text and "Achilles settled" in page.text
    own = cast.athlete_a.get("/athletes/ana", headers={"accept": "text/html"})
    assert (
        own.status_code == 200
        and "Achilles settled" not in own.text
        and 'id="notes"' not in own.text
    )
    token = csrf_of(cast.coach_a, "/athletes/ana")
    posted = cast.coach_a.post(
        "/athletes/ana/notes",
        data={"text": "Second note", "csrf_token": token},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert len(cast.coach_a.get(f"{API}/athletes/ana/clinical-notes").json()) == 2


def test_a_coach_records_a_clearance_in_their_own_name(cast: Cast) -> None:
    locked = cast.athlete_a.post(f"{API}/athletes/ana/screenings", json={"yes": [8]})
    assert locked.status_code == 201, locked.text
    assert cast.athlete_a.get(f"{API}/athletes/ana/locks").json()["locked"]
    cleared = cast.coach_a.post(
        f"{API}/athletes/ana/clearances",
        json={"note": "Seen today, no red flags on examination", "cleared_by": "Dr Nobody"},
    )
    assert cleared.status_code == 201, cleared.text
    assert cleared.json()["cleared_by"] == "Coach.A (coach.a@clinic.test)"
    events = cast.admin.get(f"{API}/audit", params={"limit": 500}).json()
    assert any(
        e["action"] == "clearance.record" and e["actor"] == "coach.a@clinic.test" for e in events
    )
    assert not cast.athlete_a.get(f"{API}/athletes/ana/locks").json()["locked"]


def test_a_note_or_a_change_with_a_lone_surrogate_or_a_nul_is_a_422(cast: Cast) -> None:
    for body in (b'{"text": "bad \\ud800 note"}', b'{"text": "bad \\u0000 note"}'):
        answer = cast.coach_a.post(
            f"{API}/athletes/ana/clinical-notes",
            content=body,
            headers={"content-type": "application/json"},
        )
        assert answer.status_code == 422, answer.text
    change = (
        b'{"kind": "remove", "exercise": "pogo-hop", "first_day": "2026-06-15", '
        b'"last_day": "2026-06-15", "reason": "\\ud800"}'
    )
    answer = cast.coach_a.post(
        f"{API}/athletes/ana/plan-changes",
        content=change,
        headers={"content-type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == "reason"
