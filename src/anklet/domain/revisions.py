"""Plan revisions: what changed a plan after it was made, on which day, and why.

The plan lives (domain.day_plan): a lock, a clearance, the first screening, a re-test, a gate
that opens, a stage the gate holds or grants, and a plateau each change what the stored plan's
days hold, without a new plan. This module names those changes as dated revisions, derived
from the same situation the days are derived from, so the list can never disagree with them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from anklet.domain.program import Plan, Reason, Revision
from anklet.domain.stage_gate import check_stages

if TYPE_CHECKING:
    from anklet.domain.day_plan import Situation

PLYOMETRIC_GATE_RULE = "plyometric.gate"
GATE_GREEN_DAYS = 7  # the plyometric gate's green days (catalogue gate of pogo hops)
SOURCE = "the plan as lived: locks, clearances, gates and re-tests"


def plan_revisions(plan: Plan, situation: Situation, current: Plan) -> tuple[Revision, ...]:
    """Every change to `plan` up to today, oldest first. `current` is the plan regenerated in
    today's situation."""
    today = situation.today
    retests = [a.taken_on for a in situation.assessments]
    found = [
        *_locks(plan, situation),
        *_clearances(plan, situation),
        *(_retest(day) for day in retests if plan.start <= day <= today),
        *_gate(plan, situation, current),
        *_stages(plan, situation),
        *_plateaus(plan, situation),
    ]
    return tuple(sorted(found, key=lambda r: (r.day, r.why.rule)))


def _locks(plan: Plan, situation: Situation) -> list[Revision]:
    return [
        Revision(
            max(event.on, plan.start),
            Reason(
                f"Loading locked from {event.on.isoformat()}: {event.reason}. The days from "
                "then hold only what the lock allows.",
                "revision.locked",
                event.source,
            ),
        )
        for event in situation.lock_events
        if event.recorded_at.date() >= plan.start or event.on >= plan.start
    ]


def _clearances(plan: Plan, situation: Situation) -> list[Revision]:
    revisions = []
    for clearance in situation.clearances:
        recorded = clearance.counts_from
        if recorded < plan.start:
            continue
        who = f" by {clearance.cleared_by}" if clearance.cleared_by else ""
        revisions.append(
            Revision(
                recorded + timedelta(days=1),
                Reason(
                    f"Cleared{who} on {recorded.isoformat()}: the planned loading is back "
                    "from the next day.",
                    "revision.cleared",
                    SOURCE,
                ),
            )
        )
    return revisions


def _retest(day: date) -> Revision:
    return Revision(
        day,
        Reason(
            f"Re-tested on {day.isoformat()}: each ankle's rung and extra sets follow the "
            "newest result of each test.",
            "revision.retest",
            SOURCE,
        ),
    )


def _gate(plan: Plan, situation: Situation, current: Plan) -> list[Revision]:
    """Pogo hops closed when the plan was made and open now: the day the gate came to hold."""
    made_closed = any(n.rule == PLYOMETRIC_GATE_RULE for n in plan.notes)
    open_now = not any(n.rule == PLYOMETRIC_GATE_RULE for n in current.notes)
    if not (made_closed and open_now):
        return []
    since = situation.today - timedelta(days=situation.facts.green_days - GATE_GREEN_DAYS)
    return [
        Revision(
            max(since, plan.start),
            Reason(
                "The plyometric gate holds (paced heel raises, symmetry, stance and "
                f"{GATE_GREEN_DAYS} green days): pogo hops join from the next planned day.",
                "revision.gate-opened",
                SOURCE,
            ),
        )
    ]


def _plateaus(plan: Plan, situation: Situation) -> list[Revision]:
    """A plateau dates from the re-test that showed it, not from the day the plan is read,
    so its revision keeps its date; one shown before the plan was made is no change to it
    (the plan was made with it)."""
    return [Revision(p.until, p.why) for p in situation.plateaus if p.until >= plan.start]


def _stages(plan: Plan, situation: Situation) -> list[Revision]:
    """The stage gate's answer at each block start reached so far."""
    revisions = []
    for phase in plan.phases:
        start = plan.start + timedelta(days=7 * (phase.first_week - 1))
        if phase.first_week == 1 or start > situation.today:
            continue
        for check in check_stages(plan, start, situation.guard, situation.score):
            d = check.decision
            revisions.append(Revision(start, Reason(d.reason, d.rule, d.source)))
    return revisions
