"""Errors the domain and the services raise; every interface maps them to its own form."""

from __future__ import annotations


class AnkletError(Exception):
    """Base of every error a user can cause; never a programming error."""


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


SHOWN_MAX_CHARS = 60


def shown(value: object) -> str:
    """The value as typed, cut short: a 5,000-character mistake needs no full echo."""
    text = repr(value)
    if len(text) <= SHOWN_MAX_CHARS:
        return text
    return f"{text[: SHOWN_MAX_CHARS - 1]}… ({len(text)} characters)"


class NotFound(AnkletError):
    """A record named by the user does not exist."""

    def __init__(self, kind: str, key: str, hint: str = "", *, message: str = "") -> None:
        self.kind = kind
        self.key = key
        message = message or f"no {kind} named {key!r}"
        super().__init__(f"{message}; {hint}" if hint else message)


class Conflict(AnkletError):
    """The request clashes with what is stored (a handle already taken, for example)."""


class StorageUnavailable(AnkletError):
    """The database named by the user cannot be opened (bad URL, server down, no access)."""
