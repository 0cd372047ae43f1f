"""The newest result of each test and side, gathered from the whole assessment history.

A lunge-only re-test must not forget a weak calf, its extra set or the stance result: a plan
and a stage read the newest lunge, heel raise and single-leg stance per side, wherever each
was last measured. Results are only combined within one method (a lunge by tape never fills
in for an angle, an unpaced heel raise never for a paced one).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from anklet.domain.assessment import Assessment, SideResult
from anklet.domain.units import Side


def latest_results(history: Sequence[Assessment]) -> Assessment | None:
    """One assessment holding the newest result of each test and side; `history` is oldest
    first. Its date, id and time are those of the newest assessment."""
    if not history:
        return None
    newest = history[-1]
    lunge_from = _newest(history, lambda a: a.has_lunge) or newest
    heel_from = _newest(history, lambda a: a.has_heel_raise) or newest
    sides = {side: _side(history, side, lunge_from, heel_from) for side in Side}
    return dataclasses.replace(
        lunge_from,
        taken_on=newest.taken_on,
        id=newest.id,
        recorded_at=newest.recorded_at,
        rater=newest.rater,
        heel_raise_protocol=heel_from.heel_raise_protocol,
        incline_deg=heel_from.incline_deg,
        left=sides[Side.LEFT],
        right=sides[Side.RIGHT],
    )


def _newest(
    history: Sequence[Assessment], wanted: Callable[[Assessment], bool]
) -> Assessment | None:
    return next((a for a in reversed(history) if wanted(a)), None)


def _side(
    history: Sequence[Assessment], side: Side, lunge_from: Assessment, heel_from: Assessment
) -> SideResult:
    lunge = _newest(
        history,
        lambda a: (
            a.side(side).lunge is not None
            and (a is lunge_from or a.lunge_comparable_with(lunge_from))
        ),
    )
    key = heel_from.heel_raise_key
    heel = _newest(
        history, lambda a: a.side(side).heel_raise_reps is not None and a.heel_raise_key == key
    )
    stance = _newest(history, lambda a: a.side(side).single_leg_stance_s is not None)
    pains = [r.side(side).pain for r in (lunge, heel) if r is not None]
    known = [p for p in pains if p is not None]
    return SideResult(
        lunge=lunge.side(side).lunge if lunge else None,
        heel_raise_reps=heel.side(side).heel_raise_reps if heel else None,
        heel_height_cm=heel.side(side).heel_height_cm if heel else None,
        # The highest pain felt in the tests these results come from: the safe reading.
        pain=max(known) if known else None,
        single_leg_stance_s=stance.side(side).single_leg_stance_s if stance else None,
    )
