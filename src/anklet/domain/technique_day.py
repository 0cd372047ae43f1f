"""What a technique day adds from the runner's data: on a running technique day the cadence
cue (with its metronome rate), on a squat technique day the heels-down squat depth to log.

Strides and hops are not touched here: they stay behind the pogo gate (domain.exercise_gates);
the cue changes how the athlete runs, not what the plan holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from anklet.domain.cadence_cue import CadenceCue

RUNNING_RULE = "technique.running"
SQUAT_RULE = "technique.squat"


@dataclass(frozen=True)
class TechniqueExtras:
    focus: str | None  # "running", "squat" or None (no technique session that day)
    cadence: CadenceCue | None  # only on a running technique day with cadence data
    log_squat_depth: bool  # a squat technique day asks for the depth reached

    @property
    def metronome_bpm(self) -> int | None:
        """One beat per step at the target rate."""
        return self.cadence.target_spm if self.cadence else None


def technique_extras(item_rules: Iterable[str], cue: CadenceCue | None) -> TechniqueExtras:
    """From the rules of the day's technique items (their `why.rule`) and the cadence cue
    of the day (None without cadence data)."""
    rules = set(item_rules)
    if RUNNING_RULE in rules:
        return TechniqueExtras("running", cue, log_squat_depth=False)
    if SQUAT_RULE in rules:
        return TechniqueExtras("squat", None, log_squat_depth=True)
    return TechniqueExtras(None, None, log_squat_depth=False)
