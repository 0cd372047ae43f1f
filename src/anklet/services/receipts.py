"""Writes sent again (domain.receipts): a write service stores the client's key in its own
transaction (`claim_key`), the web layer keeps the answer it sent (`keep_answer`) and gives
it again to a retry (`first_answer`), so a write queued on a phone lands once."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from anklet.domain.receipts import Answer, Receipt, WriteKey, first_answer_to, forgotten_before

if TYPE_CHECKING:
    from anklet.services.ports import UnitOfWork

__all__ = ["claim_key", "first_answer", "keep_answer"]


def first_answer(*, uow: UnitOfWork, write: WriteKey) -> Answer | None:
    """The answer a request with this key was given, or None when the key is new; an
    InvalidValue when the key came with another request, AlreadyRecorded when its write is
    stored but not yet answered."""
    with uow:
        return first_answer_to(uow.receipts.get(write.key), write)


def keep_answer(*, uow: UnitOfWork, write: WriteKey, answer: Answer) -> bool:
    """Keep the answer sent for the write of this key (the first one stays)."""
    with uow:
        kept = uow.receipts.answer(write.key, answer)
        uow.commit()
    return kept


def claim_key(uow: UnitOfWork, write: WriteKey | None, athlete_id: int, now: datetime) -> None:
    """In a write's own transaction, before it writes: store its key, so the write and its
    key commit together or not at all (AlreadyRecorded when the key is stored). The
    athlete's receipts older than domain.receipts.KEEP_RECEIPTS go at the same time."""
    if write is None:
        return
    uow.receipts.forget(athlete_id, before=forgotten_before(now))
    uow.receipts.claim(Receipt(write.key, write.fingerprint, athlete_id, now))
