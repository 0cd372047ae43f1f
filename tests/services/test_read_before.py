"""A write takes what a read before it found only if no other write came between.

A log or a morning takes the plan, the tests, the stored locks and the clearances of the
situation its transaction read first (services.engine.ReadBefore) instead of reading them
again. On PostgreSQL another transaction can commit between that read and the moment the
write takes the athlete's row: a clearance recorded then must still reach the flags kept
with the write, or the coach would see a lock that was lifted until the next write.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from anklet.domain.athlete import Athlete
from anklet.domain.training_log import CheckIn
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.athletes import add_athlete
from anklet.services.engine import Appended, ReadBefore, keep_up, rebuild
from anklet.services.lookup import get_athlete
from anklet.services.safety import record_clearance, record_screening
from anklet.services.situation import read_situation
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import FakeClock

CATALOGUE = load_catalogue()
NORMS = load_heel_raise_norms()


def _morning_kept_with(uow: SqlUnitOfWork, clock: FakeClock, read_before: ReadBefore) -> None:
    """A morning written and kept as record_check_in does, with the given earlier read."""
    with uow:
        _, athlete_id = get_athlete(uow, "sam")
        stored = uow.check_ins.add(
            athlete_id,
            CheckIn(day=clock.today(), morning_pain=1, stiffness=1, recorded_at=clock.now()),
        )
        keep_up(
            uow,
            athlete_id,
            today=clock.today(),
            appended=Appended(check_ins=(stored,)),
            read_before=read_before,
        )
        uow.commit()


def _kept_and_rebuilt_locked(uow: SqlUnitOfWork, clock: FakeClock) -> tuple[bool, bool]:
    with uow:
        _, athlete_id = get_athlete(uow, "sam")
        kept = uow.states.get(athlete_id)
        assert kept is not None
        rebuilt = rebuild(uow, athlete_id, today=clock.today())
    return kept.flags.locked, rebuilt.flags.locked


def _locked_sam(uow: SqlUnitOfWork, clock: FakeClock) -> None:
    add_athlete(uow=uow, athlete=Athlete(handle="sam", name="Sam"), clock=clock)
    record_screening(uow=uow, handle="sam", yes=[5], clock=clock)  # a red flag: locked
    clock.advance(timedelta(days=1))


def _read_before(uow: SqlUnitOfWork, clock: FakeClock) -> ReadBefore:
    with uow:
        read = read_situation(
            uow, "sam", today=clock.today(), catalogue=CATALOGUE, norm_table=NORMS
        )
        return read.read_before()


def test_a_clearance_committed_after_the_read_reaches_the_kept_flags(
    engine: Engine, clock: FakeClock
) -> None:
    uow = SqlUnitOfWork(engine)
    _locked_sam(uow, clock)
    stale = _read_before(uow, clock)  # read while locked
    record_clearance(uow=uow, handle="sam", note="seen", cleared_by="Dr Lee", clock=clock)
    _morning_kept_with(uow, clock, stale)
    assert _kept_and_rebuilt_locked(uow, clock) == (False, False)


def test_a_read_with_no_write_between_is_taken_as_it_is(engine: Engine, clock: FakeClock) -> None:
    uow = SqlUnitOfWork(engine)
    _locked_sam(uow, clock)
    _morning_kept_with(uow, clock, _read_before(uow, clock))
    assert _kept_and_rebuilt_locked(uow, clock) == (True, True)
