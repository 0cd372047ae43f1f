"""The calendar is the day view (issue 10, point 8): every event of the exported .ics, re-read
with icalendar, holds its day's sessions exactly as the day view answers them, headed by that
day's warnings: the lock in force while it holds, the clearance day, loading back after it.
On SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from anklet.domain.program import SessionKind
from anklet.reports.calendar import lived_calendar
from anklet.services.plans import day_view
from anklet.services.reports import calendar_for_export
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY
from tests.report_story import CLEARED, HANDLE, READ, RED_FLAG, START, clock_on, play_story

STAMP = datetime(2026, 6, 15, 12, tzinfo=UTC)


def _events(uow: SqlUnitOfWork, today: date) -> dict[date, list[tuple[str, str]]]:
    view = calendar_for_export(uow=uow, handle=HANDLE, clock=clock_on(today), **READ)
    data = lived_calendar(view, athlete_handle=HANDLE, generated_at=STAMP)
    by_day: dict[date, list[tuple[str, str]]] = defaultdict(list)
    for event in Calendar.from_ical(data).walk("VEVENT"):
        kind = event.get("categories").cats[0]
        by_day[event.decoded("dtstart")].append((kind, str(event.get("description"))))
    return by_day


def test_each_event_is_its_day_as_the_day_view_shows_it(uow: SqlUnitOfWork) -> None:
    play_story(uow, cleared=False)
    today = TODAY
    events = _events(uow, today)
    locked_days = 0
    for offset in range(-7, 14):
        day = today + timedelta(days=offset)
        view = day_view(uow=uow, handle=HANDLE, day=day, clock=clock_on(today), **READ)
        shown = events.get(day, [])
        assert [kind for kind, _ in shown] == [s.kind.value for s in view.sessions], day
        for (_, description), session in zip(shown, view.sessions, strict=True):
            for item in session.items:
                assert item.exercise_name in description, (day, item.exercise_id)
            for warning in view.warnings:
                assert warning.text in description, (day, warning.rule)
        if day >= RED_FLAG and shown:
            assert {kind for kind, _ in shown} <= {"mobility", "retest"}, day
            assert "Loading is locked" in shown[0][1], day
            locked_days += 1
    assert locked_days > 0


def test_after_a_clearance_the_calendar_loads_again_from_the_next_day(uow: SqlUnitOfWork) -> None:
    play_story(uow, cleared=True)
    events = _events(uow, TODAY)
    locked = [d for d in events if RED_FLAG <= d <= CLEARED]
    assert locked and all(
        {k for k, _ in events[d]} <= {SessionKind.MOBILITY.value, SessionKind.RETEST.value}
        for d in locked
    )
    after = [d for d in events if d > CLEARED]
    assert any(k == SessionKind.STRENGTH.value for d in after for k, _ in events[d])
    on_the_day = [text for _, text in events.get(CLEARED, [])]
    assert all("loading resumes tomorrow" in text for text in on_the_day)
    first_week_back = [d for d in after if d <= CLEARED + timedelta(days=7)]
    assert all(
        f"Cleared on {CLEARED.isoformat()}" in t for d in first_week_back for _, t in events[d]
    )
    assert min(events) >= START
