"""The server's own lists a page at a time (issue 13, every list route): the clinical notes,
an account's API tokens and the audit log take `limit` (the shared default and maximum) and
a cursor, name the next page in the `Link` header, and say so in the OpenAPI document. The
notes were every note there was, the tokens every token; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import datetime

from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import update

from anklet.bootstrap import Anklet
from anklet.domain.units import LIST_PAGE, LIST_PAGE_DEFAULT
from anklet.services.accounts import AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX
from anklet.storage.account_tables import clinical_notes
from tests.server.conftest import API, Cast, csrf_of

NOTES = f"{API}/athletes/ana/clinical-notes"
ONE_MOMENT = datetime(2026, 6, 15, 9, 30)


def _next(response: Response) -> str | None:
    link = response.headers.get("link", "")
    found = re.fullmatch(r'<([^>]+)>; rel="next"', link)
    return found.group(1) if found else None


def _walk(client: TestClient, address: str, most: int) -> tuple[list[int], int]:
    """The ids of every page from `address` on, following the Link header; and the pages."""
    seen: list[int] = []
    pages = 0
    following: str | None = address
    while following:
        page = client.get(following)
        assert page.status_code == 200, page.text
        assert 1 <= len(page.json()) <= most
        seen += [entry["id"] for entry in page.json()]
        pages += 1
        following = _next(page)
    return seen, pages


def _note(cast: Cast, text: str) -> int:
    added = cast.coach_a.post(NOTES, json={"text": text})
    assert added.status_code == 201, added.text
    note_id: int = added.json()["id"]
    return note_id


def _same_moment(server: Anklet, ids: list[int]) -> None:
    """Notes written at one moment (two coaches at once): a tie in the sort key."""
    with server.engine.begin() as connection:
        connection.execute(
            update(clinical_notes).where(clinical_notes.c.id.in_(ids)).values(written_at=ONE_MOMENT)
        )


def test_the_clinical_notes_come_newest_first_a_page_at_a_time(cast: Cast, server: Anklet) -> None:
    made = [_note(cast, f"note {n}") for n in range(7)]
    _same_moment(server, made[1:5])  # four notes of one moment, older than the other three
    newest_first = [*sorted(made[5:], reverse=True), made[0], *sorted(made[1:5], reverse=True)]
    whole = cast.coach_a.get(NOTES)
    assert [n["id"] for n in whole.json()] == newest_first and "link" not in whole.headers
    # Sorted by (written_at, id) newest first: the untouched notes are later than ONE_MOMENT.
    assert whole.json()[-1]["written_at"] == ONE_MOMENT.isoformat(timespec="seconds")

    first = cast.coach_a.get(f"{NOTES}?limit=2")
    assert _next(first) == f"{NOTES}?after={newest_first[1]}&limit=2"
    _note(cast, "written between two pages")  # newer than the cursor: never in a later page
    seen, pages = _walk(cast.coach_a, f"{NOTES}?after={newest_first[1]}&limit=2", 2)
    assert newest_first[:2] + seen == newest_first and pages == 3
    # The page ends inside the tie and the next one goes on within it.
    seen, _ = _walk(cast.coach_a, f"{NOTES}?after={newest_first[4]}&limit=1", 1)
    assert seen == newest_first[5:]


def test_a_bad_page_of_notes_is_a_422_naming_the_field(cast: Cast) -> None:
    _note(cast, "one")
    only = cast.coach_a.get(NOTES).json()[0]["id"]
    for query, field in (
        ("limit=0", "limit"),
        (f"limit={int(LIST_PAGE.maximum) + 1}", "limit"),
        ("after=x", "after"),
        ("after=0", "after"),
        ("after=999999", "after"),  # no such note
    ):
        answer = cast.coach_a.get(f"{NOTES}?{query}")
        assert answer.status_code == 422, (query, answer.text)
        assert answer.json()["field"] == field, (query, answer.json())
    assert cast.coach_a.get(f"{NOTES}?after={only}").json() == []  # after the last: none


def test_a_note_of_another_athlete_is_no_cursor(cast: Cast) -> None:
    """A cursor names a note of this athlete: another's id says nothing of this list."""
    link = cast.athlete_b.post(f"{API}/coach-links/invitations").json()["path"]
    token = link.split("token=", 1)[1]
    assert cast.coach_a.post(f"{API}/coach-links", json={"token": token}).status_code == 201
    bens = cast.coach_a.post(f"{API}/athletes/ben/clinical-notes", json={"text": "ben's"})
    answer = cast.coach_a.get(f"{NOTES}?after={bens.json()['id']}")
    assert answer.status_code == 422 and answer.json()["field"] == "after"


def test_the_overview_shows_a_page_of_notes_and_links_the_older(cast: Cast) -> None:
    made = [_note(cast, f"note number {n}") for n in range(LIST_PAGE_DEFAULT + 2)]
    page = cast.coach_a.get("/athletes/ana", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "note number 21" in page.text and "note number 1<" not in page.text
    older = re.search(r'href="(\?[^"]+)#notes" id="older-notes"', page.text)
    assert older is not None
    assert older.group(1).replace("&amp;", "&") == f"?after={made[2]}&limit={LIST_PAGE_DEFAULT}"
    rest = cast.coach_a.get(f"/athletes/ana{older.group(1).replace('&amp;', '&')}")
    assert "note number 1<" in rest.text and "note number 0<" in rest.text
    assert "note number 2<" not in rest.text and 'id="older-notes"' not in rest.text
    bad = cast.coach_a.get("/athletes/ana?after=nope", headers={"accept": "text/html"})
    assert bad.status_code == 422 and "after" in bad.text


def test_the_tokens_come_in_the_order_made_a_page_at_a_time(cast: Cast) -> None:
    made = []
    for n in range(5):
        answer = cast.athlete_a.post(f"{API}/tokens", json={"label": f"script {n}"})
        assert answer.status_code == 201, answer.text
        made.append(answer.json()["id"])
    cast.athlete_b.post(f"{API}/tokens", json={"label": "ben's"})  # another account's
    whole = cast.athlete_a.get(f"{API}/tokens")
    assert [t["id"] for t in whole.json()] == made and "link" not in whole.headers
    seen, pages = _walk(cast.athlete_a, f"{API}/tokens?limit=2", 2)
    assert seen == made and pages == 3
    for query, field in (("limit=0", "limit"), ("limit=101", "limit"), ("after=x", "after")):
        answer = cast.athlete_a.get(f"{API}/tokens?{query}")
        assert answer.status_code == 422 and answer.json()["field"] == field, query


def test_the_audit_log_names_its_next_page(cast: Cast) -> None:
    for _ in range(4):
        cast.coach_a.get(f"{API}/athletes/ana")  # each read by a coach is logged
    everything = cast.admin.get(f"{API}/audit?limit={AUDIT_PAGE_MAX}").json()
    seen, _ = _walk(cast.admin, f"{API}/audit?limit=3", 3)
    assert seen == [e["id"] for e in everything] and seen == sorted(seen, reverse=True)
    answer = cast.admin.get(f"{API}/audit?before=x")
    assert answer.status_code == 422 and answer.json()["field"] == "before"


def test_openapi_states_each_page(cast: Cast) -> None:
    document = cast.anonymous.get(f"{API}/openapi.json").json()
    for path, (default, most) in {
        "/athletes/{handle}/clinical-notes": (LIST_PAGE_DEFAULT, int(LIST_PAGE.maximum)),
        "/tokens": (LIST_PAGE_DEFAULT, int(LIST_PAGE.maximum)),
        "/audit": (AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX),
    }.items():
        operation = document["paths"][f"{API}{path}"]["get"]
        limit = next(p for p in operation["parameters"] if p["name"] == "limit")["schema"]
        assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, most, default)
        assert "Link" in operation["responses"]["200"]["headers"], path


def test_the_note_form_still_adds_to_the_first_page(cast: Cast) -> None:
    token = csrf_of(cast.coach_a, "/athletes/ana")
    posted = cast.coach_a.post(
        "/athletes/ana/notes",
        data={"text": "From the form", "csrf_token": token},
        follow_redirects=False,
    )
    assert posted.status_code == 303
    assert cast.coach_a.get(NOTES).json()[0]["text"] == "From the form"
