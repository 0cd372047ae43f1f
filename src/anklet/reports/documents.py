"""Domain results -> plain JSON-ready dicts. The CLI prints them; the API will reuse the shape.

Keys are stable: they are documented in docs/cli.md and scripts depend on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from anklet.domain.units import Side

if TYPE_CHECKING:
    # Types only: `athlete list --json` must not pay for importing the scoring modules.
    from anklet.domain.athlete import Athlete
    from anklet.domain.evaluation import AssessmentScore
    from anklet.domain.findings import Finding
    from anklet.domain.safety import Clearance, LoadingLock, LockEvent
    from anklet.domain.scoring import Change
    from anklet.domain.screening import ScreeningResult
    from anklet.services.safety import LockHistoryEntry


def athlete_document(athlete: Athlete, lock: LoadingLock | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "handle": athlete.handle,
        "name": athlete.name,
        "birth_year": athlete.birth_year,
        "sex": athlete.sex.value,
        "goal": athlete.goal.value,
        "days": [day.value for day in athlete.days],
        "minutes": athlete.minutes,
        "equipment": sorted(item.value for item in athlete.equipment),
        "units": athlete.units.value,
        "body_mass_kg": athlete.body_mass_kg,
    }
    if lock is not None:
        document |= lock_document(lock)
    return document


def lock_document(lock: LoadingLock) -> dict[str, Any]:
    return {
        "locked": lock.locked,
        "lock_reason": lock.reason or None,
        "restrictions": sorted(r.value for r in lock.restrictions),
    }


def screening_document(result: ScreeningResult, lock: LoadingLock) -> dict[str, Any]:
    return {
        "date": result.screening.taken_on.isoformat(),
        "action": result.action.value,
        "locked": lock.locked,
        "lock_reason": lock.reason or None,
        "flags": [
            {
                "question": flag.question.number,
                "text": flag.question.text,
                "action": flag.action.value,
                "locks": flag.locks,
                "restriction": flag.question.restriction.value
                if flag.question.restriction
                else None,
                "advice": flag.advice,
                "source": flag.question.source,
            }
            for flag in result.flags
        ],
    }


def clearance_document(clearance: Clearance, lock: LoadingLock) -> dict[str, Any]:
    """A clearance as recorded, with the lock as it stands after it: a clearance that lifts
    some of the open locks leaves the others holding."""
    return {
        "date": clearance.cleared_on.isoformat(),
        "cleared_by": clearance.cleared_by,
        "note": clearance.note,
        "lifts": list(clearance.lifts),
        "locked": lock.locked,
        "lock_reason": lock.reason or None,
    }


def lock_event_document(event: LockEvent) -> dict[str, Any]:
    return {
        "key": event.key,
        "since": event.on.isoformat(),
        "reason": event.reason,
        "restriction": event.restriction.value,
        "rule": event.rule,
        "source": event.source,
        "recorded_at": event.recorded_at.isoformat(timespec="seconds"),
    }


def open_locks_document(handle: str, lock: LoadingLock) -> dict[str, Any]:
    """The locks that hold now, oldest first: the keys a clearance names."""
    return {
        "athlete": handle,
        "locked": lock.locked,
        "locks": [lock_event_document(event) for event in lock.events],
    }


def lock_history_entry_document(entry: LockHistoryEntry) -> dict[str, Any]:
    """One lock or clearance; the fields that belong to the other kind are null."""
    is_lock = entry.kind == "lock"
    return {
        "kind": entry.kind,
        "recorded_at": entry.recorded_at.isoformat(timespec="seconds"),
        "date": entry.day.isoformat(),
        "text": entry.text,
        "key": entry.key if is_lock else None,
        "rule": entry.rule if is_lock else None,
        "source": entry.source if is_lock else None,
        "restriction": entry.restriction if is_lock else None,
        "still_open": entry.still_open if is_lock else None,
        "cleared_by": None if is_lock else entry.cleared_by,
        "lifts": None if is_lock else list(entry.lifts),
    }


def lock_history_document(handle: str, entries: Sequence[LockHistoryEntry]) -> dict[str, Any]:
    return {"athlete": handle, "entries": [lock_history_entry_document(e) for e in entries]}


def assessment_document(handle: str, score: AssessmentScore) -> dict[str, Any]:
    current = score.assessment
    return {
        "athlete": handle,
        "date": current.taken_on.isoformat(),
        "display_units": score.units.value,
        "lunge": _lunge(score),
        "heel_raise": _heel_raise(score),
        "pain": {side.value: current.side(side).pain for side in Side},
        "single_leg_stance_s": {
            side.value: current.side(side).single_leg_stance_s for side in Side
        },
        "changes": [_change(change) for change in score.changes],
        "findings": [finding_document(finding) for finding in score.findings],
    }


def finding_document(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "side": finding.side.value if finding.side else None,
        "message": finding.message,
        "source": finding.source,
    }


def _side(side: Side | None) -> str | None:
    return side.value if side else None


def _lunge(score: AssessmentScore) -> dict[str, Any] | None:
    lunge = score.lunge
    if lunge is None:
        return None
    document: dict[str, Any] = {
        "method": lunge.method.value,
        "device": lunge.device,
        "placement": lunge.placement.value if lunge.placement else None,
        "bands_indicative": lunge.bands_indicative,
        "unit": lunge.unit,
        "rater": score.assessment.rater.value,
        "one_side_only": _side(score.assessment.lunge_only_side),
    }
    for side in Side:
        value = lunge.values.get(side)
        document[side.value] = (
            None if value is None else {"value": value, "band": lunge.bands[side].value}
        )
    asym = lunge.asymmetry
    document["asymmetry"] = (
        None
        if asym is None
        else {
            "difference": asym.difference,
            "percent_of_better": asym.percent_of_better,
            "class": asym.asymmetry_class.value,
            "restricted_side": _side(asym.restricted_side),
        }
    )
    return document


def _heel_raise(score: AssessmentScore) -> dict[str, Any] | None:
    heel = score.heel_raise
    if heel is None:
        return None
    document: dict[str, Any] = {
        "protocol": heel.protocol.value,
        "incline_deg": heel.incline_deg,
        "one_side_only": _side(score.assessment.heel_raise_only_side),
        "reference": {
            "median_reps": heel.reference.median_reps,
            "basis": heel.reference.basis,
            "label": heel.reference.label,
            "indicative_only": heel.indicative_only,
        },
    }
    for side in Side:
        reps = heel.reps.get(side)
        document[side.value] = (
            None
            if reps is None
            else {
                "reps": reps,
                "band": heel.bands[side].value,
                "heel_height_cm": score.assessment.side(side).heel_height_cm,
                "work_cm": heel.work_cm.get(side),
            }
        )
    document["lsi_percent"] = heel.lsi_percent
    document["lsi_work_percent"] = heel.lsi_work_percent
    document["weaker_side"] = _side(heel.weaker_side)
    return document


def _change(change: Change) -> dict[str, Any]:
    return {
        "test": change.test,
        "side": change.side.value,
        "since": change.since.isoformat(),
        "since_kind": change.since_kind,
        "delta": change.delta,
        "unit": change.unit,
        "threshold": change.threshold,
        "real": change.real,
    }
