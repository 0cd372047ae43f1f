"""The caseload (issue 15, point 4) over the state kept on every write, through the API and the
page, on SQLite and PostgreSQL: flagged athletes first, filters, and a cursor that stays put."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import delete

from anklet.bootstrap import Anklet
from anklet.storage.state_tables import athlete_states
from tests.web.conftest import API, ok, problem


def _athlete(client: TestClient, handle: str) -> None:
    response = client.post(f"{API}/athletes", json={"handle": handle, "name": handle.title()})
    assert response.status_code == 201, response.text


def _screen(client: TestClient, handle: str, yes: list[int]) -> None:
    response = client.post(f"{API}/athletes/{handle}/screenings", json={"yes": yes})
    assert response.status_code in (200, 201), response.text


def _caseload(client: TestClient, **params: str | int) -> dict[str, object]:
    found: dict[str, object] = ok(client.get(f"{API}/caseload", params=params))
    return found


def test_a_red_flag_comes_first_then_a_lock_then_the_rest(client: TestClient) -> None:
    for handle in ("ann", "bob", "cat", "dan"):
        _athlete(client, handle)
    _screen(client, "ann", [])
    _screen(client, "bob", [8])  # locked: a red flag (see a clinician soon)
    _screen(client, "cat", [])
    page = _caseload(client)
    rows = page["athletes"]
    assert isinstance(rows, list)
    handles = [r["handle"] for r in rows]
    # dan has nothing kept (never written to since he was added): not knowing comes first.
    assert handles[:2] == ["dan", "bob"]
    bob = rows[1]
    assert bob["locked"] and {f["code"] for f in bob["flags"]} >= {"locked"}
    assert {r["handle"] for r in rows} == {"ann", "bob", "cat", "dan"}
    locked = _caseload(client, only="locked")["athletes"]
    assert isinstance(locked, list) and [r["handle"] for r in locked] == ["bob"]


def test_the_cursor_walks_every_athlete_once_while_others_write(client: TestClient) -> None:
    handles = [f"a{n:02d}" for n in range(7)]
    for handle in handles:
        _athlete(client, handle)
        _screen(client, handle, [])
    seen: list[str] = []
    page = _caseload(client, order="handle", limit=3)
    while True:
        rows = page["athletes"]
        assert isinstance(rows, list)
        seen += [r["handle"] for r in rows]
        _screen(client, "a00", [8])  # a write between pages moves a00 up the attention order
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert isinstance(cursor, str)
        page = _caseload(client, order="handle", limit=3, cursor=cursor)
    assert seen == handles


def test_bad_caseload_parameters_are_problems_naming_them(client: TestClient) -> None:
    assert "order" in problem(client.get(f"{API}/caseload", params={"order": "age"}), 422)["detail"]
    assert "only" in problem(client.get(f"{API}/caseload", params={"only": "x"}), 422)["detail"]
    too_many = client.get(f"{API}/caseload", params={"limit": 101})
    assert problem(too_many, 422)
    forged = client.get(f"{API}/caseload", params={"cursor": "bm90IGEgY3Vyc29y"})
    assert "cursor" in problem(forged, 422)["detail"]
    other_order = _cursor_of_handle_order(client)
    wrong = client.get(f"{API}/caseload", params={"cursor": other_order})
    assert "cursor" in problem(wrong, 422)["detail"]


def _cursor_of_handle_order(client: TestClient) -> str:
    for handle in ("x1", "x2"):
        _athlete(client, handle)
    cursor = _caseload(client, order="handle", limit=1)["next_cursor"]
    assert isinstance(cursor, str)
    return cursor


def test_the_page_lists_and_filters_and_says_what_is_not_kept(
    client: TestClient, anklet: Anklet
) -> None:
    _athlete(client, "ann")
    _screen(client, "ann", [8])
    _athlete(client, "bob")
    _screen(client, "bob", [])
    with anklet.engine.begin() as connection:  # as a database from before the kept state
        connection.execute(delete(athlete_states).where(athlete_states.c.athlete_id == 2))
    html = client.get("/caseload").text
    assert "Ann" in html and "locked" in html
    assert "Nothing kept yet" in html
    only = client.get("/caseload", params={"only": "locked"}).text
    assert "Ann" in only and "Bob" not in only
    bad = client.get("/caseload", params={"order": "<script>"})
    assert bad.status_code == 422 and "<script>" not in bad.text


def test_the_attention_order_pages_across_unkept_and_kept_athletes(client: TestClient) -> None:
    """The attention order is read in two parts (nothing kept, then by score): a cursor
    crosses from one to the other without losing or repeating anyone."""
    for handle in ("ann", "bob", "cat", "dan", "eve"):
        _athlete(client, handle)
    for handle, yes in (("bob", [8]), ("cat", []), ("eve", [])):
        _screen(client, handle, yes)
    whole = _caseload(client, limit=50)["athletes"]
    assert isinstance(whole, list)
    expected = [r["handle"] for r in whole]
    assert expected[:3] == ["ann", "dan", "bob"]  # nothing kept first, then the red flag
    for size in (1, 2, 3):
        seen: list[str] = []
        page = _caseload(client, limit=size)
        while True:
            rows = page["athletes"]
            assert isinstance(rows, list)
            seen += [r["handle"] for r in rows]
            if not page["next_cursor"]:
                break
            page = _caseload(client, limit=size, cursor=str(page["next_cursor"]))
        assert seen == expected, size
