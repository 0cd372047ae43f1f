"""Turning command-line text into domain values, with messages that name the option."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TypeVar

from anklet.domain.errors import InvalidValue

# anklet.domain.units is imported inside the functions: `anklet --help` never needs it.

E = TypeVar("E", bound=Enum)


def choice(option: str, text: str, kind: type[E]) -> E:
    from anklet.domain.units import parse_choice

    return parse_choice(option, text, kind)


def choices(option: str, text: str, kind: type[E], *, allow_none: bool = False) -> list[E]:
    """A comma-separated list such as `mon,wed,fri`; `none` means an empty list if allowed."""
    from anklet.domain.units import parse_choice

    items = [item.strip() for item in text.split(",") if item.strip()]
    if allow_none and items == ["none"]:
        return []
    if not items:
        allowed = ", ".join(str(member.value) for member in kind)
        raise InvalidValue(option, text, f"a comma-separated list of {allowed}")
    return [parse_choice(option, item, kind) for item in items]


def optional_date(option: str, text: str | None) -> date | None:
    from anklet.domain.units import parse_date

    return None if text is None else parse_date(option, text)


def question_numbers(option: str, text: str, count: int) -> list[int]:
    numbers = []
    for item in (part.strip() for part in text.split(",")):
        if not item.isdigit() or not 1 <= int(item) <= count:
            raise InvalidValue(option, text, f"question numbers from 1 to {count}, e.g. 1,5")
        numbers.append(int(item))
    return numbers
