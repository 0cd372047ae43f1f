"""Interactive questions that check each answer as it is given: a bad answer is said at once
(field, value, what is allowed) and the same question is asked again, so a mistake in the
first answer is never found only after the last one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from anklet.domain.units import Range

T = TypeVar("T")


def ask(text: str, read: Callable[[str], T], *, default: str = "") -> T:
    """Ask until `read` accepts the answer; `read` raises InvalidValue on a bad one."""
    from anklet.domain.errors import InvalidValue

    while True:
        answer = typer.prompt(text, default=default, show_default=bool(default)).strip()
        try:
            return read(answer)
        except InvalidValue as error:
            typer.echo(f"error: {error}. Try again.", err=True)


YES = frozenset({"y", "yes"})
NO = frozenset({"n", "no"})


def ask_yes_no(text: str, field: str, *, default: bool = False) -> bool:
    """A yes-or-no question; anything but y, yes, n, no (or Enter for the default) is said
    at once with the question's name, and asked again."""
    from anklet.domain.errors import InvalidValue

    def read(answer: str) -> bool:
        word = answer.lower()
        if not word:
            return default
        if word in YES or word in NO:
            return word in YES
        raise InvalidValue(field, answer, "y or n (Enter: " + ("y" if default else "n") + ")")

    return ask(f"{text} [{'Y/n' if default else 'y/N'}]", read)


def ask_password(text: str = "Password") -> str:
    """A password, not echoed: checked against the password rules as soon as it is typed
    (before the repeat is asked for), never trimmed, and asked again when the repeat differs."""
    from anklet.domain.accounts import check_password
    from anklet.domain.errors import InvalidValue

    while True:
        given = str(typer.prompt(text, hide_input=True))
        try:
            check_password(given)
        except InvalidValue as error:
            typer.echo(f"error: {error}. Try again.", err=True)
            continue
        if str(typer.prompt("Repeat for confirmation", hide_input=True)) == given:
            return given
        typer.echo("error: password: the two entries differ. Try again.", err=True)


def number_reader(
    field: str, allowed: Range, *, whole: bool = False, optional: bool = True
) -> Callable[[str], float | None]:
    """Reads a number (or a whole number) in `allowed`; empty is None when `optional`."""
    from anklet.domain.errors import InvalidValue

    def read(answer: str) -> float | None:
        if not answer:
            if optional:
                return None
            raise InvalidValue(field, answer, f"an answer from {allowed.describe()}")
        try:
            value: float = int(answer) if whole else float(answer.replace(",", "."))
        except ValueError:
            word = "a whole number" if whole else "a number"
            raise InvalidValue(field, answer, f"{word} from {allowed.describe()}") from None
        return allowed.check_int(field, int(value)) if whole else allowed.check(field, value)

    return read


def ask_number(
    text: str,
    field: str,
    allowed: Range,
    *,
    whole: bool = False,
    optional: bool = True,
    default: float | None = None,
) -> float | None:
    shown = "" if default is None else f"{default:g}"
    return ask(text, number_reader(field, allowed, whole=whole, optional=optional), default=shown)


def ask_whole(
    text: str, field: str, allowed: Range, *, optional: bool = True, default: int | None = None
) -> int | None:
    value = ask_number(text, field, allowed, whole=True, optional=optional, default=default)
    return None if value is None else int(value)
