"""Logs, check-ins, decisions and status -> JSON-ready dicts (the API will reuse them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from anklet.reports.documents import lock_history_entry_document
from anklet.reports.plan_documents import session_document

if TYPE_CHECKING:
    from anklet.domain.adherence import Adherence
    from anklet.domain.progression import Decision
    from anklet.domain.training_log import CheckIn, LoggedItem, SessionLog
    from anklet.services.safety import LockHistoryEntry
    from anklet.services.training import CheckInOutcome, HistoryView, StatusView


def decision_document(decision: Decision) -> dict[str, Any]:
    return {
        "date": decision.day.isoformat(),
        "verdict": decision.verdict.value,
        "exercise": decision.exercise_id,
        "side": decision.side.value,
        "rule": decision.rule,
        "reason": decision.reason,
        "source": decision.source,
        "change": decision.change,
    }


def item_document(item: LoggedItem) -> dict[str, Any]:
    return {
        "exercise": item.exercise_id,
        "side": item.side.value,
        "target": {
            "sets": item.target_sets,
            "reps": item.target_reps,
            "reps_max": item.target_reps_max,
            "hold_s": item.target_hold_s,
            "load_kg": item.target_load_kg,
        },
        "actual": {
            "sets": item.sets_done,
            "reps": item.reps_done,
            "hold_s": item.hold_s_done,
            "load_kg": item.load_kg,
            "skipped": item.skipped,
        },
        "prescribed": item.prescribed or None,
        "prescribed_rule": item.prescribed_rule or None,
    }


def log_document(
    handle: str, log: SessionLog, decisions: tuple[Decision, ...] = ()
) -> dict[str, Any]:
    return {
        "athlete": handle,
        "date": log.day.isoformat(),
        "session": log.kind.value,
        "pain": log.pain_during,
        "rpe": log.rpe,
        "rir": log.rir,
        "notes": log.notes,
        "sharp_pain": log.sharp_pain,
        "swelling": log.swelling,
        "unusual_tightness": log.unusual_tightness,
        "plan_id": log.plan_id,
        "items": [item_document(item) for item in log.items],
        "decisions": [decision_document(d) for d in decisions],
        "version": log.version,
    }


def check_in_fields(check_in: CheckIn) -> dict[str, Any]:
    return {
        "date": check_in.day.isoformat(),
        "morning_pain": check_in.morning_pain,
        "stiffness": check_in.stiffness,
        "sharp_pain": check_in.sharp_pain,
        "swelling": check_in.swelling,
        "unusual_tightness": check_in.unusual_tightness,
        "version": check_in.version,
    }


def check_in_document(handle: str, outcome: CheckInOutcome) -> dict[str, Any]:
    baseline = outcome.baseline
    return {
        "athlete": handle,
        **check_in_fields(outcome.check_in),
        "baseline": None
        if baseline is None
        else {
            "morning_pain": baseline.morning_pain,
            "stiffness": baseline.stiffness,
            "basis": baseline.basis,
        },
        "locked": outcome.locked,
        "decisions": [decision_document(d) for d in outcome.decisions],
    }


def _adherence(value: Adherence) -> dict[str, Any]:
    return {
        "days": value.days,
        "prescribed": value.prescribed,
        "done": value.done,
        "percent": value.percent,
    }


def status_document(view: StatusView) -> dict[str, Any]:
    return {
        "athlete": view.handle,
        "date": view.today.isoformat(),
        "stage": {"left": view.stage_left, "right": view.stage_right},
        "phase": view.phase,
        "locked": view.lock.locked,
        "lock_reason": view.lock.reason or None,
        "baseline": None
        if view.baseline is None
        else {
            "morning_pain": view.baseline.morning_pain,
            "stiffness": view.baseline.stiffness,
            "basis": view.baseline.basis,
        },
        "decisions": [decision_document(d) for d in view.decisions],
        "next_retests": {test: day.isoformat() for test, day in view.next_retests.items()},
        "adherence": {
            "last_7_days": _adherence(view.adherence_7),
            "last_28_days": _adherence(view.adherence_28),
        },
        "today": [session_document(session) for session in view.today_sessions],
        "flags": [{"code": f.code, "reason": f.reason} for f in view.flags],
    }


def history_document(
    handle: str, view: HistoryView, locks: Sequence[LockHistoryEntry]
) -> dict[str, Any]:
    """Every log, check-in and decision, and every lock and clearance, oldest first."""
    return {
        "athlete": handle,
        "logs": [log_document(handle, log) for log in view.logs],
        "check_ins": [check_in_fields(c) for c in view.check_ins],
        "decisions": [decision_document(d) for d in view.decisions],
        "locks": [lock_history_entry_document(entry) for entry in locks],
    }
