"""The calendar export (issue 4, point 7): one all-day event per session, re-read with icalendar
exactly as a calendar app would, and the printable text of the same plan.

Plans are built by hand from the domain dataclasses so these tests do not depend on the generator.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Component, vCategory

from anklet.domain.program import (
    Phase,
    Plan,
    PlannedSession,
    Prescription,
    Reason,
    SessionKind,
    SideChoice,
)
from anklet.reports.calendar import (
    PRODID,
    plan_to_ical,
    plan_to_text,
    session_description,
)

START = date(2026, 1, 5)  # a Monday
GENERATED = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
LOCK = Reason(
    "Loading is locked: you reported night pain; see a physiotherapist, then record a clearance.",
    "safety.red-flag-lock",
    "the red-flag rule; Hébert-Losier 2017 [S]",
)


def why(text: str, rule: str = "rule.x", source: str = "Silbernagel 2007") -> Reason:
    return Reason(text, rule, source)


def item(name: str, side: SideChoice = SideChoice.BOTH, **fields: Any) -> Prescription:
    base = Prescription(
        exercise_id=name.lower().replace(" ", "-"),
        exercise_name=name,
        side=side,
        sets=2,
        reps=10,
        why=why(f"Do {name} because it helps."),
    )
    return replace(base, **fields)


def session(
    offset: int,
    kind: SessionKind,
    items: tuple[Prescription, ...] = (),
    title: str = "",
    reason: Reason | None = None,
) -> PlannedSession:
    return PlannedSession(
        day=START + timedelta(days=offset),
        kind=kind,
        title=title,
        items=items,
        week=offset // 7 + 1,
        why=reason or why(f"A {kind.value} day.", f"week.{kind.value}"),
    )


CALF_RAISE = item(
    "Bent-knee calf raise",
    SideChoice.LEFT,
    sets=3,
    reps=15,
    reps_max=20,
    tempo="3-0-3",
    rest_s=60,
    load="a backpack, 5-10 kg",
    minutes=6.0,
    why=why(
        "The left heel raise is weaker, so it gets an extra set.",
        "ladder.weaker-side-extra",
        "Hébert-Losier 2017 [S]",
    ),
)
LUNGE_STRETCH = item(
    "Knee-to-wall mobilisation",
    SideChoice.RIGHT,
    sets=2,
    reps=None,
    hold_s=30,
    why=why("Restricted lunge; start with range of motion.", "ladder.rom-first", "Bennell 1998"),
)
CIRCLES = item("Ankle circles", block="warm-up", minutes=2.0)

SESSIONS = (
    session(0, SessionKind.MOBILITY, (LUNGE_STRETCH,), "Daily mobility"),
    session(0, SessionKind.STRENGTH, (CIRCLES, CALF_RAISE), "Strength A"),
    session(2, SessionKind.TECHNIQUE, (CIRCLES, item("Tempo box squat", tempo="3-1-1")), ""),
    session(7, SessionKind.MOBILITY, (LUNGE_STRETCH,), "Daily mobility"),
    session(7, SessionKind.MOBILITY, (item("Ankle circles"),), "Evening mobility"),
    session(9, SessionKind.RETEST, (item("Weight-bearing lunge test", sets=1, reps=None),), ""),
    session(13, SessionKind.REST, (), "Rest"),
)
PHASES = (
    Phase("Range of motion", 1, 1, 1, 2, why("Restricted side.", "ladder.start", "Bennell 1998")),
    Phase("Light resistance", 2, 2, 2, 2, why("Range improved.", "ladder.up", "Beyer 2015")),
)


def make_plan(
    sessions: tuple[PlannedSession, ...] = SESSIONS,
    notes: tuple[Reason, ...] = (),
    weeks: int = 2,
    locked: bool = False,
) -> Plan:
    return Plan(
        start=START,
        weeks=weeks,
        phases=PHASES,
        sessions=sessions,
        notes=notes,
        deload_weeks=(2,),
        locked=locked,
    )


def export(plan: Plan, generated_at: datetime = GENERATED, name: str = "Sam Doe") -> bytes:
    return plan_to_ical(plan, athlete_name=name, athlete_handle="sam", generated_at=generated_at)


def events(data: bytes) -> list[Component]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def unescape_text(value: object) -> str:
    """RFC 5545 3.3.11 TEXT unescaping. icalendar 7 keeps X- properties verbatim (as UNKNOWN)
    although RFC 5545 3.8.8.2 makes TEXT their default type, so the test unescapes them."""
    escapes = {"\\\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}
    return re.sub(r"\\([\\;,nN])", lambda match: escapes[match[1]], str(value))


def item_count(description: str) -> int:
    return sum(1 for line in description.split("\n") if re.match(r"\d+\. ", line))


def test_the_file_written_to_disk_reads_back_as_one_event_per_session(tmp_path: Path) -> None:
    """The .ics a user imports is the bytes returned; re-read it from the file like an app."""
    path = tmp_path / "plan.ics"
    path.write_bytes(export(make_plan()))
    calendar = Calendar.from_ical(path.read_bytes())
    assert len(list(calendar.walk("VEVENT"))) == len(SESSIONS)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == PRODID == "-//Anklet//Anklet plan//EN"


def test_every_event_is_an_all_day_event_on_its_session_day() -> None:
    """DTSTART is a DATE (no time, no zone) and DTEND the next day, so the event fills one day
    in every time zone."""
    data = export(make_plan())
    read = events(data)
    assert [event.decoded("DTSTART") for event in read] == [s.day for s in SESSIONS]
    for event in read:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date
        assert end == start + timedelta(days=1)
        assert event["TRANSP"] == "TRANSPARENT"
    assert b"DTSTART;VALUE=DATE:20260105\r\n" in data
    assert b"DTEND;VALUE=DATE:20260106\r\n" in data


def test_events_come_in_day_order_whatever_the_plan_order() -> None:
    """Sorted by day; sessions on one day keep the plan's order."""
    shuffled = (SESSIONS[5], SESSIONS[1], SESSIONS[3], SESSIONS[0], SESSIONS[4], SESSIONS[2])
    read = events(export(make_plan(shuffled)))
    assert [str(event["SUMMARY"]) for event in read] == [
        "Anklet: Strength A (week 1)",
        "Anklet: Daily mobility (week 1)",
        "Anklet: technique (week 1)",
        "Anklet: Daily mobility (week 2)",
        "Anklet: Evening mobility (week 2)",
        "Anklet: retest (week 2)",
    ]


def test_the_summary_names_the_session_or_its_kind_and_the_week() -> None:
    read = events(export(make_plan()))
    assert [str(event["SUMMARY"]) for event in read] == [
        "Anklet: Daily mobility (week 1)",
        "Anklet: Strength A (week 1)",
        "Anklet: technique (week 1)",
        "Anklet: Daily mobility (week 2)",
        "Anklet: Evening mobility (week 2)",
        "Anklet: retest (week 2)",
        "Anklet: Rest (week 2)",
    ]


def test_the_description_lists_every_item_with_its_dose_side_and_reason() -> None:
    """Every prescription explains itself in the calendar too: name, side, dose, why, rule and
    source, then the session's own reason."""
    read = events(export(make_plan()))
    for planned, event in zip(SESSIONS, read, strict=True):
        description = str(event["DESCRIPTION"])
        assert item_count(description) == len(planned.items)
        for number, prescription in enumerate(planned.items, start=1):
            assert (
                f"{number}. {prescription.exercise_name} ({prescription.side.value}): "
                f"{prescription.describe()}"
            ) in description
            reason = prescription.why
            assert f"{reason.text} (rule {reason.rule}; source: {reason.source})" in description
        assert f"Why this session: {planned.why.text} (rule {planned.why.rule};" in description
    strength = str(read[1]["DESCRIPTION"])
    assert strength == (
        "Strength · week 1 · about 8 min\n"
        "\n"
        "Warm-up:\n"
        "1. Ankle circles (both): 2 × 10 reps\n"
        "   Why: Do Ankle circles because it helps. (rule rule.x; source: Silbernagel 2007)\n"
        "Main:\n"
        "2. Bent-knee calf raise (left): 3 × 15-20 reps, tempo 3-0-3, rest 60 s;"
        " load a backpack, 5-10 kg\n"
        "   Why: The left heel raise is weaker, so it gets an extra set."
        " (rule ladder.weaker-side-extra; source: Hébert-Losier 2017 [S])\n"
        "\n"
        "Why this session: A strength day. (rule week.strength; source: Silbernagel 2007)"
    )


def test_categories_carry_the_session_kind() -> None:
    read = events(export(make_plan()))
    for planned, event in zip(SESSIONS, read, strict=True):
        categories = event["CATEGORIES"]
        assert isinstance(categories, vCategory)
        assert [str(category) for category in categories.cats] == [planned.kind.value]


def test_uids_are_unique_and_the_same_in_every_export() -> None:
    """Re-importing a re-exported plan updates its events instead of duplicating them: the UID
    depends on handle, day, kind and position, not on the time of export."""
    first = [str(e["UID"]) for e in events(export(make_plan()))]
    later = [str(e["UID"]) for e in events(export(make_plan(), GENERATED + timedelta(days=3)))]
    assert first == later
    assert len(set(first)) == len(first)
    assert first[3:5] == ["sam-20260112-mobility-1@anklet", "sam-20260112-mobility-2@anklet"]


def test_a_uid_does_not_move_when_a_session_of_another_kind_is_added_that_day() -> None:
    extra = session(0, SessionKind.TECHNIQUE, (item("Strides"),), "Strides")
    before = {str(e["UID"]) for e in events(export(make_plan()))}
    after = {str(e["UID"]) for e in events(export(make_plan((extra, *SESSIONS))))}
    assert after - before == {"sam-20260105-technique-1@anklet"}


def test_the_same_inputs_give_the_same_bytes() -> None:
    plan = make_plan(notes=(LOCK,))
    assert export(plan) == export(plan)
    later = export(plan, GENERATED + timedelta(hours=1))
    assert export(plan).replace(b"20260101T093000Z", b"20260101T103000Z") == later


def test_dtstamp_is_the_generation_time_in_utc() -> None:
    paris = datetime(2026, 1, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    data = export(make_plan(), paris)
    for event in events(data):
        assert event.decoded("DTSTAMP") == GENERATED
        assert event.decoded("DTSTAMP").utcoffset() == timedelta(0)
    assert data.count(b"DTSTAMP:20260101T093000Z\r\n") == len(SESSIONS)


def test_a_generation_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        export(make_plan(), datetime(2026, 1, 1, 9, 30))


def test_the_calendar_is_named_for_the_athlete_and_describes_the_plan() -> None:
    calendar = Calendar.from_ical(export(make_plan(notes=(LOCK,)), name="Zoë O'Brien, Jr."))
    assert unescape_text(calendar["X-WR-CALNAME"]) == "Anklet plan for Zoë O'Brien, Jr."
    assert unescape_text(calendar["X-WR-CALDESC"]) == (
        "Anklet plan, 2026-01-05 to 2026-01-18, 2 weeks.\n"
        "! Loading is locked: you reported night pain; see a physiotherapist, then record a "
        "clearance. (rule safety.red-flag-lock; source: the red-flag rule; Hébert-Losier 2017 [S])"
    )


def test_plan_notes_head_the_first_event_only() -> None:
    """A lock's reason is the first thing the athlete reads, once."""
    read = events(export(make_plan(notes=(LOCK,))))
    first = str(read[0]["DESCRIPTION"])
    assert first.startswith(f"! {LOCK.text} (rule {LOCK.rule}; source: {LOCK.source})\n\n")
    assert all(LOCK.text not in str(event["DESCRIPTION"]) for event in read[1:])


def test_a_days_warnings_head_every_event_of_that_day_and_no_other() -> None:
    """What the day view warns of on a day (a lock in force, a clearance) heads that day's
    events; a warning that is also a plan note is written once."""
    plan = make_plan(notes=(LOCK,))
    first_day = min(s.day for s in plan.sessions)
    later = sorted({s.day for s in plan.sessions} - {first_day})[0]
    held = why("Loading is locked (2026-01-07: swelling).", "safety.loading-lock")
    data = plan_to_ical(
        plan,
        athlete_name="Sam",
        athlete_handle="sam",
        generated_at=GENERATED,
        day_warnings={first_day: (LOCK,), later: (held,)},
    )
    for event in events(data):
        text = str(event["DESCRIPTION"])
        day = event.decoded("DTSTART")
        assert (held.text in text) is (day == later), day
        if day == first_day:
            assert text.count(LOCK.text) == 1


def test_long_descriptions_are_folded_at_75_octets_and_unfold_exactly() -> None:
    """RFC 5545 3.1: lines of at most 75 octets, CRLF, continuations start with a space, and a
    fold never splits a UTF-8 character."""
    long_reason = why("Ünïcödé and long: " + "dorsiflexion range before load, " * 20, "r.long")
    planned = session(0, SessionKind.STRENGTH, (item("Éccentric heel drop", why=long_reason),))
    data = export(make_plan((planned,)))
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    physical = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8")  # a split character would not decode
    assert sum(line.startswith(b" ") for line in physical) > 8
    (event,) = events(data)
    assert str(event["DESCRIPTION"]) == session_description(planned)


SPECIAL = "Hébert-Losier 2017 [S]; a, b; back\\slash \"quoted\" 'single' — ½ µ 踝 🦶 tab:here"


def test_special_characters_round_trip_exactly() -> None:
    """Commas, semicolons and non-ASCII are escaped on the way out and come back exactly as
    written. A backslash comes back as its look-alike: icalendar would read backslash-N as an
    escaped line break (found by the round-trip property below)."""
    from anklet.reports.calendar import BACKSLASH_STAND_IN

    shown = SPECIAL.replace("\\", BACKSLASH_STAND_IN)
    reason = Reason(f"Because {SPECIAL}", "rule;with,punctuation", SPECIAL)
    planned = session(
        0,
        SessionKind.STRENGTH,
        (item(f"Calf raise, {SPECIAL}", tempo="3,0;3", load=SPECIAL, why=reason),),
        title=f"Strength; {SPECIAL}",
        reason=reason,
    )
    plan = make_plan((planned,), notes=(reason,))
    (event,) = events(export(plan))
    assert str(event["SUMMARY"]) == f"Anklet: Strength; {shown} (week 1)"
    description = str(event["DESCRIPTION"])
    assert description == session_description(planned, notes=(reason,))
    assert f"Calf raise, {shown} (both): 2 × 10 reps, tempo 3,0;3; load {shown}" in description
    assert f"(rule rule;with,punctuation; source: {shown})" in description


def test_line_breaks_and_control_characters_inside_a_text_become_spaces() -> None:
    """One line per item, whatever a custom exercise name contains."""
    planned = session(0, SessionKind.MOBILITY, (item("Ankle\ncircles\u2028\x07now"),))
    (event,) = events(export(make_plan((planned,))))
    description = str(event["DESCRIPTION"])
    assert "1. Ankle circles  now (both)" in description
    assert item_count(description) == 1


def test_an_empty_plan_still_gives_a_readable_calendar() -> None:
    calendar = Calendar.from_ical(export(make_plan(())))
    assert list(calendar.walk("VEVENT")) == []
    assert calendar["PRODID"] == PRODID


def test_importing_the_module_does_not_import_icalendar() -> None:
    """CLI start-up: only an export pays for icalendar (docs/performance.md)."""
    code = "import sys, anklet.reports.calendar; assert 'icalendar' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


_TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
_REASONS = st.builds(Reason, _TEXT, _TEXT, _TEXT)
_ITEMS = st.builds(
    Prescription,
    exercise_id=st.just("x"),
    exercise_name=_TEXT,
    side=st.sampled_from(SideChoice),
    sets=st.integers(1, 6),
    why=_REASONS,
    reps=st.none() | st.integers(1, 30),
    hold_s=st.none() | st.integers(5, 60),
    tempo=st.none() | _TEXT,
    load=_TEXT,
    block=st.sampled_from(["warm-up", "main"]),
)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    weeks = draw(st.integers(1, 3))
    sessions = tuple(
        PlannedSession(
            day=START + timedelta(days=offset),
            kind=draw(st.sampled_from(SessionKind)),
            title=draw(_TEXT),
            items=tuple(draw(st.lists(_ITEMS, max_size=4))),
            week=offset // 7 + 1,
            why=draw(_REASONS),
        )
        for offset in draw(st.lists(st.integers(0, 7 * weeks - 1), max_size=8))
    )
    notes = tuple(draw(st.lists(_REASONS, max_size=2)))
    return Plan(START, weeks, (), sessions, notes, ())


@settings(max_examples=60, deadline=None)
@given(plan=plans(), name=_TEXT)
def test_export_then_reimport_gives_back_the_dates_and_the_items(plan: Plan, name: str) -> None:
    """For any small plan and any text in it, the re-read calendar has one event per session on
    its day, the same number of items in each, the exact description and unique UIDs."""
    expected = sorted(plan.sessions, key=lambda s: s.day)
    read = events(export(plan, name=name))
    assert [event.decoded("DTSTART") for event in read] == [s.day for s in expected]
    assert [item_count(str(event["DESCRIPTION"])) for event in read] == [
        len(s.items) for s in expected
    ]
    for index, (planned, event) in enumerate(zip(expected, read, strict=True)):
        notes = plan.notes if index == 0 else ()
        assert str(event["DESCRIPTION"]) == session_description(planned, notes=notes)
    uids = [str(event["UID"]) for event in read]
    assert len(set(uids)) == len(uids)


def test_the_text_shows_the_plan_week_by_week() -> None:
    """For printing and `plan show`: weeks with their phase, days, sessions, items and reasons."""
    text = plan_to_text(make_plan(notes=(LOCK,), locked=True))
    assert text.startswith(
        "Anklet plan: Mon 5 Jan 2026 to Sun 18 Jan 2026 (2 weeks)\n"
        "Loading is locked: mobility only.\n"
        f"! {LOCK.text} (rule {LOCK.rule}; source: {LOCK.source})\n"
    )
    assert text.endswith("\n")
    week_one = text[text.index("Week 1") : text.index("Week 2")]
    assert week_one == (
        "Week 1 (Mon 5 Jan 2026 to Sun 11 Jan 2026) · Range of motion (stage left 1, right 2)\n"
        "  Mon 5 Jan 2026  mobility: Daily mobility (1 min)\n"
        "    1. Knee-to-wall mobilisation (right): 2 × 30 s hold\n"
        "       why: Restricted lunge; start with range of motion."
        " (rule ladder.rom-first; source: Bennell 1998)\n"
        "  Mon 5 Jan 2026  strength: Strength A (8 min)\n"
        "    Warm-up:\n"
        "    1. Ankle circles (both): 2 × 10 reps\n"
        "       why: Do Ankle circles because it helps. (rule rule.x; source: Silbernagel 2007)\n"
        "    Main:\n"
        "    2. Bent-knee calf raise (left): 3 × 15-20 reps, tempo 3-0-3, rest 60 s;"
        " load a backpack, 5-10 kg\n"
        "       why: The left heel raise is weaker, so it gets an extra set."
        " (rule ladder.weaker-side-extra; source: Hébert-Losier 2017 [S])\n"
        "  Wed 7 Jan 2026  technique: technique (3 min)\n"
        "    Warm-up:\n"
        "    1. Ankle circles (both): 2 × 10 reps\n"
        "       why: Do Ankle circles because it helps. (rule rule.x; source: Silbernagel 2007)\n"
        "    Main:\n"
        "    2. Tempo box squat (both): 2 × 10 reps, tempo 3-1-1\n"
        "       why: Do Tempo box squat because it helps. (rule rule.x; source: Silbernagel 2007)\n"
        "\n"
    )
    assert (
        "Week 2 (Mon 12 Jan 2026 to Sun 18 Jan 2026) · Light resistance (stage left 2, right 2)"
        " · lighter week\n" in text
    )
    assert "  Sun 18 Jan 2026  rest: Rest (0 min)\n" in text


def test_the_text_of_one_week_holds_only_that_week() -> None:
    text = plan_to_text(make_plan(), week=2)
    assert "Week 1 " not in text and "Week 2 " in text
    assert text.count("mobility:") == 2 and "strength:" not in text


def test_a_week_without_sessions_says_so_and_a_week_outside_the_plan_is_refused() -> None:
    assert "Week 3 (Mon 19 Jan 2026 to Sun 25 Jan 2026)\n  (no sessions)\n" in plan_to_text(
        make_plan(weeks=3)
    )
    with pytest.raises(ValueError, match="between 1 and 2"):
        plan_to_text(make_plan(), week=3)
