"""Heels-down squat depth, logged on squat technique days and trended next to the lunge.

The depth is the lowest box the athlete can sit to with both heels down, in cm, or "full"
(below parallel, no box). Less dorsiflexion goes with a shallower, more valgus squat
(Lima 2018 [V]): an association, so the trend is shown beside the lunge, not as a promise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from anklet.domain.errors import InvalidValue

BOX_HEIGHT_CM = (10.0, 80.0)  # a low step to a high chair
FULL = "full"
SQUAT_DEPTH_SOURCE = "Lima 2018 [V]"


@dataclass(frozen=True)
class SquatDepth:
    day: date
    box_height_cm: float | None  # None: full depth
    recorded_at: datetime | None = None
    version: int = 1  # one more on every change of the day's depth (as SessionLog.version)

    @property
    def full(self) -> bool:
        return self.box_height_cm is None

    @property
    def shown(self) -> str:
        return FULL if self.box_height_cm is None else f"{self.box_height_cm:g} cm box"


ALLOWED = f'a box height of {BOX_HEIGHT_CM[0]:g} to {BOX_HEIGHT_CM[1]:g} cm, or "full"'


def parse_depth(text: str) -> float | None:
    """A box height in cm ("35", "35 cm") or "full" (None); InvalidValue otherwise."""
    value = text.strip().lower().removesuffix("cm").strip()
    if value == FULL:
        return None
    try:
        height = float(value.replace(",", "."))
    except ValueError:
        raise InvalidValue("depth", text, ALLOWED) from None
    return checked_height(height, shown=text)


def checked_height(height: float | None, *, shown: object = None) -> float | None:
    """A box height inside BOX_HEIGHT_CM (None, full depth, passes)."""
    if height is None:
        return None
    low, high = BOX_HEIGHT_CM
    if not (math.isfinite(height) and low <= height <= high):
        raise InvalidValue("depth", height if shown is None else shown, ALLOWED)
    return height
