"""The history stamp of a read comes with the athlete's row (issue 14, Speed): a use case
finds its athlete first, and that row carries the history version, so a read whose
situation is remembered costs that one statement. The version is the one read with the row
in this transaction, never one a later transaction or an earlier one of the same connection
read; once the transaction writes, the stamp is its own. On SQLite and PostgreSQL (READ
COMMITTED, where a statement after the row could see a newer version: the stamp must not be
newer than the row it came with)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine

from anklet.domain.athlete import Athlete
from anklet.domain.training_log import Baseline
from anklet.storage.unit_of_work import SqlUnitOfWork

AT = datetime(2026, 6, 1, 9)


def _sam(engine: Engine) -> int:
    uow = SqlUnitOfWork(engine)
    with uow:
        stored = uow.athletes.add(Athlete(handle="sam", name="Sam"), created_at=AT)
        uow.commit()
    assert stored.id is not None
    return stored.id


def _write(engine: Engine, athlete_id: int, day: int = 1) -> None:
    """A write of sam's history (it moves the version), committed in its own transaction."""
    uow = SqlUnitOfWork(engine)
    with uow:
        uow.baselines.set(
            athlete_id, Baseline(1, day, ""), set_on=date(2026, 6, day), recorded_at=AT
        )
        uow.commit()


def _stamp(engine: Engine, athlete_id: int) -> tuple[object, ...]:
    uow = SqlUnitOfWork(engine, read_only=True)
    with uow:
        return uow.history_stamp(athlete_id)


def test_a_reads_stamp_is_the_version_read_with_the_athletes_row(engine: Engine) -> None:
    sam = _sam(engine)
    before = _stamp(engine, sam)
    reader = SqlUnitOfWork(engine, read_only=True)
    with reader:
        assert reader.athletes.by_handle("sam") is not None
        _write(engine, sam)  # committed after the reader read the row
        assert reader.history_stamp(sam) == before
    after = _stamp(engine, sam)
    assert after != before
    reader = SqlUnitOfWork(engine, read_only=True)
    with reader:
        assert reader.athletes.by_handle("sam") is not None
        assert reader.history_stamp(sam) == after


def test_a_version_read_in_an_earlier_transaction_is_never_the_stamp(engine: Engine) -> None:
    """The version noted on the connection ends with its transaction: a commit in the same
    block, or a later unit of work on the same pooled connection, reads it anew."""
    sam = _sam(engine)
    uow = SqlUnitOfWork(engine)
    with uow:
        assert uow.athletes.by_handle("sam") is not None
        read = uow.history_stamp(sam)
        uow.baselines.set(sam, Baseline(1, 1, ""), set_on=date(2026, 6, 1), recorded_at=AT)
        assert uow.history_stamp(sam) != read  # the transaction's own key
        uow.commit()
        committed = uow.history_stamp(sam)
    assert committed != read and committed == _stamp(engine, sam)

    reader = SqlUnitOfWork(engine, read_only=True)
    with reader:
        assert reader.athletes.by_handle("sam") is not None
    _write(engine, sam, day=2)
    with reader:  # the same engine's pool: likely the same connection
        assert reader.history_stamp(sam) == _stamp(engine, sam) != committed
