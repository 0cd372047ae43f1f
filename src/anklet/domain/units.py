"""Named ranges with units: every value from outside is checked against one of these."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import TypeVar

from anklet.domain.errors import InvalidValue


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


@dataclass(frozen=True)
class Range:
    """An inclusive range of a quantity, with the unit it is measured in."""

    minimum: float
    maximum: float
    unit: str

    def describe(self) -> str:
        return f"{_fmt(self.minimum)} to {_fmt(self.maximum)} {self.unit}".rstrip()

    def check(self, field: str, value: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidValue(field, value, f"a number from {self.describe()}")
        if math.isnan(value) or not self.minimum <= value <= self.maximum:
            raise InvalidValue(field, value, self.describe())
        return value

    def check_int(self, field: str, value: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidValue(field, value, f"a whole number from {self.describe()}")
        self.check(field, value)
        return value


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"


# The ranges below are the contract with every interface (docs/architecture.md, rule 6).
LUNGE_DISTANCE_CM = Range(0, 25, "cm")
LUNGE_ANGLE_DEG = Range(0, 70, "degrees")
HEEL_RAISE_REPS = Range(0, 150, "reps")
HEEL_HEIGHT_CM = Range(0, 20, "cm")
PAIN_0_10 = Range(0, 10, "(0 = no pain, 10 = worst imaginable)")
# A stored record's version (optimistic concurrency): 0 for a baseline never set, one more on
# every change; far below the maximum in any life of a record.
RECORD_VERSION = Range(0, 1_000_000_000, "")
# A page of an athlete's lists (logs, mornings, tests, runs, locks): the default and the most
# one request returns. 20 logs are about 50 kB; 100, a quarter of a year of daily training.
LIST_PAGE = Range(1, 100, "entries")
LIST_PAGE_DEFAULT = 20
# A page of the whole history covers days: the default and the most.
HISTORY_DAYS = Range(1, 92, "days")
HISTORY_DAYS_DEFAULT = 28
SESSION_MINUTES = Range(5, 180, "minutes")
AGE_YEARS = Range(10, 100, "years")
# Body mass, optional: it sets the plyometric dose (over 100 kg, fewer contacts). 30-250 kg
# holds every adult and teenage athlete; outside it is a typing mistake (pounds, grams).
BODY_MASS_KG = Range(30, 250, "kg")


# Imperial athletes type inches; values are stored in cm. The inch ranges are the cm ranges
# converted and rounded down, so an inch value that passes always passes in cm too.
CM_PER_INCH = 2.54
LUNGE_DISTANCE_IN = Range(0, 9.8, "in")
HEEL_HEIGHT_IN = Range(0, 7.8, "in")


def inches_to_cm(inches: float) -> float:
    """Rounded to 0.01 cm, finer than either test can measure."""
    return round(inches * CM_PER_INCH, 2)


# The calendar Anklet works in: a date outside it is a typing mistake (year 1 or 9999), and
# dates near the ends of Python's calendar overflow when a week or a window is laid over them.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


def check_calendar_day(field: str, value: date) -> date:
    """A day to show or record: within the calendar Anklet works in."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InvalidValue(
            field,
            value.isoformat(),
            f"a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}",
        )
    return value


def check_not_future(field: str, value: date, today: date) -> date:
    """Measurements describe the past: a date after today is a typing mistake."""
    if value > today:
        raise InvalidValue(field, value.isoformat(), f"a date on or before {today.isoformat()}")
    if value < FIRST_DAY:
        raise InvalidValue(field, value.isoformat(), f"a date on or after {FIRST_DAY.isoformat()}")
    return value


CONTROL_CHARACTERS = frozenset(map(chr, [*range(32), 127])) - {"\n", "\r", "\t"}


def check_text(field: str, value: str, allowed: str) -> str:
    """Free text from outside: no control characters but line breaks and tabs (a NUL byte,
    say, cannot be stored in PostgreSQL), and only characters UTF-8 can hold (a lone
    surrogate, from a JSON escape or a command line that was not UTF-8, cannot be stored
    in either database)."""
    if any(char in CONTROL_CHARACTERS for char in value):
        raise InvalidValue(field, value, f"{allowed}, without control characters")
    if not is_unicode_text(value):
        raise InvalidValue(field, value, f"{allowed}, as valid Unicode text (UTF-8)")
    return value


def is_unicode_text(value: str) -> bool:
    """False when `value` holds a lone surrogate (U+D800 to U+DFFF), which UTF-8 cannot hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_date(field: str, text: str) -> date:
    if not isinstance(text, str):
        raise InvalidValue(field, text, "a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValue(field, text, "a date written YYYY-MM-DD") from None


E = TypeVar("E", bound=Enum)


def parse_choice(field: str, text: str, kind: type[E]) -> E:
    for member in kind:
        if member.value == text:
            return member
    allowed = ", ".join(str(member.value) for member in kind)
    raise InvalidValue(field, text, f"one of {allowed}")
