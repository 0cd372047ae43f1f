"""Runs from a watch: the summary of one run, its laps and a per-minute summary.

Anklet keeps these, never the raw one-second records: enough to chart the trends and to guard
the running load, small enough to store a year of runs in a few thousand rows. Every figure is
checked against a named range with units; cadence is in steps per minute (a FIT file's strides
per minute are doubled by the importer).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from anklet.domain.errors import AnkletError, InvalidValue


class RunFormat(StrEnum):
    FIT = "fit"
    TCX = "tcx"
    GPX = "gpx"


# Sports a file may name that Anklet counts as running (FIT, TCX and GPX names, lower case).
RUNNING_SPORTS = frozenset({"running", "run", "trail_running", "treadmill_running"})

# Plausible ranges, with units, for what a watch reports. A summary outside them refuses the
# file with a reason; a lap or a minute outside them keeps that value empty (a sensor glitch).
DISTANCE_M = (1.0, 400_000.0)  # a run of 1 m up to a 400 km ultra
MOVING_S = (10.0, 48 * 3600.0)
CADENCE_SPM = (60.0, 260.0)  # steps per minute, walking breaks to sprinting
GROUND_CONTACT_MS = (100.0, 600.0)
GCT_BALANCE_LEFT_PERCENT = (30.0, 70.0)
VERTICAL_OSCILLATION_MM = (20.0, 250.0)
VERTICAL_RATIO_PERCENT = (2.0, 25.0)
STEP_LENGTH_MM = (200.0, 3000.0)
UTC_OFFSET_MIN = (-14 * 60, 14 * 60)
# A start before this is a watch whose clock was never set (FIT counts from 1989).
EARLIEST_START = datetime(2000, 1, 1)
FUTURE_SLACK = timedelta(days=1)  # a start later than now plus this is a clock set wrong
SERIAL_MAX_CHARS = 40
NAME_MAX_CHARS = 200

DYNAMICS_RANGES: dict[str, tuple[float, float, str]] = {
    "cadence_spm": (*CADENCE_SPM, "steps per minute"),
    "ground_contact_ms": (*GROUND_CONTACT_MS, "ms"),
    "gct_balance_left_percent": (*GCT_BALANCE_LEFT_PERCENT, "% on the left foot"),
    "vertical_oscillation_mm": (*VERTICAL_OSCILLATION_MM, "mm"),
    "vertical_ratio_percent": (*VERTICAL_RATIO_PERCENT, "%"),
    "step_length_mm": (*STEP_LENGTH_MM, "mm"),
}


def steps_per_minute(
    strides_per_minute: float | None, fraction: float | None = None
) -> float | None:
    """FIT counts running cadence in strides (one foot's cycles) per minute, with an optional
    fractional part; a stride is two steps."""
    if strides_per_minute is None:
        return None
    return 2.0 * (strides_per_minute + (fraction or 0.0))


@dataclass(frozen=True)
class Dynamics:
    """Averages over a run, a lap or a minute; None where the watch did not measure it."""

    cadence_spm: float | None = None
    ground_contact_ms: float | None = None
    gct_balance_left_percent: float | None = None
    vertical_oscillation_mm: float | None = None
    vertical_ratio_percent: float | None = None
    step_length_mm: float | None = None

    def checked(self, where: str) -> Dynamics:
        """Every value inside its range, else InvalidValue naming `where` and the field."""
        for name, (low, high, unit) in DYNAMICS_RANGES.items():
            value = getattr(self, name)
            if value is not None and not low <= value <= high:
                raise InvalidValue(
                    f"{where}.{name}", round(value, 1), f"{low:g} to {high:g} {unit}"
                )
        return self

    def plausible(self) -> Dynamics:
        """The same values, those outside their range left empty."""
        values = {}
        for name, (low, high, _unit) in DYNAMICS_RANGES.items():
            value = getattr(self, name)
            values[name] = value if value is not None and low <= value <= high else None
        return Dynamics(**values)

    @property
    def has_running_dynamics(self) -> bool:
        return self.ground_contact_ms is not None or self.vertical_oscillation_mm is not None


@dataclass(frozen=True)
class Lap:
    index: int  # 0 for the first lap
    started_at: datetime  # UTC, naive
    moving_s: float
    distance_m: float
    dynamics: Dynamics = Dynamics()


@dataclass(frozen=True)
class Minute:
    """One minute of the run from its start (minute 0 is the first), averaged."""

    minute: int
    distance_m: float  # covered in that minute
    speed_m_s: float | None
    heart_rate_bpm: float | None
    dynamics: Dynamics = Dynamics()


@dataclass(frozen=True)
class Run:
    started_at: datetime  # UTC, naive
    utc_offset_min: int | None  # the watch's local time minus UTC; None when it did not say
    sport: str
    sub_sport: str
    distance_m: float
    moving_s: float
    elapsed_s: float
    dynamics: Dynamics
    source_format: RunFormat
    file_sha256: str
    device_serial: str | None = None
    laps: tuple[Lap, ...] = ()
    minutes: tuple[Minute, ...] = ()
    id: int | None = None
    recorded_at: datetime | None = None
    file_name: str = ""

    @property
    def pace_s_per_km(self) -> float:
        return self.moving_s / (self.distance_m / 1000.0)

    @property
    def speed_m_s(self) -> float:
        return self.distance_m / self.moving_s

    @property
    def local_day(self) -> date:
        """The day the runner lived it: the watch's local date, else the UTC date."""
        offset = timedelta(minutes=self.utc_offset_min or 0)
        return (self.started_at + offset).date()

    @property
    def treadmill(self) -> bool:
        return self.sub_sport in {"treadmill", "indoor_running"}


@dataclass(frozen=True)
class RunSummary:
    """What the views need of a stored run (no laps, no minutes)."""

    id: int
    day: date
    started_at: datetime
    utc_offset_min: int | None
    sport: str
    sub_sport: str
    distance_m: float
    moving_s: float
    dynamics: Dynamics = field(default_factory=Dynamics)
    source_format: str = "fit"
    file_name: str = ""

    @property
    def pace_s_per_km(self) -> float:
        return self.moving_s / (self.distance_m / 1000.0)


def check_start(run: Run, now: datetime) -> None:
    """The start is plausible for a run recorded by now (UTC, naive): InvalidValue if not."""
    latest = now + FUTURE_SLACK
    if not EARLIEST_START <= run.started_at <= latest:
        raise InvalidValue(
            "started_at",
            run.started_at.isoformat(),
            f"{EARLIEST_START.date().isoformat()} to {latest.date().isoformat()} (UTC)",
        )


def clean_text(text: str, limit: int) -> str:
    """A name from outside as stored: printable characters only, at most `limit`."""
    return "".join(char for char in text if char.isprintable())[:limit]


def checked_run(run: Run) -> Run:
    """`run` when its summary is plausible; else InvalidValue naming the field. Laps and
    minutes keep only their plausible values."""
    if run.sport not in RUNNING_SPORTS:
        raise NotARun(run.sport)
    _within("distance_m", run.distance_m, DISTANCE_M, "m")
    _within("moving_s", run.moving_s, MOVING_S, "s")
    if run.utc_offset_min is not None:
        low, high = UTC_OFFSET_MIN
        if not low <= run.utc_offset_min <= high:
            raise InvalidValue("utc_offset_min", run.utc_offset_min, f"{low} to {high} minutes")
    run.dynamics.checked("run")
    laps = tuple(
        Lap(lap.index, lap.started_at, lap.moving_s, lap.distance_m, lap.dynamics.plausible())
        for lap in run.laps
    )
    minutes = tuple(
        Minute(m.minute, m.distance_m, m.speed_m_s, m.heart_rate_bpm, m.dynamics.plausible())
        for m in run.minutes
    )
    serial = clean_text(run.device_serial, SERIAL_MAX_CHARS) if run.device_serial else None
    return dataclasses.replace(
        run,
        laps=laps,
        minutes=minutes,
        device_serial=serial or None,
        file_name=clean_text(run.file_name, NAME_MAX_CHARS),
    )


def _within(name: str, value: float, bounds: tuple[float, float], unit: str) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise InvalidValue(name, round(value, 1), f"{low:g} to {high:g} {unit}")


class NotARun(InvalidValue):
    """The file holds another sport; Anklet stores runs only."""

    def __init__(self, sport: str) -> None:
        super().__init__("sport", sport, "a run (running, trail or treadmill)")
        self.sport = sport


class UnreadableRun(AnkletError):
    """A file that is not a run Anklet can store, with a one-line reason a user reads."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)
