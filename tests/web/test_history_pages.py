"""Bounded history lists (issue 13, point 10): the session logs and the mornings come newest
first a page at a time (`limit` with a stated default and maximum, a cursor in the Link
header that is a key of the entry, so a log added between pages never makes one repeat or go
missing), and the history covers a stated number of days a page, the newest days first, with
the page before in the Link header; the OpenAPI document describes every parameter."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from anklet.domain.program import SessionKind
from anklet.domain.training_log import CheckIn, SessionLog
from anklet.domain.units import HISTORY_DAYS, HISTORY_DAYS_DEFAULT, LIST_PAGE, LIST_PAGE_DEFAULT
from tests.helpers import TODAY
from tests.web.conftest import API, add_sam, created, ok, problem

LOG_DAYS = [TODAY - timedelta(days=offset) for offset in range(0, 70, 3)]  # 24 days


def _store(anklet: Anklet, logs: list[tuple[date, SessionKind]], mornings: list[date]) -> None:
    """Logs and mornings straight into the store: a long history without a plan's days."""
    uow = anklet.uow()
    with uow:
        found = uow.athletes.by_handle("sam")
        assert found is not None and found.id is not None
        for day, kind in logs:
            at = datetime(day.year, day.month, day.day, 18)
            log = SessionLog(day=day, kind=kind, items=(), pain_during=1, recorded_at=at)
            uow.session_logs.add(found.id, log)
        for day in mornings:
            at = datetime(day.year, day.month, day.day, 7)
            uow.check_ins.add(
                found.id, CheckIn(day=day, morning_pain=0, stiffness=1, recorded_at=at)
            )
        uow.commit()


def _next(link: str | None) -> str | None:
    found = re.fullmatch(r'<([^>]+)>; rel="next"', link or "")
    return found.group(1) if found else None


def _walk(client: TestClient, address: str | None) -> list[Any]:
    """The body of every page, following the Link header."""
    bodies: list[Any] = []
    while address:
        response = client.get(address)
        bodies.append(ok(response))
        address = _next(response.headers.get("link"))
    return bodies


@pytest.mark.postgres
def test_the_logs_page_newest_first_and_a_log_added_meanwhile_moves_nothing(
    client: TestClient, anklet: Anklet
) -> None:
    add_sam(client)
    logs = [(day, SessionKind.STRENGTH) for day in LOG_DAYS]
    logs += [(LOG_DAYS[4], SessionKind.MOBILITY), (LOG_DAYS[4], SessionKind.TECHNIQUE)]
    _store(anklet, logs, [])
    first = client.get(f"{API}/athletes/sam/session-logs?limit=6")
    page = ok(first)
    assert [(e["date"], e["session"]) for e in page][:2] == [
        (LOG_DAYS[0].isoformat(), "strength"),
        (LOG_DAYS[1].isoformat(), "strength"),
    ]
    following = _next(first.headers.get("link"))
    assert following == f"{API}/athletes/sam/session-logs?after={LOG_DAYS[4]}.strength&limit=6"
    # A day's logs by kind: mobility, strength, technique; the cursor splits that day.
    assert [e["session"] for e in page[4:]] == ["mobility", "strength"]
    # Logged meanwhile: one newer than every page (not shown now), one far back (shown once).
    _store(anklet, [(TODAY - timedelta(days=1), SessionKind.STRENGTH)], [])
    _store(anklet, [(LOG_DAYS[-1] - timedelta(days=1), SessionKind.STRENGTH)], [])
    rest = _walk(client, following)
    pages = len(rest)
    shown = [(e["date"], e["session"]) for e in [*page, *(e for p in rest for e in p)]]
    expected = sorted(
        [(d.isoformat(), k.value) for d, k in logs]
        + [((LOG_DAYS[-1] - timedelta(days=1)).isoformat(), "strength")],
        key=lambda entry: (-date.fromisoformat(entry[0]).toordinal(), entry[1]),
    )
    assert shown == expected and pages == 4  # 21 more, 6 a page
    assert len(set(shown)) == len(shown)


def test_the_logs_page_default_and_bounds(client: TestClient, anklet: Anklet) -> None:
    add_sam(client)
    _store(anklet, [(day, SessionKind.STRENGTH) for day in LOG_DAYS], [])
    whole = client.get(f"{API}/athletes/sam/session-logs")
    assert len(ok(whole)) == LIST_PAGE_DEFAULT and _next(whole.headers.get("link"))
    everything = client.get(f"{API}/athletes/sam/session-logs?limit={int(LIST_PAGE.maximum)}")
    assert len(ok(everything)) == len(LOG_DAYS) and "link" not in everything.headers
    for bad in ("limit=0", f"limit={int(LIST_PAGE.maximum) + 1}", "limit=ten"):
        body = problem(client.get(f"{API}/athletes/sam/session-logs?{bad}"), 422)
        assert body["field"] == "limit"
    for cursor in ("2026-06-15", "2026-13-01.strength", "2026-06-15.nap", "x" * 31):
        body = problem(client.get(f"{API}/athletes/sam/session-logs?after={cursor}"), 422)
        assert body["field"] == "after"
    assert problem(client.get(f"{API}/athletes/nobody/session-logs"), 404)


@pytest.mark.postgres
def test_the_mornings_page_newest_first(client: TestClient, anklet: Anklet) -> None:
    add_sam(client)
    mornings = [TODAY - timedelta(days=offset) for offset in range(45)]
    _store(anklet, [], mornings)
    first = client.get(f"{API}/athletes/sam/check-ins")
    assert [e["date"] for e in ok(first)] == [d.isoformat() for d in mornings[:LIST_PAGE_DEFAULT]]
    last_shown = mornings[LIST_PAGE_DEFAULT - 1].isoformat()
    assert _next(first.headers.get("link")) == (
        f"{API}/athletes/sam/check-ins?after={last_shown}&limit={LIST_PAGE_DEFAULT}"
    )
    bodies = _walk(client, f"{API}/athletes/sam/check-ins?limit=7")
    assert [e["date"] for body in bodies for e in body] == [d.isoformat() for d in mornings]
    assert len(bodies) == 7
    assert problem(client.get(f"{API}/athletes/sam/check-ins?after=0"), 422)["field"] == "after"


@pytest.mark.postgres
def test_the_history_covers_days_a_page_newest_first(client: TestClient, anklet: Anklet) -> None:
    add_sam(client)
    mornings = [TODAY - timedelta(days=offset) for offset in range(0, 70, 2)]
    _store(anklet, [(day, SessionKind.STRENGTH) for day in LOG_DAYS], mornings)
    first = client.get(f"{API}/athletes/sam/history")
    page = ok(first)
    oldest = TODAY + timedelta(days=1) - timedelta(days=HISTORY_DAYS_DEFAULT)
    # The newest days; within the page, in the order they happened.
    assert [e["date"] for e in page["logs"]] == [
        d.isoformat() for d in reversed(LOG_DAYS) if d >= oldest
    ]
    assert [e["date"] for e in page["check_ins"]] == [
        d.isoformat() for d in reversed(mornings) if d >= oldest
    ]
    assert _next(first.headers.get("link")) == (
        f"{API}/athletes/sam/history?before={oldest}&days={HISTORY_DAYS_DEFAULT}"
    )
    pages = _walk(client, f"{API}/athletes/sam/history?days=30")
    logs = [e["date"] for p in reversed(pages) for e in p["logs"]]
    assert logs == [d.isoformat() for d in reversed(LOG_DAYS)] and len(pages) == 3
    mornings_seen = [e["date"] for p in reversed(pages) for e in p["check_ins"]]
    assert mornings_seen == [d.isoformat() for d in reversed(mornings)]
    for bad in ("days=0", f"days={int(HISTORY_DAYS.maximum) + 1}", "before=0"):
        assert problem(client.get(f"{API}/athletes/sam/history?{bad}"), 422)


def test_openapi_describes_the_pages(client: TestClient) -> None:
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for path in ("session-logs", "check-ins"):
        operation = paths[f"{API}/athletes/{{handle}}/{path}"]["get"]
        limit = next(p for p in operation["parameters"] if p["name"] == "limit")["schema"]
        assert (limit["minimum"], limit["maximum"], limit["default"]) == (
            LIST_PAGE.minimum,
            LIST_PAGE.maximum,
            LIST_PAGE_DEFAULT,
        )
        assert any(p["name"] == "after" for p in operation["parameters"])
        assert "Link" in operation["responses"]["200"]["headers"]
    history = paths[f"{API}/athletes/{{handle}}/history"]["get"]
    days = next(p for p in history["parameters"] if p["name"] == "days")["schema"]
    assert (days["minimum"], days["maximum"], days["default"]) == (1, 92, HISTORY_DAYS_DEFAULT)
    assert "Link" in history["responses"]["200"]["headers"]


@pytest.mark.postgres
def test_assessments_plans_and_the_lock_history_come_a_page_at_a_time(
    client: TestClient, sam: str
) -> None:
    for start in ("2026-06-22", "2026-06-29"):
        created(client.post(f"{API}/athletes/sam/plans", json={"start": start}))
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": [5]}))
    clearance = {"cleared_by": "Dr Lee, physiotherapist", "note": "x-ray clear"}
    created(client.post(f"{API}/athletes/sam/clearances", json=clearance))

    def whole_body(body: Any) -> list[Any]:
        return list(body)

    def entries(body: Any) -> list[Any]:
        return list(body["entries"])

    for path, pick in (
        ("assessments", whole_body),
        ("plans", whole_body),
        ("locks/history", entries),
    ):
        whole = pick(ok(client.get(f"{API}/athletes/sam/{path}?limit=100")))
        assert len(whole) >= 2, path
        pages = _walk(client, f"{API}/athletes/sam/{path}?limit=1")
        assert [entry for body in pages for entry in pick(body)] == whole, path
        assert len(pages) == len(whole)
        bad = client.get(f"{API}/athletes/sam/{path}?after=nothing-of-the-kind")
        assert problem(bad, 422)["field"] == "after"
        assert problem(client.get(f"{API}/athletes/sam/{path}?limit=0"), 422)["field"] == "limit"
