"""The athlete: who trains, what they want, when and with what."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from anklet.domain.errors import InvalidValue, Problems
from anklet.domain.units import AGE_YEARS, BODY_MASS_KG, SESSION_MINUTES, check_text


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    UNSPECIFIED = "unspecified"


class Goal(StrEnum):
    SQUAT = "squat"
    RUNNING = "running"
    BOTH = "both"


class UnitSystem(StrEnum):
    METRIC = "metric"
    IMPERIAL = "imperial"


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as in `date.weekday()`."""
        return list(Weekday).index(self)


class Equipment(StrEnum):
    BAND = "band"
    CABLE = "cable"
    STEP = "step"
    WOBBLE_BOARD = "wobble-board"
    BOX = "box"
    WEIGHTS = "weights"
    WALL = "wall"


HANDLE_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
HANDLE_MAX_CHARS = 32
NAME_MAX_CHARS = 80
DEFAULT_DAYS = (Weekday.MON, Weekday.WED, Weekday.FRI)
DEFAULT_MINUTES = 30


def is_handle(value: str) -> bool:
    return len(value) <= HANDLE_MAX_CHARS and HANDLE_PATTERN.fullmatch(value) is not None


def check_handle(value: str) -> str:
    if not is_handle(value):
        raise InvalidValue(
            "handle",
            value,
            f"a lower-case slug of at most {HANDLE_MAX_CHARS} characters: letters, digits and "
            "single hyphens, starting with a letter (e.g. 'sam' or 'sam-2')",
        )
    return value


def check_name(value: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > NAME_MAX_CHARS:
        raise InvalidValue("name", value, f"1 to {NAME_MAX_CHARS} characters")
    return check_text("name", cleaned, f"1 to {NAME_MAX_CHARS} characters")


def check_birth_year(value: int, today: date) -> int:
    """A birth year is plausible when it makes the athlete 10 to 100 years old this year."""
    earliest = today.year - int(AGE_YEARS.maximum)
    latest = today.year - int(AGE_YEARS.minimum)
    if isinstance(value, bool) or not isinstance(value, int) or not earliest <= value <= latest:
        raise InvalidValue("birth_year", value, f"a year from {earliest} to {latest}")
    return value


@dataclass(frozen=True)
class Athlete:
    """One athlete. `id` is None until the athlete is stored."""

    handle: str
    name: str
    birth_year: int | None = None
    sex: Sex = Sex.UNSPECIFIED
    goal: Goal = Goal.BOTH
    days: tuple[Weekday, ...] = DEFAULT_DAYS
    minutes: int = DEFAULT_MINUTES
    equipment: frozenset[Equipment] = field(default_factory=frozenset)
    units: UnitSystem = UnitSystem.METRIC
    body_mass_kg: float | None = None
    id: int | None = None
    # One more on every stored edit: an edit made against an older version is refused
    # (optimistic concurrency), so two people editing at once never lose a change silently.
    version: int = 1

    def age_on(self, day: date) -> int | None:
        """Age in whole years on `day`, taking the birthday as mid-year (only the year is kept)."""
        return None if self.birth_year is None else day.year - self.birth_year


def validate_athlete(athlete: Athlete, today: date) -> Athlete:
    """Check every field of an athlete from outside; returns the cleaned athlete. Every bad
    field is reported at once (InvalidValues)."""
    problems = Problems()
    problems.check(lambda: check_handle(athlete.handle), athlete.handle)
    name = problems.check(lambda: check_name(athlete.name), athlete.name)
    if athlete.birth_year is not None:
        birth_year = athlete.birth_year
        problems.check(lambda: check_birth_year(birth_year, today), birth_year)
    problems.check(lambda: SESSION_MINUTES.check_int("minutes", athlete.minutes), 0)
    if athlete.body_mass_kg is not None:
        mass_kg = athlete.body_mass_kg
        problems.check(lambda: BODY_MASS_KG.check("body_mass_kg", mass_kg), 0.0)
    if not athlete.days:
        problems.add(
            InvalidValue("days", "", "at least one weekday: mon, tue, wed, thu, fri, sat, sun")
        )
    problems.raise_if_any()
    days = tuple(sorted(set(athlete.days), key=lambda day: day.number))
    return Athlete(
        handle=athlete.handle,
        name=name,
        birth_year=athlete.birth_year,
        sex=athlete.sex,
        goal=athlete.goal,
        days=days,
        minutes=athlete.minutes,
        equipment=frozenset(athlete.equipment),
        units=athlete.units,
        body_mass_kg=None if athlete.body_mass_kg is None else float(athlete.body_mass_kg),
        id=athlete.id,
        version=athlete.version,
    )
