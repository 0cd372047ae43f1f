"""Errors the domain and the services raise; every interface maps them to its own form.

Messages are interface-neutral: they say what is wrong, never which command to type. What the
user can do next travels as a `Hint`, which each adapter renders its own way (a CLI command,
a link on a page, a field in the API's problem body).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

T = TypeVar("T")


class Action(StrEnum):
    """What the user can do next, named once for every interface."""

    CREATE_PLAN = "create-plan"
    LIST_ATHLETES = "list-athletes"
    LIST_EXERCISES = "list-exercises"
    NEW_HANDLE = "new-handle"
    REPLACE = "replace"
    SCREEN = "screen"


@dataclass(frozen=True)
class Hint:
    action: Action
    handle: str | None = None


class AnkletError(Exception):
    """Base of every error a user can cause; never a programming error."""

    hint: Hint | None = None


class InvalidValue(AnkletError):
    """A value from outside is outside its named range.

    The message always names the field, the value and what is allowed, so the CLI, the API
    and a page can show it as it is.
    """

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field}: {shown(value)} is not allowed; expected {allowed}")


class InvalidValues(InvalidValue):
    """Several values from outside are outside their ranges: every one of them, so a form
    or a request can be put right in one go. It is an InvalidValue (the first problem's
    field, value and allowed range), so a caller that shows one still shows something true."""

    def __init__(self, problems: Iterable[InvalidValue]) -> None:
        self.problems = tuple(each_problem(problems))
        if not self.problems:
            raise ValueError("InvalidValues needs at least one problem")
        first = self.problems[0]
        self.field = first.field
        self.value = first.value
        self.allowed = first.allowed
        AnkletError.__init__(self, "; ".join(str(problem) for problem in self.problems))


def each_problem(errors: Iterable[InvalidValue]) -> tuple[InvalidValue, ...]:
    """Every single-field problem in `errors` (an InvalidValues counts for its parts)."""
    found: list[InvalidValue] = []
    for error in errors:
        found.extend(error.problems if isinstance(error, InvalidValues) else (error,))
    return tuple(found)


class Problems:
    """Collects the problems of several checks, so all of them are reported at once.

    `check(lambda: ...)` runs one check and keeps its InvalidValue instead of raising it;
    `raise_if_any()` raises them together (InvalidValues), one per field (the first found)."""

    def __init__(self) -> None:
        self._found: list[InvalidValue] = []

    def check(self, run: Callable[[], T], default: T) -> T:
        try:
            return run()
        except InvalidValue as error:
            self.add(error)
            return default

    def add(self, error: InvalidValue) -> None:
        for problem in each_problem((error,)):
            if all(problem.field != kept.field for kept in self._found):
                self._found.append(problem)

    @property
    def found(self) -> tuple[InvalidValue, ...]:
        return tuple(self._found)

    def raise_if_any(self) -> None:
        if self._found:
            raise InvalidValues(self._found)


SHOWN_MAX_CHARS = 60


def shown(value: object) -> str:
    """The value as typed, cut short: a 5,000-character mistake needs no full echo."""
    text = repr(value)
    if len(text) <= SHOWN_MAX_CHARS:
        return text
    return f"{text[: SHOWN_MAX_CHARS - 1]}… ({len(text)} characters)"


class NotFound(AnkletError):
    """A record named by the user does not exist."""

    def __init__(
        self,
        kind: str,
        key: str,
        hint: str = "",
        *,
        message: str = "",
        action: Hint | None = None,
    ) -> None:
        self.kind = kind
        self.key = key
        self.hint = action
        message = message or f"no {kind} named {key!r}"
        super().__init__(f"{message}; {hint}" if hint else message)


class Conflict(AnkletError):
    """The request clashes with what is stored (a handle already taken, for example)."""

    def __init__(self, message: str, *, action: Hint | None = None) -> None:
        self.hint = action
        super().__init__(message)


class StaleVersion(Conflict):
    """An edit made against a version of a record that another edit has replaced."""

    def __init__(self, kind: str, key: str, *, given: int, current: int) -> None:
        self.kind = kind
        self.key = key
        self.given = given
        self.current = current
        super().__init__(
            f"the {kind} {key!r} was changed elsewhere: it is at version {current}, this edit "
            f"was made on version {given}; reload it and make the change again"
        )


class StorageUnavailable(AnkletError):
    """The database named by the user cannot be opened (bad URL, server down, no access)."""


class StorageBusy(StorageUnavailable):
    """Another writer held the database for longer than a writer waits: try again."""

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(message)
