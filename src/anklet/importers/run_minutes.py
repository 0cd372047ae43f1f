"""The per-minute summary of a run, built while the records stream past (memory stays flat
however long the run: one minute's sums at a time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from anklet.domain.runs import Dynamics, Minute

AVERAGED = (
    "cadence_spm",
    "ground_contact_ms",
    "gct_balance_left_percent",
    "vertical_oscillation_mm",
    "vertical_ratio_percent",
    "step_length_mm",
    "speed_m_s",
    "heart_rate_bpm",
)


@dataclass
class _Sums:
    totals: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    last_distance_m: float | None = None

    def add(self, name: str, value: float | None) -> None:
        if value is None:
            return
        self.totals[name] = self.totals.get(name, 0.0) + value
        self.counts[name] = self.counts.get(name, 0) + 1

    def mean(self, name: str) -> float | None:
        count = self.counts.get(name)
        return round(self.totals[name] / count, 2) if count else None


class MinuteSummary:
    """Feed records in time order with `add`; `minutes()` returns one Minute per minute that
    had a record, minute 0 starting at the first record."""

    def __init__(self) -> None:
        self._origin: datetime | None = None
        self._minute = -1
        self._sums = _Sums()
        self._done: list[Minute] = []
        self._distance_before_m = 0.0

    def add(self, at: datetime, distance_m: float | None, **values: float | None) -> None:
        if self._origin is None:
            self._origin = at
            if distance_m is not None:
                self._distance_before_m = distance_m
        minute = max(0, int((at - self._origin).total_seconds() // 60))
        if minute != self._minute:
            self._close()
            self._minute = minute
        for name in AVERAGED:
            self._sums.add(name, values.get(name))
        if distance_m is not None:
            self._sums.last_distance_m = distance_m

    def _close(self) -> None:
        if self._minute < 0:
            return
        sums = self._sums
        covered = 0.0
        if sums.last_distance_m is not None:
            covered = max(0.0, sums.last_distance_m - self._distance_before_m)
            self._distance_before_m = sums.last_distance_m
        self._done.append(
            Minute(
                minute=self._minute,
                distance_m=round(covered, 1),
                speed_m_s=sums.mean("speed_m_s"),
                heart_rate_bpm=sums.mean("heart_rate_bpm"),
                dynamics=Dynamics(
                    cadence_spm=sums.mean("cadence_spm"),
                    ground_contact_ms=sums.mean("ground_contact_ms"),
                    gct_balance_left_percent=sums.mean("gct_balance_left_percent"),
                    vertical_oscillation_mm=sums.mean("vertical_oscillation_mm"),
                    vertical_ratio_percent=sums.mean("vertical_ratio_percent"),
                    step_length_mm=sums.mean("step_length_mm"),
                ),
            )
        )
        self._sums = _Sums()

    def minutes(self) -> tuple[Minute, ...]:
        self._close()
        self._minute = -1
        return tuple(self._done)
