"""Turning command-line text into domain values, with messages that name the option."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any, TypeVar

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
        # isdigit() alone takes "²", which int() refuses: ASCII digits only.
        if not (item.isascii() and item.isdigit()) or not 1 <= int(item) <= count:
            raise InvalidValue(option, text, f"question numbers from 1 to {count}, e.g. 1,5")
        numbers.append(int(item))
    return numbers


SET_FORMAT = (
    "EXERCISE:SIDE:SETSxREPS[@LOAD_KG] or EXERCISE:SIDE:SETSxHOLD_Ss, "
    "e.g. tempo-heel-raise:both:3x15@10"
)


def logged_set(text: str) -> tuple[tuple[str, Any], Any]:
    """`--set tempo-heel-raise:both:3x15@10` or `--set wall-calf-stretch:left:5x30s`."""
    import re

    from anklet.domain.program import SideChoice
    from anklet.domain.units import parse_choice
    from anklet.services.training import Actual

    match = re.fullmatch(
        r"(?P<exercise>[a-z0-9-]+):(?P<side>[a-z]+):(?P<sets>\d+)x(?P<amount>\d+)(?P<hold>s)?"
        r"(?:@(?P<load>\d+(?:\.\d+)?))?",
        text.strip(),
    )
    if match is None:
        if "@-" in text:
            raise InvalidValue("--set load", text.rsplit("@", 1)[1], "0 to 500 kg")
        raise InvalidValue("--set", text, SET_FORMAT)
    side = parse_choice("--set side", match["side"], SideChoice)
    sets, amount = int(match["sets"]), int(match["amount"])
    load = float(match["load"]) if match["load"] else None
    if match["hold"]:
        actual = Actual(sets=sets, hold_s=amount, load_kg=load)
    else:
        actual = Actual(sets=sets, reps=amount, load_kg=load)
    return (match["exercise"], side), actual
