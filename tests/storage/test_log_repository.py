"""Training logs, check-ins and baselines on SQLite and PostgreSQL: exact round trips, one log
per day and kind, replacing, scoping, ordering, cascades and all-or-nothing writes."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from anklet.domain.athlete import Athlete
from anklet.domain.errors import Conflict
from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.training_log import Baseline, CheckIn, LoggedItem, SessionLog
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import row_counts

DAY = date(2026, 6, 15)
CREATED = datetime(2026, 6, 1, 9, 0, 0)
AT = datetime(2026, 6, 15, 18, 30, 5, 123456)

HEEL_RAISE = LoggedItem(
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
)
STRETCH = LoggedItem(
    exercise_id="knee-to-wall-rocks",
    side=SideChoice.RIGHT,
    target_sets=3,
    target_reps=None,
    target_reps_max=None,
    target_hold_s=30,
    target_load_kg=None,
    sets_done=2,
    reps_done=None,
    hold_s_done=25,
    load_kg=None,
    skipped=False,
)
SKIPPED = LoggedItem(
    exercise_id="ankle-circles",
    side=SideChoice.BOTH,
    target_sets=1,
    target_reps=10,
    target_reps_max=None,
    target_hold_s=None,
    target_load_kg=None,
    sets_done=0,
    skipped=True,
)


def _full_log(day: date = DAY, at: datetime = AT) -> SessionLog:
    """Every optional field set, items in a deliberate (not sorted) order."""
    return SessionLog(
        day=day,
        kind=SessionKind.STRENGTH,
        items=(
            STRETCH,
            HEEL_RAISE,
            SKIPPED,
            dataclasses.replace(HEEL_RAISE, side=SideChoice.RIGHT),
        ),
        pain_during=3,
        rpe=8,
        rir=2,
        notes="Left calf tight — stopped one rep short on set 4.",
        recorded_at=at,
    )


def _bare_log(
    day: date = DAY, at: datetime = AT, kind: SessionKind = SessionKind.MOBILITY
) -> SessionLog:
    """Every optional field left out, and no items."""
    return SessionLog(day=day, kind=kind, items=(), pain_during=0, recorded_at=at)


def _check_in(day: date = DAY, *, pain: int = 2, warnings: bool = False) -> CheckIn:
    return CheckIn(
        day=day,
        morning_pain=pain,
        stiffness=4,
        sharp_pain=warnings,
        swelling=warnings,
        unusual_tightness=warnings,
        recorded_at=datetime(day.year, day.month, day.day, 7, 15, 0, 999),
    )


def _without_id(record: Any) -> Any:
    return dataclasses.replace(record, id=None)


def _athlete(uow: SqlUnitOfWork, handle: str) -> int:
    athlete = uow.athletes.add(Athlete(handle=handle, name=handle.title()), created_at=CREATED)
    assert athlete.id is not None
    return int(athlete.id)


@pytest.fixture
def sam(uow: SqlUnitOfWork) -> int:
    with uow:
        athlete_id = _athlete(uow, "sam")
        uow.commit()
    return athlete_id


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


# Session logs


@pytest.mark.parametrize("make", [_full_log, _bare_log], ids=["every-field-set", "bare"])
def test_a_stored_session_log_reads_back_equal_to_the_one_stored(
    uow: SqlUnitOfWork, sam: int, make: Any
) -> None:
    """Round trip is exact: targets next to actuals, None fields, sides, skips, loads with
    decimals, notes, the time recorded to the microsecond, and the order of the items."""
    log = make()
    with uow:
        stored = uow.session_logs.add(sam, log)
        uow.commit()
    assert stored.id is not None
    assert _without_id(stored) == log
    with uow:
        assert uow.session_logs.for_athlete(sam) == [stored]
        assert uow.session_logs.on(sam, DAY) == [stored]


def test_a_day_holds_one_log_per_kind_of_session(uow: SqlUnitOfWork, sam: int) -> None:
    """A mobility and a strength session on the same day are two logs, in the order they
    were recorded; another day has none."""
    strength = _full_log(at=AT + timedelta(hours=1))
    mobility = _bare_log(at=AT)
    with uow:
        uow.session_logs.add(sam, strength)
        uow.session_logs.add(sam, mobility)
        uow.commit()
    with uow:
        assert [_without_id(log) for log in uow.session_logs.on(sam, DAY)] == [mobility, strength]
        assert uow.session_logs.on(sam, DAY + timedelta(days=1)) == []


def test_logging_the_same_day_and_kind_twice_is_a_conflict_naming_the_day(
    uow: SqlUnitOfWork, sam: int
) -> None:
    """The unique (athlete, day, kind) holds on both engines; the message names the day, and
    the transaction stays usable after the refusal."""
    with uow:
        uow.session_logs.add(sam, _full_log())
        with pytest.raises(Conflict, match="strength session is already logged for 2026-06-15"):
            uow.session_logs.add(sam, _full_log(at=AT + timedelta(minutes=5)))
        uow.session_logs.add(sam, _bare_log(at=AT + timedelta(minutes=10)))
        uow.commit()
    with uow:
        kinds = [log.kind for log in uow.session_logs.for_athlete(sam)]
    assert kinds == [SessionKind.STRENGTH, SessionKind.MOBILITY]


def test_replacing_a_log_swaps_it_and_its_items(
    uow: SqlUnitOfWork, sam: int, engine: Engine
) -> None:
    """`--replace`: the earlier log of that day and kind and all its items are gone; the
    other kind of session that day is untouched."""
    first = _full_log()
    second = dataclasses.replace(
        first, items=(SKIPPED,), pain_during=6, notes="", recorded_at=AT + timedelta(hours=2)
    )
    with uow:
        mobility = uow.session_logs.add(sam, _bare_log())
        stored = uow.session_logs.add(sam, first)
        uow.commit()
    with uow:
        new = uow.session_logs.replace(sam, second)
        uow.commit()
    assert new.id == stored.id  # changed in place, one more on its version
    assert _without_id(new) == dataclasses.replace(second, version=2)
    with uow:
        assert uow.session_logs.on(sam, DAY) == [mobility, new]
    assert row_counts(engine)["logged_items"] == 1


def test_replacing_when_nothing_is_logged_just_stores(uow: SqlUnitOfWork, sam: int) -> None:
    with uow:
        stored = uow.session_logs.replace(sam, _full_log())
        uow.commit()
    with uow:
        assert uow.session_logs.for_athlete(sam) == [stored]


def test_session_logs_are_scoped_per_athlete(uow: SqlUnitOfWork, sam: int) -> None:
    """Two athletes may log the same day and kind; replacing one leaves the other's log."""
    with uow:
        ann = _athlete(uow, "ann")
        uow.session_logs.add(sam, _full_log())
        uow.session_logs.add(ann, _bare_log(kind=SessionKind.STRENGTH))
        uow.session_logs.replace(ann, _bare_log(kind=SessionKind.STRENGTH))
        uow.commit()
    with uow:
        assert [_without_id(log) for log in uow.session_logs.for_athlete(sam)] == [_full_log()]
        assert [_without_id(log) for log in uow.session_logs.on(ann, DAY)] == [
            dataclasses.replace(_bare_log(kind=SessionKind.STRENGTH), version=2)
        ]


def test_logs_come_back_by_day_then_time_recorded_whatever_the_order_stored(
    uow: SqlUnitOfWork, sam: int
) -> None:
    later_day = _bare_log(day=DAY + timedelta(days=1), at=AT - timedelta(days=3))
    early_strength = _full_log(day=DAY - timedelta(days=2), at=AT + timedelta(hours=5))
    early_mobility = _bare_log(day=DAY - timedelta(days=2), at=AT + timedelta(hours=1))
    with uow:
        for log in (later_day, early_strength, early_mobility):
            uow.session_logs.add(sam, log)
        uow.commit()
    with uow:
        assert [_without_id(log) for log in uow.session_logs.for_athlete(sam)] == [
            early_mobility,
            early_strength,
            later_day,
        ]


def test_a_year_of_logs_loads_in_two_queries(uow: SqlUnitOfWork, sam: int, engine: Engine) -> None:
    """No query per session: all logs, then all their items."""
    logs = [_full_log(day=DAY - timedelta(days=n), at=AT - timedelta(days=n)) for n in range(365)]
    with uow:
        for log in logs:
            uow.session_logs.add(sam, log)
        uow.commit()
    with uow, _statements(engine) as reads:
        loaded = uow.session_logs.for_athlete(sam)
    assert [_without_id(log) for log in loaded] == logs[::-1]
    assert len(reads) == 2


def test_a_log_needs_the_time_it_was_recorded(uow: SqlUnitOfWork, sam: int) -> None:
    with uow, pytest.raises(ValueError, match="recorded_at"):
        uow.session_logs.add(sam, dataclasses.replace(_full_log(), recorded_at=None))


# Check-ins


@pytest.mark.parametrize("warnings", [False, True], ids=["clear", "warning-signs"])
def test_a_stored_check_in_reads_back_equal_to_the_one_stored(
    uow: SqlUnitOfWork, sam: int, warnings: bool
) -> None:
    check_in = _check_in(warnings=warnings)
    with uow:
        stored = uow.check_ins.add(sam, check_in)
        uow.commit()
    assert stored.id is not None
    assert _without_id(stored) == check_in
    with uow:
        assert uow.check_ins.for_athlete(sam) == [stored]


def test_a_second_check_in_the_same_morning_is_a_conflict_naming_the_day(
    uow: SqlUnitOfWork, sam: int
) -> None:
    with uow:
        uow.check_ins.add(sam, _check_in())
        with pytest.raises(Conflict, match="check-in is already recorded for 2026-06-15"):
            uow.check_ins.add(sam, _check_in(pain=5))
        uow.check_ins.add(sam, _check_in(DAY + timedelta(days=1)))
        uow.commit()
    with uow:
        assert [c.morning_pain for c in uow.check_ins.for_athlete(sam)] == [2, 2]


def test_replacing_a_check_in_keeps_one_per_day(uow: SqlUnitOfWork, sam: int) -> None:
    with uow:
        uow.check_ins.add(sam, _check_in())
        uow.check_ins.add(sam, _check_in(DAY - timedelta(days=1)))
        uow.commit()
    with uow:
        new = uow.check_ins.replace(sam, _check_in(pain=7, warnings=True))
        uow.commit()
    with uow:
        assert [_without_id(c) for c in uow.check_ins.for_athlete(sam)] == [
            _check_in(DAY - timedelta(days=1)),
            dataclasses.replace(_check_in(pain=7, warnings=True), version=2),
        ]
        assert uow.check_ins.for_athlete(sam)[-1] == new


def test_check_ins_are_scoped_per_athlete_and_ordered_by_day(uow: SqlUnitOfWork, sam: int) -> None:
    days = [DAY, DAY - timedelta(days=5), DAY - timedelta(days=1)]
    with uow:
        ann = _athlete(uow, "ann")
        for day in days:
            uow.check_ins.add(sam, _check_in(day))
        uow.check_ins.add(ann, _check_in(DAY, pain=9))
        uow.check_ins.replace(ann, _check_in(DAY, pain=8))
        uow.commit()
    with uow:
        assert [c.day for c in uow.check_ins.for_athlete(sam)] == sorted(days)
        assert [c.morning_pain for c in uow.check_ins.for_athlete(sam)] == [2, 2, 2]
        assert [c.morning_pain for c in uow.check_ins.for_athlete(ann)] == [8]


# Baselines


def test_an_athlete_without_a_baseline_has_none(uow: SqlUnitOfWork, sam: int) -> None:
    with uow:
        assert uow.baselines.latest(sam) is None


def test_a_baseline_set_explicitly_reads_back_with_its_date(uow: SqlUnitOfWork, sam: int) -> None:
    """The values round-trip exactly (halves from a median included) and the basis says who
    set it and when."""
    with uow:
        stored = uow.baselines.set(
            sam, Baseline(morning_pain=1.5, stiffness=3.0, basis=""), set_on=DAY, recorded_at=AT
        )
        uow.commit()
    expected = Baseline(morning_pain=1.5, stiffness=3.0, basis="set by you on 2026-06-15")
    assert stored == expected
    with uow:
        assert uow.baselines.latest(sam) == expected


def test_the_latest_baseline_is_in_force_per_athlete(uow: SqlUnitOfWork, sam: int) -> None:
    """Latest by the date it was set for, then by when it was recorded; another athlete's
    baseline never shows."""
    with uow:
        ann = _athlete(uow, "ann")
        uow.baselines.set(sam, Baseline(2, 2, ""), set_on=DAY, recorded_at=AT + timedelta(hours=1))
        uow.baselines.set(sam, Baseline(3, 4, ""), set_on=DAY, recorded_at=AT + timedelta(hours=2))
        uow.baselines.set(
            sam,
            Baseline(0, 0, ""),
            set_on=DAY - timedelta(days=7),
            recorded_at=AT + timedelta(hours=3),
        )
        uow.baselines.set(ann, Baseline(9, 9, ""), set_on=DAY + timedelta(days=1), recorded_at=AT)
        uow.commit()
    with uow:
        assert uow.baselines.latest(sam) == Baseline(3, 4, "set by you on 2026-06-15")
        assert uow.baselines.latest(ann) == Baseline(9, 9, "set by you on 2026-06-16")


# The whole log


def test_deleting_an_athlete_removes_their_logs_check_ins_and_baselines(
    uow: SqlUnitOfWork, sam: int, engine: Engine
) -> None:
    """Everything cascades with the athlete on both engines (items through their log)."""
    with uow:
        uow.session_logs.add(sam, _full_log())
        uow.check_ins.add(sam, _check_in())
        uow.baselines.set(sam, Baseline(1, 1, ""), set_on=DAY, recorded_at=AT)
        uow.commit()
    counts = row_counts(engine)
    assert [counts[t] for t in ("session_logs", "logged_items", "check_ins", "baselines")] == [
        1,
        4,
        1,
        1,
    ]
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM athletes"))
    counts = row_counts(engine)
    assert [counts[t] for t in ("session_logs", "logged_items", "check_ins", "baselines")] == [
        0,
        0,
        0,
        0,
    ]


def test_a_failure_half_way_writes_nothing(uow: SqlUnitOfWork, sam: int, engine: Engine) -> None:
    """One transaction per use case: a replace, a check-in and a baseline not committed leave
    every table as it was, and the earlier log is still there with its items."""
    with uow:
        first = uow.session_logs.add(sam, _full_log())
        uow.commit()
    before = row_counts(engine)
    with pytest.raises(RuntimeError), uow:
        uow.session_logs.replace(sam, _bare_log(kind=SessionKind.STRENGTH))
        uow.check_ins.add(sam, _check_in())
        uow.baselines.set(sam, Baseline(1, 1, ""), set_on=DAY, recorded_at=AT)
        raise RuntimeError("the use case failed half-way")
    assert row_counts(engine) == before
    with uow:
        assert uow.session_logs.for_athlete(sam) == [first]
        assert uow.check_ins.for_athlete(sam) == []
        assert uow.baselines.latest(sam) is None
