"""The cursors of the lists read a page at a time (domain.paging): each is the key of an
entry, made of what the entry is (its dates, its kind), never a database id."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anklet.domain.evaluation import AssessmentScore
    from anklet.domain.program import PlanSummary
    from anklet.domain.runs import RunSummary
    from anklet.services.safety import LockHistoryEntry

__all__ = ["assessment_cursor", "lock_entry_cursor", "plan_cursor", "run_cursor"]


def assessment_cursor(score: AssessmentScore) -> str:
    current = score.assessment
    moment = current.recorded_at.isoformat() if current.recorded_at else ""
    return f"{current.taken_on.isoformat()}~{moment}"


def lock_entry_cursor(entry: LockHistoryEntry) -> str:
    return f"{entry.recorded_at.isoformat()}~{entry.kind}~{entry.key}"


def plan_cursor(summary: PlanSummary) -> str:
    return summary.created_at.isoformat()


def run_cursor(run: RunSummary) -> str:
    return run.started_at.isoformat()
