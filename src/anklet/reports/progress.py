"""Progress series for charts: the tests, pain, adherence and the engine's decisions over
time, as flat rows (one per date and side) that a Vega-Lite specification draws as they are.

Pure: it takes values already read and scored, and returns JSON-ready dicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from anklet.domain.program import SessionKind
from anklet.domain.scoring import lunge_real_change_threshold
from anklet.domain.units import Side

if TYPE_CHECKING:
    from anklet.domain.evaluation import AssessmentScore
    from anklet.domain.program import Plan
    from anklet.domain.progression import Decision
    from anklet.domain.training_log import CheckIn, SessionLog


def progress_document(
    handle: str,
    *,
    scores: Sequence[AssessmentScore],
    logs: Sequence[SessionLog],
    check_ins: Sequence[CheckIn],
    decisions: Sequence[Decision],
    plan: Plan | None,
    today: date | None = None,
) -> dict[str, Any]:
    """Every series the progress page charts. Plan weeks that start after `today` are left
    out of the adherence series (nothing could have been done in them yet)."""
    return {
        "athlete": handle,
        "lunge": lunge_series(scores),
        "heel_raise": heel_raise_series(scores),
        "heel_raise_lsi": lsi_series(scores),
        "pain_during": [
            {"date": log.day.isoformat(), "session": log.kind.value, "pain": log.pain_during}
            for log in sorted(logs, key=lambda log: log.day)
        ],
        "morning": [
            {
                "date": check_in.day.isoformat(),
                "morning_pain": check_in.morning_pain,
                "stiffness": check_in.stiffness,
            }
            for check_in in sorted(check_ins, key=lambda check_in: check_in.day)
        ],
        "adherence": adherence_series(plan, logs, today),
        "decisions": [decision_marker(decision) for decision in decisions],
    }


def lunge_series(scores: Sequence[AssessmentScore]) -> list[dict[str, Any]]:
    """One row per test and side: the value in its method's unit, its band, and the noise
    (the smallest change that is real for this method and rater, Powden 2015)."""
    rows = []
    for score in scores:
        lunge = score.lunge
        if lunge is None:
            continue
        noise = lunge_real_change_threshold(lunge.method, score.assessment.rater)
        for side in Side:
            value = lunge.values.get(side)
            if value is None:
                continue
            rows.append(
                {
                    "date": score.assessment.taken_on.isoformat(),
                    "side": side.value,
                    "value": value,
                    "method": lunge.method.value,
                    "unit": lunge.unit,
                    "band": lunge.bands[side].value,
                    "noise": noise,
                    "real_change": _real_change(score, "lunge", side),
                }
            )
    return rows


def heel_raise_series(scores: Sequence[AssessmentScore]) -> list[dict[str, Any]]:
    rows = []
    for score in scores:
        heel = score.heel_raise
        if heel is None:
            continue
        for side in Side:
            reps = heel.reps.get(side)
            if reps is None:
                continue
            rows.append(
                {
                    "date": score.assessment.taken_on.isoformat(),
                    "side": side.value,
                    "reps": reps,
                    "band": heel.bands[side].value,
                    "work_cm": heel.work_cm.get(side),
                    "real_change": _real_change(score, "heel-raise", side),
                }
            )
    return rows


def lsi_series(scores: Sequence[AssessmentScore]) -> list[dict[str, Any]]:
    """The limb symmetry index of each heel-raise test with both sides."""
    return [
        {
            "date": score.assessment.taken_on.isoformat(),
            "lsi_percent": score.heel_raise.lsi_percent,
            "lsi_work_percent": score.heel_raise.lsi_work_percent,
            "weaker_side": score.heel_raise.weaker_side.value
            if score.heel_raise.weaker_side
            else None,
        }
        for score in scores
        if score.heel_raise is not None and score.heel_raise.lsi_percent is not None
    ]


def adherence_series(
    plan: Plan | None, logs: Sequence[SessionLog], today: date | None = None
) -> list[dict[str, Any]]:
    """Sessions done against sessions prescribed, per plan week (re-tests are not counted,
    as in the status's adherence)."""
    if plan is None:
        return []
    done = {(log.day, log.kind) for log in logs}
    rows = []
    for week in range(1, plan.weeks + 1):
        start = plan.start + timedelta(days=7 * (week - 1))
        if today is not None and start > today:
            break
        prescribed = {
            (s.day, s.kind) for s in plan.in_week(week) if s.kind is not SessionKind.RETEST
        }
        count = len(prescribed & done)
        rows.append(
            {
                "week": week,
                "start": start.isoformat(),
                "prescribed": len(prescribed),
                "done": count,
                "percent": round(100 * count / len(prescribed), 1) if prescribed else None,
                "deload": week in plan.deload_weeks,
            }
        )
    return rows


def decision_marker(decision: Decision) -> dict[str, Any]:
    return {
        "date": decision.day.isoformat(),
        "verdict": decision.verdict.value,
        "rule": decision.rule,
        "exercise": decision.exercise_id,
        "side": decision.side.value,
        "reason": decision.reason,
    }


def _real_change(score: AssessmentScore, test: str, side: Side) -> bool | None:
    """Whether the change since the previous comparable test is beyond the noise; None for
    the first test."""
    for change in score.changes:
        if change.test == test and change.side is side and change.since_kind == "previous":
            return change.real
    return None
