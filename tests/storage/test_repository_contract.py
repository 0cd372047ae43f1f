"""The repository contract: one set of tests of what every port in services/ports.py does, run
on the in-memory fake (tests/fakes.py), SQLite and PostgreSQL. It is what makes the fake fit
to stand in for the database in service tests: whatever passes here behaves the same on all
three (round trips, orderings, one log per day and kind, replace, transactions, the history
stamp, append-only locks, the plan history).

What is specific to SQL (statement counts, cascades, races between connections, migrations)
stays in the other tests of this folder.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest
from sqlalchemy.exc import IntegrityError

from anklet.domain.assessment import (
    Assessment,
    HeelRaiseProtocol,
    LungeDevice,
    LungeMethod,
    LungePlacement,
    Rater,
    SideResult,
)
from anklet.domain.athlete import Athlete, Equipment, Goal, Sex, UnitSystem, Weekday
from anklet.domain.coach_flags import Flag
from anklet.domain.errors import Conflict, StaleVersion
from anklet.domain.kept_state import CaseFlags, KeptState
from anklet.domain.program import (
    Phase,
    Plan,
    PlannedSession,
    Prescription,
    Reason,
    Revision,
    SessionKind,
    SideChoice,
)
from anklet.domain.progression import Decision, Verdict, advance, start
from anklet.domain.receipts import AlreadyRecorded, Answer, Receipt
from anklet.domain.safety import Clearance, LockEvent
from anklet.domain.screening import QUESTION_NUMBERS, Restriction, Screening
from anklet.domain.training_log import Baseline, CheckIn, LoggedItem, LoggedSession, SessionLog
from anklet.services.ports import PlanSummary, UnitOfWork
from anklet.storage.account_tables import SERVER_TABLES
from anklet.storage.engine import make_engine
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.fakes import FakeDatabase, IntegrityViolation
from tests.stores import KINDS, Store, open_store

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance")

# What the database refuses outright (a programming error): SQL's error, or the fake's.
REFUSED = (IntegrityError, IntegrityViolation)

DAY = date(2026, 6, 15)
JOINED = datetime(2026, 6, 1, 9, 30, 15, 654321)
AT = datetime(2026, 6, 15, 18, 30, 5, 123456)


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store(request.param, request, tmp_path)


@pytest.fixture
def uow(store: Store) -> UnitOfWork:
    return store.open()


def _add_athlete(uow: UnitOfWork, handle: str) -> int:
    stored = uow.athletes.add(Athlete(handle=handle, name=handle.title()), created_at=JOINED)
    assert stored.id is not None
    return stored.id


@pytest.fixture
def sam(uow: UnitOfWork) -> int:
    with uow:
        athlete_id = _add_athlete(uow, "sam")
        uow.commit()
    return athlete_id


@pytest.fixture
def ann(uow: UnitOfWork, sam: int) -> int:
    with uow:
        athlete_id = _add_athlete(uow, "ann")
        uow.commit()
    return athlete_id


def _no_id(record: D) -> D:
    return dataclasses.replace(record, id=None)


# Records with every field set (and optional ones left out somewhere).


def _why(rule: str) -> Reason:
    return Reason(text=f"Because of {rule}.", rule=rule, source="Silbernagel 2007 [S]")


def _athlete() -> Athlete:
    return Athlete(
        handle="kim",
        name="Kim Long-Name",
        birth_year=1988,
        sex=Sex.FEMALE,
        goal=Goal.RUNNING,
        days=(Weekday.TUE, Weekday.THU, Weekday.SAT),
        minutes=35,
        equipment=frozenset({Equipment.BAND, Equipment.WOBBLE_BOARD, Equipment.STEP}),
        units=UnitSystem.IMPERIAL,
        body_mass_kg=71.25,
    )


def _screening(at: datetime = AT, yes: frozenset[int] = frozenset({2, 6})) -> Screening:
    return Screening(taken_on=at.date(), yes=yes, exercise_only=True, recorded_at=at)


def _clearance(at: datetime = AT, lifts: tuple[str, ...] = ()) -> Clearance:
    return Clearance(
        cleared_on=at.date(), note="x-ray clear", recorded_at=at, cleared_by="Dr Lee", lifts=lifts
    )


def _lock(key: str, at: datetime = AT, reason: str = "pain 7/10") -> LockEvent:
    return LockEvent(
        recorded_at=at,
        on=at.date(),
        reason=reason,
        source="Silbernagel 2007 [S]",
        restriction=Restriction.ALL_LOADING,
        key=key,
        rule="guard.rescreen",
    )


def _assessment(taken_on: date = DAY, at: datetime = AT) -> Assessment:
    return Assessment(
        taken_on=taken_on,
        left=SideResult(
            lunge=8.5, heel_raise_reps=18, heel_height_cm=9.5, pain=1, single_leg_stance_s=31.5
        ),
        right=SideResult(lunge=11.25, heel_raise_reps=26, pain=0),
        lunge_method=LungeMethod.DISTANCE_CM,
        lunge_device=LungeDevice.TAPE,
        rater=Rater.TRAINED,
        heel_raise_protocol=HeelRaiseProtocol.UNPACED,
        incline_deg=0,
        recorded_at=at,
    )


def _angle(placement: LungePlacement | None, at: datetime = AT) -> Assessment:
    return Assessment(
        taken_on=DAY,
        left=SideResult(lunge=40.0),
        right=SideResult(lunge=41.5),
        lunge_method=LungeMethod.ANGLE_DEG,
        lunge_device=LungeDevice.INCLINOMETER,
        lunge_placement=placement,
        recorded_at=at,
    )


def _plan(start: date = DAY, weeks: int = 8) -> Plan:
    stretch = Prescription(
        exercise_id="knee-to-wall-rocks",
        exercise_name="Knee-to-wall rocks",
        side=SideChoice.LEFT,
        sets=3,
        why=_why("ladder.extra-volume-weaker-side"),
        hold_s=30,
        rest_s=20,
        minutes=2.25,
    )
    raise_ = Prescription(
        exercise_id="single-leg-heel-raise",
        exercise_name="Single-leg heel raise",
        side=SideChoice.RIGHT,
        sets=4,
        why=_why("strength.hsr"),
        reps=15,
        reps_max=20,
        distance_m=None,
        tempo="3-0-3",
        rest_s=120,
        load="a backpack",
        minutes=7.0,
        block="main",
    )
    strides = Prescription(
        exercise_id="strides",
        exercise_name="Strides",
        side=SideChoice.BOTH,
        sets=4,
        why=_why("technique.running"),
        distance_m=80,
        minutes=6.0,
        block="warm-up",
    )
    return Plan(
        start=start,
        weeks=weeks,
        phases=(
            Phase("Range", 1, 4, 1, 2, _why("ladder.start")),
            Phase("Load", 5, 8, 2, 3, _why("ladder.next")),
        ),
        sessions=(
            # Two sessions on one day, in a deliberate (not sorted) order.
            PlannedSession(start, SessionKind.STRENGTH, "Calf A", (raise_, stretch), 1, _why("s")),
            PlannedSession(start, SessionKind.MOBILITY, "Daily", (stretch,), 1, _why("m")),
            PlannedSession(start + timedelta(days=1), SessionKind.REST, "Rest", (), 1, _why("r")),
            PlannedSession(
                start + timedelta(days=2), SessionKind.TECHNIQUE, "Run", (strides,), 1, _why("t")
            ),
        ),
        notes=(_why("note.a"), _why("note.b")),
        deload_weeks=(4, 8),
        locked=False,
    )


def _bare_plan(start: date = DAY) -> Plan:
    return Plan(start=start, weeks=4, phases=(), sessions=(), notes=(), deload_weeks=())


ITEM = LoggedItem(
    exercise_id="single-leg-heel-raise",
    side=SideChoice.LEFT,
    target_sets=4,
    target_reps=15,
    target_reps_max=20,
    target_hold_s=None,
    target_load_kg=12.5,
    sets_done=4,
    reps_done=18,
    hold_s_done=None,
    load_kg=13.75,
    skipped=False,
    prescribed="4 × 15-20 reps, tempo 3-0-3; 12.5 kg",
    prescribed_rule="progress.double.load",
)
HOLD = LoggedItem(
    exercise_id="knee-to-wall-rocks",
    side=SideChoice.RIGHT,
    target_sets=3,
    target_reps=None,
    target_reps_max=None,
    target_hold_s=30,
    target_load_kg=None,
    sets_done=2,
    hold_s_done=25,
)
SKIPPED = LoggedItem("ankle-circles", SideChoice.BOTH, 1, 10, None, None, None, 0, skipped=True)


def _log(
    day: date = DAY,
    at: datetime = AT,
    kind: SessionKind = SessionKind.STRENGTH,
    plan_id: int | None = None,
) -> SessionLog:
    return SessionLog(
        day=day,
        kind=kind,
        items=(HOLD, ITEM, SKIPPED, dataclasses.replace(ITEM, side=SideChoice.RIGHT)),
        pain_during=3,
        rpe=8,
        rir=2,
        notes="Left calf tight — stopped one rep short.",
        recorded_at=at,
        sharp_pain=True,
        swelling=False,
        unusual_tightness=True,
        plan_id=plan_id,
    )


def _bare_log(
    day: date = DAY, at: datetime = AT, kind: SessionKind = SessionKind.MOBILITY
) -> SessionLog:
    return SessionLog(day=day, kind=kind, items=(), pain_during=0, recorded_at=at)


def _check_in(day: date = DAY, pain: int = 2, at: datetime | None = None) -> CheckIn:
    return CheckIn(
        day=day,
        morning_pain=pain,
        stiffness=4,
        sharp_pain=False,
        swelling=True,
        unusual_tightness=False,
        recorded_at=at or datetime(day.year, day.month, day.day, 7, 15, 0, 999),
    )


# --- the unit of work --------------------------------------------------------------------------


def _write_everything(uow: UnitOfWork, athlete_id: int) -> None:
    """One write to every repository."""
    uow.athletes.add(Athlete(handle="new", name="New"), created_at=JOINED)
    uow.screenings.add(athlete_id, _screening())
    uow.clearances.add(athlete_id, _clearance(lifts=("a",)))
    uow.lock_events.add_new(athlete_id, [_lock("a")])
    uow.assessments.add(athlete_id, _assessment())
    plan_id = uow.plans.add(athlete_id, _plan(), created_at=AT)
    uow.session_logs.add(athlete_id, _log(plan_id=plan_id))
    uow.check_ins.add(athlete_id, _check_in())
    uow.baselines.set(athlete_id, Baseline(1, 2, ""), set_on=DAY, recorded_at=AT)
    uow.states.put(athlete_id, _kept(uow.states.hold(athlete_id)), _DECISIONS, first=0)
    uow.states.put_checkpoint(athlete_id, DAY, _kept(0).run, keep=9)


def _nothing_stored(uow: UnitOfWork, athlete_id: int) -> None:
    with uow:
        assert uow.athletes.by_handle("new") is None
        assert uow.screenings.for_athlete(athlete_id) == []
        assert uow.clearances.for_athlete(athlete_id) == []
        assert uow.lock_events.for_athlete(athlete_id) == []
        assert uow.assessments.for_athlete(athlete_id) == []
        assert uow.plans.current(athlete_id) is None and uow.plans.history(athlete_id) == []
        assert uow.session_logs.for_athlete(athlete_id) == []
        assert uow.check_ins.for_athlete(athlete_id) == []
        assert uow.baselines.latest(athlete_id) is None
        assert uow.states.get(athlete_id) is None and uow.states.decisions(athlete_id) == []
        assert uow.states.checkpoint(athlete_id, date.max) is None


def test_nothing_is_written_without_a_commit(uow: UnitOfWork, store: Store, sam: int) -> None:
    before = store.row_counts()
    with uow:
        stamp = uow.history_stamp(sam)
        _write_everything(uow, sam)
    assert store.row_counts() == before
    _nothing_stored(uow, sam)
    with uow:
        assert uow.history_stamp(sam) == stamp


def test_a_use_case_that_fails_half_way_writes_nothing(
    uow: UnitOfWork, store: Store, sam: int
) -> None:
    before = store.row_counts()
    with pytest.raises(RuntimeError, match="half-way"), uow:
        _write_everything(uow, sam)
        raise RuntimeError("the use case failed half-way")
    assert store.row_counts() == before
    _nothing_stored(uow, sam)


def test_a_transaction_reads_its_own_writes_and_a_commit_makes_them_last(
    uow: UnitOfWork, store: Store, sam: int
) -> None:
    with uow:
        _write_everything(uow, sam)
        assert uow.athletes.by_handle("new") is not None
        assert len(uow.session_logs.for_athlete(sam)) == 1
        uow.commit()
    with store.open() as other:
        assert other.athletes.by_handle("new") is not None
        assert len(other.session_logs.for_athlete(sam)) == 1


def test_writes_after_a_commit_in_the_same_block_are_dropped(uow: UnitOfWork, sam: int) -> None:
    with uow:
        uow.baselines.set(sam, Baseline(1, 1, ""), set_on=DAY, recorded_at=AT)
        uow.commit()
        uow.baselines.set(sam, Baseline(5, 5, ""), set_on=DAY + timedelta(days=1), recorded_at=AT)
    with uow:
        assert uow.baselines.latest(sam) == Baseline(1.0, 1.0, "set by you on 2026-06-15")


def test_every_table_counts_the_rows_an_adapter_writes(
    uow: UnitOfWork, store: Store, sam: int
) -> None:
    """The fake counts its rows as the SQL tables would hold them (tests.helpers.row_counts):
    ten answers per screening, a row per side with a result, per lift, note, phase, session,
    prescription and logged item."""
    with uow:
        _write_everything(uow, sam)
        uow.commit()
    assert store.row_counts() == {
        "athletes": 2,
        "screenings": 1,
        "screening_answers": len(QUESTION_NUMBERS),
        "clearances": 1,
        "clearance_lifts": 1,
        "lock_events": 1,
        "assessments": 1,
        "assessment_sides": 2,
        "plans": 1,
        "plan_notes": 2,
        "plan_phases": 2,
        "plan_sessions": 4,
        "prescriptions": 4,
        "session_logs": 1,
        "logged_items": 4,
        "check_ins": 1,
        "baselines": 1,
        # Runs and squat depths: their own contract (test_run_repository_contract.py).
        "runs": 0,
        "run_laps": 0,
        "run_minutes": 0,
        "squat_depths": 0,
        "athlete_states": 1,
        "engine_decisions": len(_DECISIONS),
        "engine_checkpoints": 1,
        "write_receipts": 0,  # their own case below
        # The multi-user server's tables: their own tests (tests/server).
        **dict.fromkeys(SERVER_TABLES, 0),
    }


# --- the history stamp -------------------------------------------------------------------------

LATER = AT + timedelta(days=1)

# One write of each kind the engine replays or the views read, for an athlete who already has
# a log and a check-in on DAY. Replacements are recorded later than anything stored.
WRITES: dict[str, Callable[[UnitOfWork, int], object]] = {
    "log": lambda uow, a: uow.session_logs.add(a, _bare_log(DAY + timedelta(days=1), LATER)),
    "log-replaced": lambda uow, a: uow.session_logs.replace(a, _log(at=LATER)),
    "check-in": lambda uow, a: uow.check_ins.add(a, _check_in(DAY + timedelta(days=1))),
    "check-in-replaced": lambda uow, a: uow.check_ins.replace(a, _check_in(pain=5, at=LATER)),
    "baseline": lambda uow, a: uow.baselines.set(a, Baseline(1, 1, ""), set_on=DAY, recorded_at=AT),
    "screening": lambda uow, a: uow.screenings.add(a, _screening()),
    "clearance": lambda uow, a: uow.clearances.add(a, _clearance()),
    "lock": lambda uow, a: uow.lock_events.add_new(a, [_lock("new-lock")]),
    "assessment": lambda uow, a: uow.assessments.add(a, _assessment()),
    "plan": lambda uow, a: uow.plans.add(a, _bare_plan(), created_at=LATER),
}


@pytest.fixture
def history(uow: UnitOfWork, sam: int, ann: int) -> tuple[int, int]:
    with uow:
        for athlete_id in (sam, ann):
            uow.session_logs.add(athlete_id, _log())
            uow.check_ins.add(athlete_id, _check_in())
        uow.commit()
    return sam, ann


@pytest.mark.parametrize("write", WRITES)
def test_the_history_stamp_changes_with_each_write_and_only_for_that_athlete(
    uow: UnitOfWork, history: tuple[int, int], write: str
) -> None:
    sam, ann = history
    with uow:
        before, others = uow.history_stamp(sam), uow.history_stamp(ann)
        WRITES[write](uow, sam)
        during = uow.history_stamp(sam)
        assert during != before, "the transaction's own write changes its stamp"
        uow.commit()
    with uow:
        after = uow.history_stamp(sam)
        # Committed, the stamp differs from before the write (it may differ from the one
        # seen inside the writing transaction, whose key was its own), and it is stable.
        assert after != before and uow.history_stamp(ann) == others
    with uow:
        assert uow.history_stamp(sam) == after


@pytest.mark.parametrize("write", WRITES)
def test_a_write_rolled_back_leaves_the_stamp_as_it_was(
    uow: UnitOfWork, history: tuple[int, int], write: str
) -> None:
    sam, _ = history
    with uow:
        before = uow.history_stamp(sam)
        WRITES[write](uow, sam)
    with uow:
        assert uow.history_stamp(sam) == before


def test_reads_and_edits_of_the_athlete_leave_the_stamp_alone(
    uow: UnitOfWork, history: tuple[int, int]
) -> None:
    """The situation's cache key carries the athlete record itself (services.situation), so
    only the history tables and plans are stamped."""
    sam, _ = history
    with uow:
        before = uow.history_stamp(sam)
        uow.session_logs.for_athlete(sam)
        uow.plans.current(sam)
        uow.lock_events.add_new(sam, [])
        athlete = uow.athletes.by_handle("sam")
        assert athlete is not None
        uow.athletes.update(dataclasses.replace(athlete, minutes=45))
        assert uow.history_stamp(sam) == before
        uow.commit()
    with uow:
        assert uow.history_stamp(sam) == before


def test_replacing_with_an_earlier_recorded_at_still_changes_the_stamp(
    uow: UnitOfWork, sam: int
) -> None:
    """Only a clock that goes backwards does this (services stamp with clock.now()); the fake
    is stricter than SQL here, which errs on the side of a fresh replay."""
    with uow:
        uow.session_logs.add(sam, _log(DAY, AT))
        uow.session_logs.add(sam, _log(DAY + timedelta(days=1), AT + timedelta(hours=5)))
        uow.commit()
    with uow:
        before = uow.history_stamp(sam)
        uow.session_logs.replace(sam, _bare_log(DAY, AT + timedelta(hours=1), SessionKind.STRENGTH))
        assert uow.history_stamp(sam) != before


def test_a_stamp_is_the_same_in_every_unit_of_work_of_one_store_and_no_other_stores(
    store: Store, sam: int
) -> None:
    """The services remember replays under the stamp (services.memo), for every store of the
    process at once: two units of work of one store agree on it, and another store with the
    same athlete at the same version never gives it."""
    first, second = store.open(), store.open()
    with first:
        stamp = first.history_stamp(sam)
    with second:
        assert second.history_stamp(sam) == stamp
    other: UnitOfWork
    if store.url is None:  # another fake database, written alike: the same ids and counters
        other = FakeDatabase().unit_of_work()
        with other:
            other_id = _add_athlete(other, "sam")
            other.commit()
    else:  # another engine on the same rows: the same athlete at the same version
        engine = make_engine(store.url)
        other, other_id = SqlUnitOfWork(engine), sam
    try:
        with other:
            assert other.history_stamp(other_id) != stamp
    finally:
        if store.url is not None:
            engine.dispose()


# --- athletes ----------------------------------------------------------------------------------


def test_an_athlete_reads_back_equal_with_the_time_they_were_added(uow: UnitOfWork) -> None:
    with uow:
        stored = uow.athletes.add(_athlete(), created_at=JOINED)
        uow.commit()
    assert stored.id is not None and _no_id(stored) == _athlete()
    with uow:
        assert uow.athletes.by_handle("kim") == stored
        assert uow.athletes.all() == [stored]
        assert uow.athletes.created_at(stored.id) == JOINED  # to the microsecond
        assert uow.athletes.by_handle("ki") is None and uow.athletes.by_handle("KIM") is None


def test_a_taken_handle_is_a_conflict_and_the_transaction_stays_usable(uow: UnitOfWork) -> None:
    with uow:
        first = uow.athletes.add(_athlete(), created_at=JOINED)
        with pytest.raises(Conflict, match="the handle 'kim' is already taken"):
            uow.athletes.add(dataclasses.replace(_athlete(), name="Other"), created_at=AT)
        uow.athletes.add(Athlete(handle="lee", name="Lee"), created_at=AT)
        uow.commit()
    with uow:
        assert [a.handle for a in uow.athletes.all()] == ["kim", "lee"]
        assert uow.athletes.by_handle("kim") == first


def test_athletes_are_listed_by_handle_with_ids_in_the_order_added(uow: UnitOfWork) -> None:
    handles = ["zoe", "a-c", "ab", "a2", "a", "b-2"]
    with uow:
        ids = [_add_athlete(uow, handle) for handle in handles]
        uow.commit()
    assert ids == sorted(ids) and len(set(ids)) == len(ids) and ids[0] >= 1
    with uow:
        assert [a.handle for a in uow.athletes.all()] == ["a", "a-c", "a2", "ab", "b-2", "zoe"]


def test_an_update_changes_every_field_but_the_id_and_the_time_added(uow: UnitOfWork) -> None:
    with uow:
        stored = uow.athletes.add(_athlete(), created_at=JOINED)
        other = _add_athlete(uow, "lee")
        uow.commit()
    assert stored.id is not None
    edited = Athlete(handle="kim-2", name="Kim", minutes=40, body_mass_kg=None, id=stored.id)
    with uow:
        uow.athletes.update(edited)
        uow.commit()
    with uow:
        assert uow.athletes.by_handle("kim") is None
        assert uow.athletes.by_handle("kim-2") == dataclasses.replace(edited, version=2)
        assert uow.athletes.created_at(stored.id) == JOINED
        assert [a.id for a in uow.athletes.all()] == [stored.id, other]
    with uow:
        uow.athletes.update(Athlete(handle="ghost", name="Ghost", id=stored.id + 100))
        uow.commit()
    with uow:
        assert [a.handle for a in uow.athletes.all()] == ["kim-2", "lee"], "no row, no change"
    with uow, pytest.raises(REFUSED):
        uow.athletes.update(dataclasses.replace(edited, handle="lee"))


def test_athletes_come_a_page_at_a_time_by_handle(uow: UnitOfWork) -> None:
    with uow:
        for handle in ("sam-2", "ann", "sam", "bo"):
            _add_athlete(uow, handle)
        uow.commit()
    with uow:
        assert [a.handle for a in uow.athletes.all(limit=2)] == ["ann", "bo"]
        assert [a.handle for a in uow.athletes.all(after="bo", limit=2)] == ["sam", "sam-2"]
        assert [a.handle for a in uow.athletes.all(after="sam-2")] == []
        assert [a.handle for a in uow.athletes.all(after="b")] == ["bo", "sam", "sam-2"]


def test_an_update_of_some_fields_keeps_the_others_and_counts_the_version(
    uow: UnitOfWork,
) -> None:
    with uow:
        stored = uow.athletes.add(_athlete(), created_at=JOINED)
        uow.commit()
    with uow:
        changed = dataclasses.replace(stored, name="Other", minutes=55)
        assert uow.athletes.update(changed, fields=["minutes"]) == 2
        uow.commit()
    with uow:
        found = uow.athletes.by_handle("kim")
        assert found == dataclasses.replace(stored, minutes=55, version=2)
        with pytest.raises(StaleVersion):
            uow.athletes.update(changed, fields=["name"], expected_version=1)


# --- screenings, clearances, lock events ---------------------------------------------------------


def test_screenings_read_back_equal_oldest_recorded_first_per_athlete(
    uow: UnitOfWork, sam: int, ann: int
) -> None:
    late, early = _screening(AT + timedelta(hours=1)), _screening(AT, frozenset())
    with uow:
        stored = [uow.screenings.add(sam, late), uow.screenings.add(sam, early)]
        uow.screenings.add(ann, _screening())
        uow.commit()
    assert [_no_id(s) for s in stored] == [late, early]
    with uow:
        assert uow.screenings.for_athlete(sam) == stored[::-1]
        assert (uow.screenings.count(sam), uow.screenings.count(ann)) == (2, 1)


def test_a_screening_keeps_only_the_answers_to_the_questions_asked(
    uow: UnitOfWork, sam: int
) -> None:
    """One answer row per question: a number that is not a question has nowhere to go."""
    with uow:
        uow.screenings.add(sam, _screening(yes=frozenset({1, max(QUESTION_NUMBERS) + 1})))
        uow.commit()
    with uow:
        assert [s.yes for s in uow.screenings.for_athlete(sam)] == [frozenset({1})]


def test_clearances_read_back_with_their_lifts_sorted_oldest_first(
    uow: UnitOfWork, sam: int
) -> None:
    named = _clearance(AT + timedelta(hours=1), lifts=("z-lock", "a-lock"))
    unnamed = dataclasses.replace(_clearance(AT), cleared_by="")
    with uow:
        first, second = uow.clearances.add(sam, named), uow.clearances.add(sam, unnamed)
        uow.commit()
    with uow:
        assert uow.clearances.for_athlete(sam) == [
            second,
            dataclasses.replace(first, lifts=("a-lock", "z-lock")),
        ]
    with uow, pytest.raises(REFUSED):
        uow.clearances.add(sam, _clearance(lifts=("a", "a")))


@pytest.mark.parametrize(
    "store_record",
    [
        lambda uow, a: uow.screenings.add(a, dataclasses.replace(_screening(), recorded_at=None)),
        lambda uow, a: uow.clearances.add(a, dataclasses.replace(_clearance(), recorded_at=None)),
        lambda uow, a: uow.assessments.add(a, dataclasses.replace(_assessment(), recorded_at=None)),
    ],
    ids=["screening", "clearance", "assessment"],
)
def test_a_record_without_the_time_it_was_recorded_is_refused(
    uow: UnitOfWork, sam: int, store_record: Callable[[UnitOfWork, int], object]
) -> None:
    with uow, pytest.raises(REFUSED):
        store_record(uow, sam)


def test_lock_events_are_stored_once_per_key_and_never_changed(
    uow: UnitOfWork, sam: int, ann: int
) -> None:
    """`add_new` skips keys already stored (in this or an earlier transaction) and duplicates
    within one call, and says how many were new; each athlete has their own keys."""
    first, second = _lock("b", AT + timedelta(hours=2)), _lock("a", AT)
    with uow:
        assert uow.lock_events.add_new(sam, []) == 0
        assert uow.lock_events.add_new(sam, [first, first]) == 1
        uow.commit()
    with uow:
        changed = dataclasses.replace(first, reason="a different reason")
        assert uow.lock_events.add_new(sam, [changed, second]) == 1
        assert uow.lock_events.add_new(sam, [first, second]) == 0
        assert uow.lock_events.add_new(ann, [first]) == 1
        uow.commit()
    with uow:
        assert uow.lock_events.for_athlete(sam) == [second, first], "oldest recorded first"
        assert uow.lock_events.for_athlete(ann) == [first]


def test_writing_for_an_athlete_who_does_not_exist_is_refused(uow: UnitOfWork, sam: int) -> None:
    with uow, pytest.raises(REFUSED):
        uow.lock_events.add_new(sam + 100, [_lock("a")])
    with uow, pytest.raises(REFUSED):
        uow.check_ins.add(sam + 100, _check_in())


# --- assessments -------------------------------------------------------------------------------


def test_assessments_read_back_equal_by_day_taken_then_time_recorded(
    uow: UnitOfWork, sam: int, ann: int
) -> None:
    later_day = _assessment(DAY + timedelta(days=1), AT - timedelta(days=3))
    same_day_late = _assessment(DAY, AT + timedelta(hours=2))
    same_day_early = dataclasses.replace(
        _assessment(DAY, AT), right=SideResult()
    )  # left only: the right reads back empty
    with uow:
        stored = [uow.assessments.add(sam, a) for a in (later_day, same_day_late, same_day_early)]
        uow.assessments.add(ann, _assessment())
        uow.commit()
    assert [_no_id(a) for a in stored] == [later_day, same_day_late, same_day_early]
    with uow:
        assert uow.assessments.for_athlete(sam) == [stored[2], stored[1], stored[0]]
        assert (uow.assessments.count(sam), uow.assessments.count(ann)) == (3, 1)


def test_the_lunge_placement_reads_back_as_storage_keeps_it(uow: UnitOfWork, sam: int) -> None:
    """An angle keeps its placement, or reads as unknown without one; a tape distance has
    none, whatever was given."""
    kept = _angle(LungePlacement.TUBEROSITY)
    with uow:
        uow.assessments.add(sam, kept)
        uow.assessments.add(sam, _angle(None, AT + timedelta(seconds=1)))
        uow.assessments.add(sam, _angle(LungePlacement.UNKNOWN, AT + timedelta(seconds=2)))
        tape = _assessment(at=AT + timedelta(seconds=3))
        uow.assessments.add(
            sam, dataclasses.replace(tape, lunge_placement=LungePlacement.TUBEROSITY)
        )
        uow.commit()
    with uow:
        placements = [a.lunge_placement for a in uow.assessments.for_athlete(sam)]
    assert placements == [
        LungePlacement.TUBEROSITY,
        LungePlacement.UNKNOWN,
        LungePlacement.UNKNOWN,
        None,
    ]


def test_an_assessment_without_any_result_reads_back_empty(uow: UnitOfWork, sam: int) -> None:
    """No side measured (the services never store one, but the adapter must not fail on it:
    it used to execute an empty insert of sides, which wrote one row of defaults)."""
    empty = Assessment(taken_on=DAY, recorded_at=AT)
    with uow:
        stored = uow.assessments.add(sam, empty)
        uow.commit()
    with uow:
        (back,) = uow.assessments.for_athlete(sam)
    assert back.id == stored.id
    assert (back.left, back.right) == (SideResult(), SideResult())


# --- plans -------------------------------------------------------------------------------------


def test_a_plan_reads_back_equal_and_its_outline_has_no_prescriptions(
    uow: UnitOfWork, sam: int
) -> None:
    lived = dataclasses.replace(_plan(), revisions=(Revision(DAY, _why("lock")),))
    with uow:
        plan_id = uow.plans.add(sam, lived, created_at=AT)
        uow.commit()
    with uow:
        assert uow.plans.current(sam) == _plan(), "revisions are derived, never stored"
        assert uow.plans.current_id(sam) == plan_id
        outline = uow.plans.outline(sam)
    assert outline == dataclasses.replace(
        _plan(), sessions=tuple(dataclasses.replace(s, items=()) for s in _plan().sessions)
    )


def test_an_athlete_without_a_plan_has_no_current_plan_outline_id_or_history(
    uow: UnitOfWork, sam: int
) -> None:
    with uow:
        assert uow.plans.current(sam) is None
        assert uow.plans.outline(sam) is None
        assert uow.plans.current_id(sam) is None
        assert uow.plans.history(sam) == []


def test_a_new_plan_supersedes_the_current_one_which_stays_as_history(
    uow: UnitOfWork, sam: int, ann: int
) -> None:
    with uow:
        first = uow.plans.add(sam, _plan(), created_at=AT)
        theirs = uow.plans.add(ann, _plan(), created_at=AT)
        uow.commit()
    with uow:
        second = uow.plans.add(sam, _bare_plan(DAY + timedelta(days=7)), created_at=LATER)
        uow.commit()
    assert second > first
    with uow:
        assert uow.plans.current(sam) == _bare_plan(DAY + timedelta(days=7))
        assert uow.plans.current_id(sam) == second
        assert uow.plans.history(sam) == [
            PlanSummary(id=first, created_at=AT, start=DAY, weeks=8, superseded_at=LATER),
            PlanSummary(
                id=second,
                created_at=LATER,
                start=DAY + timedelta(days=7),
                weeks=4,
                superseded_at=None,
            ),
        ]
        assert uow.plans.current(ann) == _plan(), "another athlete's plan is not superseded"
        assert [(s.id, s.superseded_at) for s in uow.plans.history(ann)] == [(theirs, None)]


def test_a_plan_not_committed_leaves_the_previous_one_current(
    uow: UnitOfWork, store: Store, sam: int
) -> None:
    with uow:
        first = uow.plans.add(sam, _bare_plan(), created_at=AT)
        uow.commit()
    before = store.row_counts()
    with uow:
        uow.plans.add(sam, _plan(), created_at=LATER)
    assert store.row_counts() == before
    with uow:
        assert uow.plans.current(sam) == _bare_plan()
        assert [(s.id, s.superseded_at) for s in uow.plans.history(sam)] == [(first, None)]


# --- session logs ------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [_log, _bare_log], ids=["every-field-set", "bare"])
def test_a_session_log_reads_back_equal(
    uow: UnitOfWork, sam: int, make: Callable[[], SessionLog]
) -> None:
    log = make()
    with uow:
        stored = uow.session_logs.add(sam, log)
        uow.commit()
    assert stored.id is not None and _no_id(stored) == log
    with uow:
        assert uow.session_logs.for_athlete(sam) == [stored]
        assert uow.session_logs.on(sam, DAY) == [stored]
        assert uow.session_logs.on(sam, DAY + timedelta(days=1)) == []


def test_a_log_keeps_the_plan_it_was_done_against(uow: UnitOfWork, sam: int) -> None:
    with uow:
        plan_id = uow.plans.add(sam, _plan(), created_at=AT)
        uow.session_logs.add(sam, _log(plan_id=plan_id))
        uow.plans.add(sam, _bare_plan(), created_at=LATER)
        uow.commit()
    with uow:
        assert [log.plan_id for log in uow.session_logs.for_athlete(sam)] == [plan_id]
    with uow, pytest.raises(REFUSED):
        uow.session_logs.add(sam, _log(DAY + timedelta(days=3), plan_id=plan_id + 100))


def test_one_log_per_day_and_kind_and_the_transaction_stays_usable(
    uow: UnitOfWork, sam: int
) -> None:
    with uow:
        uow.session_logs.add(sam, _log())
        with pytest.raises(Conflict, match="strength session is already logged for 2026-06-15"):
            uow.session_logs.add(sam, _bare_log(at=LATER, kind=SessionKind.STRENGTH))
        uow.session_logs.add(sam, _bare_log(at=LATER))  # another kind, the same day
        uow.commit()
    with uow:
        kinds = [log.kind for log in uow.session_logs.on(sam, DAY)]
    assert kinds == [SessionKind.STRENGTH, SessionKind.MOBILITY]


def test_replacing_a_log_swaps_it_and_its_items_and_leaves_the_other_kind(
    uow: UnitOfWork, store: Store, sam: int, ann: int
) -> None:
    with uow:
        mobility = uow.session_logs.add(sam, _bare_log())
        first = uow.session_logs.add(sam, _log())
        theirs = uow.session_logs.add(ann, _log())
        uow.commit()
    second = dataclasses.replace(_log(), items=(SKIPPED,), pain_during=6, recorded_at=LATER)
    with uow:
        new = uow.session_logs.replace(sam, second)
        uow.commit()
    # Changed in place: the same log, one more on its version.
    assert new.id == first.id and _no_id(new) == dataclasses.replace(second, version=2)
    with uow:
        assert uow.session_logs.on(sam, DAY) == [mobility, new]
        assert uow.session_logs.for_athlete(ann) == [theirs]
    assert store.row_counts()["session_logs"] == 3
    assert store.row_counts()["logged_items"] == 1 + 4


def test_a_replace_named_by_an_older_version_is_refused_and_writes_nothing(
    uow: UnitOfWork, sam: int
) -> None:
    with uow:
        uow.session_logs.add(sam, _log())
        uow.check_ins.add(sam, _check_in())
        uow.commit()
    with uow:
        edited = uow.session_logs.replace(
            sam, dataclasses.replace(_log(), notes="edited"), fields=["notes"], expected_version=1
        )
        uow.check_ins.replace(sam, _check_in(pain=5), fields=["morning_pain"])
        uow.commit()
    assert edited.version == 2
    with uow:
        with pytest.raises(StaleVersion) as stale:
            uow.session_logs.replace(sam, _log(), expected_version=1)
        assert (stale.value.given, stale.value.current) == (1, 2)
        with pytest.raises(StaleVersion):
            uow.check_ins.replace(sam, _check_in(pain=9), expected_version=1)
    with uow:
        [log] = uow.session_logs.for_athlete(sam)
        [morning] = uow.check_ins.for_athlete(sam)
    # Only the fields named were written: the items and the stiffness are as added.
    assert (log.notes, log.items, log.version) == ("edited", _log().items, 2)
    assert (morning.morning_pain, morning.stiffness, morning.version) == (5, 4, 2)


def test_a_baseline_set_on_an_older_version_is_refused(uow: UnitOfWork, sam: int) -> None:
    with uow:
        first = uow.baselines.set(
            sam, Baseline(1, 1, ""), set_on=DAY, recorded_at=AT, expected_version=0
        )
        uow.commit()
    assert first.version == 1
    with uow:
        with pytest.raises(StaleVersion) as stale:
            uow.baselines.set(
                sam, Baseline(2, 2, ""), set_on=DAY, recorded_at=AT, expected_version=0
            )
        assert stale.value.current == 1
    with uow:
        latest = uow.baselines.latest(sam)
        assert latest is not None and (latest.morning_pain, latest.version) == (1, 1)


def test_a_page_of_logs_is_newest_first_after_its_cursor_with_items(
    uow: UnitOfWork, sam: int, ann: int
) -> None:
    days = [DAY - timedelta(days=n) for n in range(5)]
    with uow:
        for day in days:
            uow.session_logs.add(sam, _log(day, AT))
        uow.session_logs.add(sam, _bare_log(days[1], AT))  # mobility sorts before strength
        uow.session_logs.add(sam, _bare_log(days[1], AT, SessionKind.TECHNIQUE))
        uow.session_logs.add(ann, _log(DAY + timedelta(days=1), AT))
        uow.check_ins.add(sam, _check_in(days[0]))
        uow.check_ins.add(sam, _check_in(days[2]))
        uow.commit()
    with uow:
        first = uow.session_logs.page(sam, limit=3)
        assert [(log.day, log.kind) for log in first] == [
            (days[0], SessionKind.STRENGTH),
            (days[1], SessionKind.MOBILITY),
            (days[1], SessionKind.STRENGTH),
        ]
        assert first[0].items == _log().items  # the whole log, items in their order
        rest = uow.session_logs.page(sam, limit=10, after=(days[1], SessionKind.STRENGTH))
        assert [(log.day, log.kind) for log in rest] == [
            (days[1], SessionKind.TECHNIQUE),
            *((day, SessionKind.STRENGTH) for day in days[2:]),
        ]
        older = uow.session_logs.page(sam, limit=10, before=days[2])
        assert [log.day for log in older] == days[3:]
        assert uow.session_logs.page(sam, limit=0) == []
        assert [c.day for c in uow.check_ins.page(sam, limit=5)] == [days[0], days[2]]
        assert [c.day for c in uow.check_ins.page(sam, limit=5, before=days[0])] == [days[2]]
        window = uow.session_logs.since(sam, days[3], before=days[1])
        assert [log.day for log in window] == [days[3], days[2]]


def test_replacing_when_nothing_is_logged_just_stores(uow: UnitOfWork, sam: int) -> None:
    with uow:
        stored = uow.session_logs.replace(sam, _log())
        uow.commit()
    with uow:
        assert uow.session_logs.for_athlete(sam) == [stored]


def test_logs_come_back_by_day_then_time_recorded(uow: UnitOfWork, sam: int) -> None:
    later_day = _bare_log(DAY + timedelta(days=1), AT - timedelta(days=3))
    strength = _log(DAY - timedelta(days=2), AT + timedelta(hours=5))
    mobility = _bare_log(DAY - timedelta(days=2), AT + timedelta(hours=1))
    with uow:
        for log in (later_day, strength, mobility):
            uow.session_logs.add(sam, log)
        uow.commit()
    with uow:
        assert [_no_id(log) for log in uow.session_logs.for_athlete(sam)] == [
            mobility,
            strength,
            later_day,
        ]
        assert [_no_id(log) for log in uow.session_logs.on(sam, DAY - timedelta(days=2))] == [
            mobility,
            strength,
        ]


def test_a_log_or_check_in_needs_the_time_it_was_recorded(uow: UnitOfWork, sam: int) -> None:
    with uow, pytest.raises(ValueError, match="SessionLog for 2026-06-15 has no recorded_at"):
        uow.session_logs.add(sam, dataclasses.replace(_log(), recorded_at=None))
    with uow, pytest.raises(ValueError, match="CheckIn for 2026-06-15 has no recorded_at"):
        uow.check_ins.add(sam, dataclasses.replace(_check_in(), recorded_at=None))


# --- check-ins and baselines -------------------------------------------------------------------


def test_one_check_in_a_morning_unless_replaced_oldest_day_first(
    uow: UnitOfWork, sam: int, ann: int
) -> None:
    days = [DAY, DAY - timedelta(days=5), DAY - timedelta(days=1)]
    with uow:
        stored = [uow.check_ins.add(sam, _check_in(day)) for day in days]
        with pytest.raises(Conflict, match="check-in is already recorded for 2026-06-15"):
            uow.check_ins.add(sam, _check_in(DAY, pain=5))
        uow.check_ins.add(ann, _check_in(DAY, pain=9))
        uow.commit()
    assert [_no_id(c) for c in stored] == [_check_in(day) for day in days]
    with uow:
        new = uow.check_ins.replace(sam, _check_in(DAY, pain=7, at=LATER))
        uow.commit()
    with uow:
        assert uow.check_ins.for_athlete(sam) == [stored[1], stored[2], new]
        assert [c.morning_pain for c in uow.check_ins.for_athlete(ann)] == [9]


def test_the_latest_baseline_is_in_force_by_day_set_then_time_recorded(
    uow: UnitOfWork, sam: int, ann: int
) -> None:
    with uow:
        assert uow.baselines.latest(sam) is None
        returned = uow.baselines.set(
            sam, Baseline(2, 2, "ignored"), set_on=DAY, recorded_at=AT + timedelta(hours=1)
        )
        uow.baselines.set(
            sam, Baseline(1.5, 4, ""), set_on=DAY, recorded_at=AT + timedelta(hours=2)
        )
        uow.baselines.set(
            sam, Baseline(0, 0, ""), set_on=DAY - timedelta(days=7), recorded_at=LATER
        )
        uow.baselines.set(ann, Baseline(9, 9, ""), set_on=DAY + timedelta(days=1), recorded_at=AT)
        uow.commit()
    assert returned == Baseline(2, 2, "set by you on 2026-06-15")
    with uow:
        latest = uow.baselines.latest(sam)
        assert latest == Baseline(1.5, 4.0, "set by you on 2026-06-15")
        assert latest is not None and isinstance(latest.stiffness, float)
        assert uow.baselines.latest(ann) == Baseline(9.0, 9.0, "set by you on 2026-06-16")


# --- the kept state (domain.kept_state) -------------------------------------------------------

_DECISIONS = (
    Decision(DAY, Verdict.PROGRESS, "tib-raise", SideChoice.LEFT, "progress.double", "r", "s"),
    Decision(DAY, Verdict.HOLD, "*", SideChoice.BOTH, "guard.hold", "r2", "s2", "c", "check-in"),
)


def _kept(version: int, decision_count: int = len(_DECISIONS)) -> KeptState:
    run = start(baseline=Baseline(1.0, 2.0, "set by you"), contact_ids=frozenset({"pogo-hops"}))
    advance(run, [_log()], [_check_in()])
    flags = CaseFlags(
        as_of=DAY,
        flags=(Flag("locked", "why"),),
        locked=True,
        red_flag=False,
        last_activity_on=DAY,
        last_regression_on=None,
        lunge_due_on=DAY + timedelta(days=14),
        heel_raise_due_on=None,
    )
    return KeptState(version, run, decision_count, flags)


def test_a_kept_state_reads_back_as_it_was_put(uow: UnitOfWork, sam: int) -> None:
    with uow:
        version = uow.states.hold(sam)
        uow.states.put(sam, _kept(version), _DECISIONS, first=0)
        uow.commit()
    with uow:
        found = uow.states.fresh(sam)
        assert found == _kept(version)
        assert tuple(uow.states.decisions(sam)) == _DECISIONS


def test_the_run_before_the_last_day_is_kept_with_the_state_and_goes_with_it(
    uow: UnitOfWork, sam: int
) -> None:
    """`day_start` reads back as put; a later `put` leaves it; a new row starts without one,
    and a state dropped at commit takes it along (a stale one would mislead a replacement)."""
    before = start(baseline=Baseline(1.0, 2.0, "set by you"), contact_ids=frozenset({"pogo-hops"}))
    advance(before, [], [_check_in(day=DAY - timedelta(days=1))])
    with uow:
        assert uow.states.day_start(sam) is None
        uow.states.put(sam, _kept(uow.states.hold(sam)), _DECISIONS, first=0)
        assert uow.states.day_start(sam) is None
        uow.states.put_day_start(sam, before)
        uow.commit()
    with uow:
        assert uow.states.day_start(sam) == before
        uow.states.put(sam, _kept(uow.states.hold(sam)), (), first=len(_DECISIONS))
        uow.commit()
    with uow:
        assert uow.states.day_start(sam) == before
        version = uow.states.hold(sam)
        uow.states.put(sam, _kept(version), _DECISIONS, first=0)
        uow.session_logs.add(sam, _log(day=DAY + timedelta(days=2)))
        uow.commit()
    with uow:
        assert uow.states.get(sam) is None and uow.states.day_start(sam) is None
        uow.states.put(sam, _kept(uow.states.hold(sam)), _DECISIONS, first=0)
        assert uow.states.day_start(sam) is None


def _checkpoint_days(uow: UnitOfWork, athlete_id: int) -> list[date]:
    """Every checkpoint's day, newest first, through `checkpoint` alone."""
    days: list[date] = []
    found = uow.states.checkpoint(athlete_id, date.max)
    while found is not None:
        days.append(found[0])
        found = uow.states.checkpoint(athlete_id, found[0])
    return days


def test_checkpoints_read_back_newest_before_a_day_keep_the_newest_and_go_with_the_state(
    uow: UnitOfWork, sam: int, ann: int
) -> None:
    """`checkpoint` is the newest strictly before the day; `put_checkpoint` replaces one of
    its day and keeps the newest `keep`; `drop_checkpoints` drops those of a day and after;
    a state dropped at commit takes its checkpoints along (they were walked over a history
    that a later write of the transaction changed); each athlete has their own."""
    run = _kept(0).run
    other = dataclasses.replace(run, painful_in_a_row=2)
    week = timedelta(days=7)
    with uow:
        uow.states.put(sam, _kept(uow.states.hold(sam)), _DECISIONS, first=0)
        uow.states.put(ann, _kept(uow.states.hold(ann)), _DECISIONS, first=0)
        for n in range(4):
            uow.states.put_checkpoint(sam, DAY + n * week, run, keep=3)
        uow.states.put_checkpoint(sam, DAY + 3 * week, other, keep=3)
        uow.states.put_checkpoint(ann, DAY, run, keep=3)
        uow.commit()
    with uow:
        assert _checkpoint_days(uow, sam) == [DAY + 3 * week, DAY + 2 * week, DAY + week]
        assert uow.states.checkpoint(sam, DAY + 3 * week) == (DAY + 2 * week, run)
        assert uow.states.checkpoint(sam, DAY + 3 * week + timedelta(days=1)) == (
            DAY + 3 * week,
            other,
        )
        assert uow.states.checkpoint(sam, DAY + week) is None
        uow.states.drop_checkpoints(sam, DAY + 2 * week)
        uow.commit()
    with uow:
        assert _checkpoint_days(uow, sam) == [DAY + week]
        assert _checkpoint_days(uow, ann) == [DAY]
        uow.states.put(sam, _kept(uow.states.hold(sam)), (), first=len(_DECISIONS))
        uow.session_logs.add(sam, _log(day=DAY + timedelta(days=30)))  # after the keep
        uow.commit()
    with uow:
        assert uow.states.get(sam) is None and _checkpoint_days(uow, sam) == []
        assert _checkpoint_days(uow, ann) == [DAY]


def test_a_checkpoint_needs_a_kept_state(uow: UnitOfWork, sam: int) -> None:
    """A checkpoint belongs to the kept state (a foreign key to athlete_states)."""
    with pytest.raises((IntegrityError, IntegrityViolation)), uow:
        uow.states.put_checkpoint(sam, DAY, _kept(0).run, keep=9)


def test_a_window_of_decisions_is_its_days_and_the_positions_asked_for_in_order(
    uow: UnitOfWork, sam: int
) -> None:
    """What a read takes (services.engine.engine_result with `since`): the decisions of the
    days from `since` on and those at the positions `also`, in the engine's order."""
    days = [DAY + timedelta(days=n) for n in range(6)]
    every = tuple(dataclasses.replace(_DECISIONS[n % 2], day=day) for n, day in enumerate(days))
    with uow:
        uow.states.put(sam, _kept(uow.states.hold(sam), len(every)), every, first=0)
        uow.commit()
    with uow:
        since = days[4]
        assert tuple(uow.states.decisions(sam, since=since)) == every[4:]
        window = tuple(uow.states.decisions(sam, since=since, also={0, 2, 5}))
        assert window == (every[0], every[2], every[4], every[5])
        assert tuple(uow.states.decisions(sam, since=days[5] + timedelta(days=1))) == ()
        assert tuple(uow.states.decisions(sam)) == every


def test_decisions_are_appended_from_a_position_and_replaced_after_it(
    uow: UnitOfWork, sam: int
) -> None:
    with uow:
        uow.states.put(sam, _kept(uow.states.hold(sam)), _DECISIONS, first=0)
        uow.commit()
    later = dataclasses.replace(_DECISIONS[0], day=DAY + timedelta(days=1))
    with uow:
        uow.states.put(sam, _kept(uow.states.hold(sam), 3), (later,), first=2)
        uow.commit()
    with uow:
        assert tuple(uow.states.decisions(sam)) == (*_DECISIONS, later)
        uow.states.put(sam, _kept(uow.states.hold(sam), 1), (later,), first=0)
        uow.commit()
    with uow:
        assert tuple(uow.states.decisions(sam)) == (later,)


def test_a_kept_state_is_stale_once_the_history_moves_on(uow: UnitOfWork, sam: int) -> None:
    """Fresh at the version it was kept at; not after another transaction's write, nor in
    the transaction that writes after keeping it, whose commit drops it."""
    with uow:
        uow.states.put(sam, _kept(uow.states.hold(sam)), _DECISIONS, first=0)
        assert uow.states.fresh(sam) is not None  # kept after this transaction's writes
        uow.commit()
    with uow:
        assert uow.states.fresh(sam) is not None and uow.states.is_fresh(sam)
        uow.check_ins.add(sam, _check_in())
        assert uow.states.fresh(sam) is None  # written since
        assert not uow.states.is_fresh(sam)
        uow.commit()
    with uow:
        assert uow.states.fresh(sam) is None and uow.states.get(sam) is not None
        assert not uow.states.is_fresh(sam)
        version = uow.states.hold(sam)
        uow.states.put(sam, _kept(version), _DECISIONS, first=0)
        uow.session_logs.add(sam, _log(day=DAY + timedelta(days=2)))
        uow.commit()
    with uow:
        assert uow.states.get(sam) is None  # kept before a later write: dropped at commit


def test_holding_an_athlete_moves_the_version_once_per_transaction(
    uow: UnitOfWork, sam: int
) -> None:
    with uow:
        first = uow.states.hold(sam)
        assert uow.states.hold(sam) == first
        uow.check_ins.add(sam, _check_in())
        assert uow.states.hold(sam) == first
        uow.commit()
    with uow:
        assert uow.states.hold(sam) == first + 1


def test_logs_since_a_day(uow: UnitOfWork, sam: int) -> None:
    with uow:
        for n in range(3):
            uow.session_logs.add(sam, _log(day=DAY + timedelta(days=n)))
        uow.commit()
    with uow:
        found = uow.session_logs.since(sam, DAY + timedelta(days=1))
        assert [log.day for log in found] == [DAY + timedelta(days=1), DAY + timedelta(days=2)]


def test_sessions_since_a_day_are_those_logs_without_their_items(
    uow: UnitOfWork, sam: int, ann: int
) -> None:
    with uow:
        uow.session_logs.add(sam, _log(day=DAY + timedelta(days=1), kind=SessionKind.TECHNIQUE))
        uow.session_logs.add(sam, _log(day=DAY + timedelta(days=1)))
        uow.session_logs.add(sam, _log(day=DAY))
        uow.session_logs.add(ann, _log(day=DAY + timedelta(days=2)))
        uow.commit()
    with uow:
        for first in (DAY, DAY + timedelta(days=1), DAY + timedelta(days=3)):
            whole = uow.session_logs.since(sam, first)
            found = uow.session_logs.sessions_since(sam, first)
            assert list(found) == [LoggedSession(g.day, g.kind, g.pain_during) for g in whole]


def test_mornings_since_a_day_and_the_first_ones(uow: UnitOfWork, sam: int, ann: int) -> None:
    with uow:
        for n in (4, 0, 2, 1, 3):  # stored out of order: both read by day
            uow.check_ins.add(sam, _check_in(day=DAY + timedelta(days=n), pain=n))
        uow.check_ins.add(ann, _check_in(day=DAY - timedelta(days=9)))
        uow.commit()
    with uow:
        assert [c.morning_pain for c in uow.check_ins.since(sam, DAY + timedelta(days=2))] == [
            2,
            3,
            4,
        ]
        assert [c.morning_pain for c in uow.check_ins.first(sam, 3)] == [0, 1, 2]
        assert len(uow.check_ins.first(sam, 10)) == 5
        assert uow.check_ins.first(sam, 0) == []


def test_a_write_receipt_is_claimed_once_answered_once_and_forgotten_when_old(
    uow: UnitOfWork, sam: int, ann: int
) -> None:
    first = Answer(201, "application/json", '{"pain": 2}')
    with uow:
        uow.receipts.claim(Receipt("key-of-sams-write-1", "a" * 64, sam, AT))
        uow.receipts.claim(Receipt("key-of-anns-write-1", "b" * 64, ann, AT - timedelta(days=5)))
        uow.commit()
    with uow, pytest.raises(AlreadyRecorded, match="key-of-sams-write-1"):
        uow.receipts.claim(Receipt("key-of-sams-write-1", "c" * 64, sam, AT))
    with uow:
        assert uow.receipts.get("key-of-sams-write-1") == Receipt(
            "key-of-sams-write-1", "a" * 64, sam, AT
        )
        assert uow.receipts.answer("key-of-sams-write-1", first)
        assert not uow.receipts.answer("key-of-sams-write-1", Answer(409, "", ""))
        assert not uow.receipts.answer("never-claimed-key-1", first)
        uow.commit()
    with uow:
        stored = uow.receipts.get("key-of-sams-write-1")
        assert stored is not None and stored.answer == first
        assert uow.receipts.get("never-claimed-key-1") is None
        # Only the athlete's own, and only the old ones.
        assert uow.receipts.forget(sam, before=AT) == 0
        assert uow.receipts.forget(ann, before=AT) == 1
        uow.commit()
    with uow:
        assert uow.receipts.get("key-of-anns-write-1") is None
        assert uow.receipts.get("key-of-sams-write-1") is not None


def test_a_write_receipt_needs_its_athlete(uow: UnitOfWork) -> None:
    with uow, pytest.raises(REFUSED):
        uow.receipts.claim(Receipt("key-of-nobody-write", "a" * 64, 999, AT))
