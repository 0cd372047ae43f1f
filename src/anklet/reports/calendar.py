"""A plan -> an RFC 5545 calendar (one all-day event per session) and a printable text.

Both are pure: the same plan, names and `generated_at` give the same bytes, so an exported file can
be compared with a stored one and re-importing it updates events instead of duplicating them (the
UIDs depend only on the athlete, the day, the kind and the position, not on the clock).
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from anklet.domain.program import Plan, PlannedSession, Prescription, Reason
    from anklet.services.reports import CalendarView

PRODID = "-//Anklet//Anklet plan//EN"
UID_DOMAIN = "anklet"

# Fixed English names: strftime("%a") follows the locale and would make the output vary.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Line and control characters would break the one-line-per-item layout (and RFC 5545 forbids
# controls in TEXT); a name or reason that carries one gets a space instead.
_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def plan_to_ical(
    plan: Plan,
    *,
    athlete_name: str,
    athlete_handle: str,
    generated_at: datetime,
    day_warnings: Mapping[date, Sequence[Reason]] | None = None,
) -> bytes:
    """The plan as an iCalendar file: one all-day VEVENT per session, items in the description.

    `generated_at` must be timezone-aware; it becomes every event's DTSTAMP (in UTC). Plan notes
    (a loading lock, missing tests ...) head the calendar description and the first event;
    `day_warnings` (what the day view warns of on each day: the lock in force, a held stage, a
    clearance) head every event of their day, as the today page shows them.
    """
    # Imported here: the CLI must not pay for icalendar on commands that do not export.
    from icalendar import Calendar, Event, vText

    if generated_at.tzinfo is None or generated_at.utcoffset() is None:
        raise ValueError("generated_at must be timezone-aware (e.g. datetime.now(UTC))")
    stamp = generated_at.astimezone(UTC)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(f"Anklet plan for {_clean(athlete_name)}"))
    calendar.add("x-wr-caldesc", vText(calendar_description(plan)))

    positions: dict[tuple[date, str], int] = {}
    for index, session in enumerate(_in_order(plan.sessions)):
        key = (session.day, session.kind.value)
        positions[key] = positions.get(key, 0) + 1
        event = Event()
        event.add("uid", session_uid(athlete_handle, session, positions[key]))
        event.add("dtstamp", stamp)
        event.add("dtstart", session.day)
        event.add("dtend", session.day + timedelta(days=1))
        event.add("summary", session_summary(session))
        notes = plan.notes if index == 0 else ()
        warnings = (day_warnings or {}).get(session.day, ())
        notes += tuple(w for w in warnings if w not in notes)
        event.add("description", session_description(session, notes=notes))
        event.add("categories", [session.kind.value])
        # An all-day training reminder should not mark the athlete as busy.
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def lived_calendar(view: CalendarView, *, athlete_handle: str, generated_at: datetime) -> bytes:
    """The calendar of a plan as lived (`services.reports.calendar_for_export`): each event
    holds its day's sessions as the day view answers them, headed by that day's warnings."""
    return plan_to_ical(
        view.plan,
        athlete_name=view.athlete.name,
        athlete_handle=athlete_handle,
        generated_at=generated_at,
        day_warnings={answer.day: answer.warnings for answer in view.days},
    )


def session_uid(athlete_handle: str, session: PlannedSession, position: int) -> str:
    """Stable across exports: handle, day, kind and the 1-based position among that day's
    sessions of that kind."""
    return f"{athlete_handle}-{session.day:%Y%m%d}-{session.kind.value}-{position}@{UID_DOMAIN}"


def session_summary(session: PlannedSession) -> str:
    """'Anklet: Strength A (week 3)'; the kind stands in for a missing title."""
    title = _clean(session.title) or session.kind.value
    return f"Anklet: {title} (week {session.week})"


def calendar_description(plan: Plan) -> str:
    lines = [
        f"Anklet plan, {plan.start.isoformat()} to {plan.end.isoformat()}, {plan.weeks} weeks."
    ]
    lines += [f"! {_reason(note)}" for note in plan.notes]
    return "\n".join(lines)


def session_description(session: PlannedSession, *, notes: Iterable[Reason] = ()) -> str:
    """The event text: notes first (if given), then each item with its reason, then the session's
    own reason. One line per item, so a calendar app shows it as a list."""
    lines = [f"! {_reason(note)}" for note in notes]
    if lines:
        lines.append("")
    lines.append(
        f"{session.kind.value.capitalize()} · week {session.week} · "
        f"about {_minutes(session.minutes)} min"
    )
    if session.items:
        lines.append("")
        lines += _item_lines(session.items, why_label="Why")
    lines += ["", f"Why this session: {_reason(session.why)}"]
    return "\n".join(lines)


def plan_to_text(plan: Plan, *, week: int | None = None, why: bool = True) -> str:
    """The plan week by week, for printing or `plan show`; `week` keeps one week only, and
    `why=False` leaves out each item's reason (one line per item)."""
    if week is not None and not 1 <= week <= plan.weeks:
        raise ValueError(f"week must be between 1 and {plan.weeks}, not {week}")
    lines = [f"Anklet plan: {_day(plan.start)} to {_day(plan.end)} ({plan.weeks} weeks)"]
    if plan.locked:
        lines.append("Loading is locked: mobility only.")
    said = _reason if why else _words
    lines += [f"! {said(note)}" for note in plan.notes]
    if plan.revisions:
        lines += ["", "Changes since the plan was made:"]
        lines += [f"  {_day(r.day)}  {said(r.why)}" for r in plan.revisions]
    weeks = range(1, plan.weeks + 1) if week is None else (week,)
    by_week = {n: [s for s in _in_order(plan.sessions) if s.week == n] for n in weeks}
    for number, sessions in by_week.items():
        lines += ["", _week_heading(plan, number)]
        if not sessions:
            lines.append("  (no sessions)")
        for session in sessions:
            title = _clean(session.title) or session.kind.value
            lines.append(
                f"  {_day(session.day)}  {session.kind.value}: {title} "
                f"({_minutes(session.minutes)} min)"
            )
            lines += [
                f"    {line}" for line in _item_lines(session.items, why_label="why" if why else "")
            ]
    return "\n".join(lines) + "\n"


def _week_heading(plan: Plan, number: int) -> str:
    first = plan.start + timedelta(days=7 * (number - 1))
    heading = f"Week {number} ({_day(first)} to {_day(first + timedelta(days=6))})"
    phase = plan.phase_of(number)
    if phase is not None:
        heading += (
            f" · {_clean(phase.name)} (stage left {phase.stage_left}, right {phase.stage_right})"
        )
    if number in plan.deload_weeks:
        heading += " · lighter week"
    return heading


def _item_lines(items: tuple[Prescription, ...], *, why_label: str) -> list[str]:
    """'1. Calf raise (left): 3 × 15 reps, rest 60 s' and an indented reason under each item
    (none when `why_label` is empty); block headings only when the session has a warm-up."""
    lines: list[str] = []
    headed = any(item.block != "main" for item in items)
    block = None
    for number, item in enumerate(items, start=1):
        if headed and item.block != block:
            block = item.block
            lines.append(f"{_clean(block).capitalize()}:")
        line = (
            f"{number}. {_clean(item.exercise_name)} ({item.side.value}): {_clean(item.describe())}"
        )
        if item.load and item.load != "body weight":
            line += f"; load {_clean(item.load)}"
        lines.append(line)
        if why_label:
            lines.append(f"   {why_label}: {_reason(item.why)}")
    return lines


def _words(reason: Reason) -> str:
    return _clean(reason.text)


def _reason(reason: Reason) -> str:
    return f"{_clean(reason.text)} (rule {_clean(reason.rule)}; source: {_clean(reason.source)})"


def _in_order(sessions: Iterable[PlannedSession]) -> list[PlannedSession]:
    """By day; sessions on the same day keep the plan's order (sorted() is stable)."""
    return sorted(sessions, key=lambda session: session.day)


def _day(day: date) -> str:
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _minutes(minutes: float) -> str:
    return f"{minutes:g}"


# icalendar reads the two characters backslash-N in a value as an escaped line break and
# turns them into one when writing, so a backslash cannot survive the round trip. Shown as
# the look-alike reverse solidus operator instead (text in Anklet almost never has one).
BACKSLASH_STAND_IN = "\u29f5"


def _clean(text: str) -> str:
    kept = "".join(" " if unicodedata.category(c) in _BREAKING else c for c in text)
    return kept.replace("\\", BACKSLASH_STAND_IN)
