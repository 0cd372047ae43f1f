"""The shape of a training week: which weekdays carry strength, which carry technique.

Strength goes on two or three of the athlete's days, never two days in a row, counting Sunday
to Monday as in a row (ACSM 2009; Potach & Chu 2016: same area not on consecutive days). Technique
takes one or two of the days left over (source article: "one or two technique-focused days").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

DAYS_IN_WEEK = 7
MAX_STRENGTH_DAYS = 3
MIN_STRENGTH_DAYS = 2
MAX_TECHNIQUE_DAYS = 2


@dataclass(frozen=True)
class WeekShape:
    strength: tuple[int, ...]  # weekday numbers, Monday = 0
    technique: tuple[int, ...]
    technique_shares_a_day: bool  # too few days: technique follows a strength session


def _back_to_back(days: Sequence[int]) -> bool:
    ordered = sorted(days)
    pairs = zip(ordered, [*ordered[1:], ordered[0] + DAYS_IN_WEEK], strict=True)
    return len(ordered) > 1 and any(b - a == 1 for a, b in pairs)


def _spread(days: Sequence[int]) -> int:
    """The smallest gap between neighbours around the week; larger is better."""
    ordered = sorted(days)
    if len(ordered) < 2:
        return DAYS_IN_WEEK
    return min(
        (b - a) % DAYS_IN_WEEK or DAYS_IN_WEEK
        for a, b in zip(ordered, [*ordered[1:], ordered[0]], strict=True)
    )


def _best(days: Sequence[int], count: int) -> tuple[int, ...] | None:
    options = [c for c in combinations(sorted(days), count) if not _back_to_back(c)]
    if not options:
        return None
    return max(options, key=lambda c: (_spread(c), [-d for d in c]))


def week_shape(available: Sequence[int]) -> WeekShape:
    """Strength on up to three non-consecutive days, keeping a day for technique when there
    are three or more days; technique on up to two of the rest."""
    days = sorted(set(available))
    wanted = MAX_STRENGTH_DAYS if len(days) >= 4 else MIN_STRENGTH_DAYS
    strength: tuple[int, ...] = ()
    for count in range(min(wanted, len(days)), 0, -1):
        found = _best(days, count)
        if found is not None:
            strength = found
            break
    rest = [day for day in days if day not in strength]
    technique: tuple[int, ...] = ()
    for count in range(min(MAX_TECHNIQUE_DAYS, len(rest)), 0, -1):
        found = _best(rest, count)
        if found is not None:
            technique = found
            break
    if technique:
        return WeekShape(strength, technique, technique_shares_a_day=False)
    # One or two days only: technique follows the last strength session of the week.
    return WeekShape(strength, strength[-1:], technique_shares_a_day=True)
