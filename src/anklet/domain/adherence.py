"""Adherence: sessions done against sessions prescribed over a window of days.

Re-tests are not counted: they are measurements, not training. Plateau detection asks for at
least 80 % adherence before it calls a standstill a plateau (the plateau rules, [D]).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from anklet.domain.program import PlannedSession, SessionKind
from anklet.domain.training_log import SessionFacts


@dataclass(frozen=True)
class Adherence:
    days: int
    prescribed: int
    done: int

    @property
    def percent(self) -> float | None:
        return None if self.prescribed == 0 else round(100 * self.done / self.prescribed, 1)


def adherence(
    sessions: Sequence[PlannedSession], logs: Sequence[SessionFacts], today: date, days: int
) -> Adherence:
    """Sessions done against sessions prescribed over the last `days` days, today included."""
    first = today - timedelta(days=days - 1)
    planned = {
        (s.day, s.kind)
        for s in sessions
        if first <= s.day <= today and s.kind is not SessionKind.RETEST
    }
    done = {(log.day, log.kind) for log in logs if first <= log.day <= today}
    return Adherence(days, len(planned), len(planned & done))
