"""The athlete's handout as a JSON-ready document: the chosen weeks of the plan as lived, day by
day, each exercise with its dose per side, and the catalogue's cues for every exercise in it.

Pure: the HTML and the PDF (`reports.printing`) are drawn from this document, so the page, the
file and the API's JSON hold the same words.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from anklet.domain.program import SideChoice
from anklet.reports.plan_documents import why_document

if TYPE_CHECKING:
    from anklet.domain.day_plan import DayAnswer
    from anklet.domain.exercises import Exercise
    from anklet.domain.program import PlannedSession, Prescription, Reason
    from anklet.services.reports import Handout

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CUES_SHOWN = 4  # a printed sheet keeps the first cues; the app shows them all

# The rules that stop a session, in the athlete's words (docs/autoregulation.md).
STOP_RULES = (
    "Stop loading and log it if you feel sharp pain, swelling or unusual tightness, or pain "
    "above 5/10 during a session: Anklet pauses loading and asks the red-flag questions again.",
    "Check in the next morning: a step up waits for a morning at or below your baseline.",
)


def day_label(day: date) -> str:
    """'Mon 15 Jun 2026', in fixed English words (strftime follows the locale)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def handout_document(handout: Handout) -> dict[str, Any]:
    plan = handout.plan
    weeks = []
    for week in handout.weeks:
        days = [a for a in handout.days if a.week == week]
        first = plan.start + timedelta(days=7 * (week - 1))
        phase = plan.phase_of(week)
        weeks.append(
            {
                "week": week,
                "first_day": first.isoformat(),
                "last_day": (first + timedelta(days=6)).isoformat(),
                "label": f"{day_label(first)} to {day_label(first + timedelta(days=6))}",
                "phase": phase.name if phase else None,
                "stage": _stages(days, phase),
                "deload": week in plan.deload_weeks,
                "days": [_day(answer) for answer in days if answer.sessions],
            }
        )
    return {
        "kind": "handout",
        "athlete": handout.handle,
        "name": handout.athlete.name,
        "generated_on": handout.today.isoformat(),
        "plan": {"start": plan.start.isoformat(), "end": plan.end.isoformat(), "weeks": plan.weeks},
        "weeks": weeks,
        "warnings": _unique_warnings(handout.days),
        "notes": [why_document(note) for note in plan.notes],
        "stop_rules": list(STOP_RULES),
        "exercises": [exercise_note(e) for e in handout.exercises],
    }


def _stages(days: list[DayAnswer], phase: Any) -> dict[str, int | None]:
    """The rung per side the week is done at: the phase's, or what the stage gate allows."""
    stages: dict[str, int | None] = {
        "left": phase.stage_left if phase else None,
        "right": phase.stage_right if phase else None,
    }
    for answer in days:
        for check in answer.stages:
            stages[check.side.value] = check.allowed
    return stages


def _unique_warnings(days: tuple[DayAnswer, ...]) -> list[dict[str, Any]]:
    """Each warning once, with the days of the handout it applies to."""
    seen: dict[tuple[str, str], tuple[Reason, list[date]]] = {}
    for answer in days:
        for warning in answer.warnings:
            seen.setdefault((warning.rule, warning.text), (warning, []))[1].append(answer.day)
    return [why_document(w) | {"days": _span(on)} for w, on in seen.values()]


def _span(days: list[date]) -> str:
    """'Tue 9 Jun 2026', or 'Tue 9 Jun 2026 to Sun 14 Jun 2026' (the days are in order)."""
    first, last = day_label(days[0]), day_label(days[-1])
    return first if first == last else f"{first} to {last}"


def _day(answer: DayAnswer) -> dict[str, Any]:
    return {
        "date": answer.day.isoformat(),
        "label": day_label(answer.day),
        "warnings": [w.rule for w in answer.warnings],
        "sessions": [_session(s) for s in answer.sessions],
    }


def _session(session: PlannedSession) -> dict[str, Any]:
    return {
        "kind": session.kind.value,
        "title": session.title or session.kind.value,
        "minutes": session.minutes,
        "why": why_document(session.why),
        "rows": per_side_rows(session.items),
    }


def per_side_rows(items: tuple[Prescription, ...]) -> list[dict[str, Any]]:
    """One row per exercise and block, the left and right doses side by side ("both" fills the
    two); a weaker side's extra set shows as a different left or right dose."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        row = rows.setdefault(
            (item.block, item.exercise_id),
            {
                "exercise": item.exercise_id,
                "name": item.exercise_name,
                "block": item.block,
                "left": None,
                "right": None,
                "both": None,
                "load": item.load if item.load != "body weight" else None,
                "why": why_document(item.why),
            },
        )
        dose = item.describe()
        if item.side is SideChoice.BOTH:
            row["both"] = dose
        else:
            row[item.side.value] = dose
    return list(rows.values())


def exercise_note(exercise: Exercise) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "name": exercise.name,
        "summary": exercise.summary,
        "cues": list(exercise.cues[:CUES_SHOWN]),
        "per_side": exercise.per_side,
    }
