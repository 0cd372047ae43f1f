"""Plateaus: no real change over a set window despite training as planned.

Dorsiflexion: no change of at least the MDC over 4 weeks with at least 80 % adherence
(derived from Powden 2015 and Radford 2006). Heel raise: less than 6 reps gained over 8
weeks with at least 80 % adherence (derived from Ross & Fontenot 2000). Then the plan
changes strategy, and says how [D].
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from anklet.domain import norms
from anklet.domain.assessment import Assessment
from anklet.domain.program import Reason, SideChoice
from anklet.domain.progression import Decision, Verdict
from anklet.domain.scoring import lunge_real_change_threshold
from anklet.domain.units import Side

LUNGE_WINDOW_DAYS = 28
HEEL_RAISE_WINDOW_DAYS = 56
MIN_ADHERENCE_PERCENT = 80.0
DORSIFLEXION_PLATEAU_SOURCE = "derived from Powden 2015, Chisholm 2012 and Radford 2006 [D]"
HEEL_RAISE_PLATEAU_SOURCE = "derived from Ross & Fontenot 2000 and Hébert-Losier 2017 [D]"
LUNGE_STRATEGY = (
    "Change of strategy: joint mobilisation with movement (banded distraction rocks) comes "
    "first each day, loaded end-range work and heel-elevated squats stay in; if one side "
    "lags after an old sprain, ask a clinician about manual therapy."
)
HEEL_RAISE_STRATEGY = (
    "Change of strategy: one more set on the calf exercises, slow 3-second lowering, and "
    "bent-knee (soleus) volume; heavy slow resistance if you have weights and a step."
)


@dataclass(frozen=True)
class Plateau:
    test: str  # "lunge" or "heel-raise"
    since: date
    until: date
    why: Reason


def detect_plateaus(
    assessments: Sequence[Assessment],
    *,
    adherence_percent: dict[int, float | None],
) -> list[Plateau]:
    """`assessments` oldest first; `adherence_percent` maps a window in days to the share of
    prescribed sessions done over the last that many days."""
    found = []
    lunge = _lunge_plateau(assessments, adherence_percent.get(LUNGE_WINDOW_DAYS))
    if lunge is not None:
        found.append(lunge)
    heel = _heel_plateau(assessments, adherence_percent.get(HEEL_RAISE_WINDOW_DAYS))
    if heel is not None:
        found.append(heel)
    return found


def _newest(
    history: Sequence[Assessment], wanted: Callable[[Assessment], bool]
) -> Assessment | None:
    """The last of `history` (oldest first) that is `wanted`."""
    return next((a for a in reversed(history) if wanted(a)), None)


def _anchor(
    history: Sequence[Assessment],
    latest: Assessment,
    days: int,
    same: Callable[[Assessment], bool],
) -> Assessment | None:
    """The last test of `history` (oldest first) of the `same` kind as `latest`, taken at
    least `days` before it. Searched from the newest back: it is found within the window's
    few tests, not after every test of the history."""
    cutoff = latest.taken_on - timedelta(days=days)
    return _newest(history, lambda a: a.taken_on <= cutoff and same(a))


def _adherent(percent: float | None) -> bool:
    return percent is not None and percent >= MIN_ADHERENCE_PERCENT


def _lunge_plateau(assessments: Sequence[Assessment], adherence: float | None) -> Plateau | None:
    if not _adherent(adherence):
        return None
    latest = _newest(assessments, lambda a: a.has_lunge)
    if latest is None:
        return None
    anchor = _anchor(
        assessments,
        latest,
        LUNGE_WINDOW_DAYS,
        lambda a: a.has_lunge and a.lunge_comparable_with(latest),
    )
    if anchor is None:
        return None
    threshold = max(
        lunge_real_change_threshold(latest.lunge_method, latest.rater),
        lunge_real_change_threshold(latest.lunge_method, anchor.rater),
    )
    changes = [
        now - before
        for side in Side
        if (now := latest.side(side).lunge) is not None
        and (before := anchor.side(side).lunge) is not None
    ]
    if not changes or max(changes) >= threshold:
        return None
    text = (
        f"No real lunge change since {anchor.taken_on.isoformat()} (best "
        f"{max(changes):+.1f} {latest.lunge_method.unit}, a real change is at least "
        f"{threshold:g}) with {adherence:g} % of sessions done. {LUNGE_STRATEGY}"
    )
    return Plateau(
        "lunge",
        anchor.taken_on,
        latest.taken_on,
        Reason(text, "plateau.dorsiflexion", DORSIFLEXION_PLATEAU_SOURCE),
    )


def _heel_plateau(assessments: Sequence[Assessment], adherence: float | None) -> Plateau | None:
    if not _adherent(adherence):
        return None
    latest = _newest(assessments, lambda a: a.has_heel_raise)
    if latest is None:
        return None
    key = latest.heel_raise_key
    anchor = _anchor(
        assessments,
        latest,
        HEEL_RAISE_WINDOW_DAYS,
        lambda a: a.has_heel_raise and a.heel_raise_key == key,
    )
    if anchor is None:
        return None
    gains = [
        now - before
        for side in Side
        if (now := latest.side(side).heel_raise_reps) is not None
        and (before := anchor.side(side).heel_raise_reps) is not None
    ]
    if not gains or max(gains) >= norms.HEEL_RAISE_REAL_CHANGE_REPS:
        return None
    text = (
        f"Fewer than {norms.HEEL_RAISE_REAL_CHANGE_REPS} heel raises gained since "
        f"{anchor.taken_on.isoformat()} (best {max(gains):+d}) with {adherence:g} % of "
        f"sessions done. {HEEL_RAISE_STRATEGY}"
    )
    return Plateau(
        "heel-raise",
        anchor.taken_on,
        latest.taken_on,
        Reason(text, "plateau.heel-raise", HEEL_RAISE_PLATEAU_SOURCE),
    )


def plateau_holds(plateaus: Sequence[Plateau], today: date) -> list[Decision]:
    """Each plateau as the decision status shows: a hold of the whole program, whose change is
    the next plan's new strategy."""
    return [
        Decision(
            today,
            Verdict.HOLD,
            "*",
            SideChoice.BOTH,
            p.why.rule,
            p.why.text,
            p.why.source,
            "the next plan changes strategy",
        )
        for p in plateaus
    ]
