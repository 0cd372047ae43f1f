"""A write sent again: the key a client gives each write (the `Idempotency-Key` header) and
the first answer kept for it.

A phone that logged a session with no connection sends it when the connection comes back,
and may send it again when an answer is lost on the way. The key is stored with the write,
in the same transaction, so a second send finds it and is given the first answer instead of
writing twice. The request's fingerprint is kept too: the same key on another request is a
mistake of the client, refused rather than answered with a stranger's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from anklet.domain.errors import Conflict, InvalidValue

HEADER = "Idempotency-Key"
# A UUID (36), a ULID (26) or a client's own random text; short keys are too easy to reuse
# by accident. Letters, digits and a few marks only: the key is shown back in messages.
KEY_PATTERN = re.compile(r"[A-Za-z0-9._:-]{16,128}")
KEY_ALLOWED = "16 to 128 letters, digits, '.', '_', ':' or '-' (a random UUID, say)"
# A write queued on a phone is sent within days; a key is kept long after, then forgotten
# (the store would otherwise grow by one row per write for ever).
KEEP_RECEIPTS = timedelta(days=90)


def check_key(raw: str) -> str:
    """The header's value, or InvalidValue naming the header and what a key looks like."""
    if KEY_PATTERN.fullmatch(raw) is None:
        raise InvalidValue(HEADER, raw, KEY_ALLOWED)
    return raw


@dataclass(frozen=True)
class WriteKey:
    """A write's key and the fingerprint (SHA-256, hex) of the request it came with."""

    key: str
    fingerprint: str


@dataclass(frozen=True)
class Answer:
    """What the first request was answered: replayed as it was to every retry."""

    status: int
    media_type: str
    body: str
    location: str | None = None


@dataclass(frozen=True)
class Receipt:
    """A stored key: its write was committed; `answer` is None until the answer is kept
    (a moment later, in a transaction of its own)."""

    key: str
    fingerprint: str
    athlete_id: int
    recorded_at: datetime
    answer: Answer | None = None


class AlreadyRecorded(Conflict):
    """The write of this key is stored, but its answer is not (yet): it is being answered
    right now, or the server stopped between the two. Either way it is not written again."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"the write with {HEADER} {key!r} is already recorded; it is not recorded again"
        )


def first_answer_to(receipt: Receipt | None, write: WriteKey) -> Answer | None:
    """The answer to give a request with this key: the first one, when the same request was
    answered before; None when the key is new. The same key on another request is refused."""
    if receipt is None:
        return None
    if receipt.fingerprint != write.fingerprint:
        raise InvalidValue(
            HEADER, write.key, "a new key for each write: this one came with another request"
        )
    if receipt.answer is None:
        raise AlreadyRecorded(write.key)
    return receipt.answer


def forgotten_before(now: datetime) -> datetime:
    """Receipts recorded before this are dropped."""
    return now - KEEP_RECEIPTS
