"""A date that looks wrong (before the athlete was added, or more than a year ago): asked
about on a terminal, refused elsewhere with how to confirm it (`--yes`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from anklet.domain.plausible_dates import DateNeedsConfirmation

T = TypeVar("T")
PASS_YES = "; pass --yes if the date is right"
YES_OPTION = typer.Option(
    False,
    "--yes",
    help="The date is right although it is before the athlete was added or more than 365 "
    "days ago (otherwise asked on a terminal, refused elsewhere).",
)


def with_date_confirmation(record: Callable[[bool], T], *, yes: bool) -> T:
    """`record(confirmed)`, asking once whether the date is right when it looks wrong.

    Without a terminal (a script, a pipe) nobody can answer, so the refusal stands and says
    to pass --yes; a use case refuses before it writes, so asking and trying again is safe.
    """
    from anklet.domain.plausible_dates import DateNeedsConfirmation

    try:
        return record(yes)
    except DateNeedsConfirmation as refused:
        if not _confirmed_at_the_terminal(refused):
            raise refused.confirm_by(PASS_YES) from None
    return record(True)


def _confirmed_at_the_terminal(refused: DateNeedsConfirmation) -> bool:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    from anklet.cli.asking import ask_yes_no

    return ask_yes_no(f"The date {refused.value} looks wrong: {refused.why}. Is it right?", "date")
