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


# The ranges below are the contract with every interface (DESIGN.md, "Input, errors and safety").
LUNGE_DISTANCE_CM = Range(0, 25, "cm")
LUNGE_ANGLE_DEG = Range(0, 70, "degrees")
HEEL_RAISE_REPS = Range(0, 150, "reps")
HEEL_HEIGHT_CM = Range(0, 20, "cm")
PAIN_0_10 = Range(0, 10, "(0 = no pain, 10 = worst imaginable)")
SESSION_MINUTES = Range(5, 180, "minutes")
AGE_YEARS = Range(10, 100, "years")


def check_not_future(field: str, value: date, today: date) -> date:
    """Measurements describe the past: a date after today is a typing mistake."""
    if value > today:
        raise InvalidValue(field, value.isoformat(), f"a date on or before {today.isoformat()}")
    return value


def parse_date(field: str, text: str) -> date:
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
