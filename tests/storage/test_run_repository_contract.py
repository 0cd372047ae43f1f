"""The runs and squat-depth repositories on the fake, SQLite and PostgreSQL alike: round
trips with laps and minutes, the order, the two duplicate keys, scoping by athlete, the
history stamp each write moves, and nothing written without a commit."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from anklet.domain.athlete import Athlete
from anklet.domain.errors import Conflict, StaleVersion
from anklet.domain.runs import Dynamics, Lap, Minute, Run, RunFormat
from anklet.domain.squat_depth import SquatDepth
from anklet.services.ports import UnitOfWork
from tests.stores import KINDS, Store, open_store

START = datetime(2026, 11, 1, 7, 0)
AT = datetime(2026, 11, 1, 9, 15, 30, 250000)


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store(request.param, request, tmp_path)


def _athlete(store: Store, handle: str) -> int:
    uow = store.open()
    with uow:
        stored = uow.athletes.add(Athlete(handle=handle, name=handle), created_at=AT)
        uow.commit()
    assert stored.id is not None
    return stored.id


def _run(start: datetime = START, sha: str = "a" * 64, serial: str | None = "39001") -> Run:
    dynamics = Dynamics(171.0, 245.5, 49.6, 86.25, 7.8, 1170.0)
    return Run(
        started_at=start,
        utc_offset_min=60,
        sport="running",
        sub_sport="trail",
        distance_m=10_000.5,
        moving_s=3000.25,
        elapsed_s=3030.0,
        dynamics=dynamics,
        source_format=RunFormat.FIT,
        file_sha256=sha,
        device_serial=serial,
        laps=(
            Lap(0, start, 1500.0, 5000.0, dynamics),
            Lap(1, start + timedelta(seconds=1500), 1500.25, 5000.5, Dynamics(cadence_spm=172)),
        ),
        minutes=(
            Minute(0, 200.0, 3.33, 150.0, dynamics),
            Minute(1, 199.5, None, None, Dynamics()),
        ),
        recorded_at=AT,
        file_name="watch/10k.fit",
    )


def _add(uow: UnitOfWork, athlete_id: int, run: Run) -> Run:
    with uow:
        stored = uow.runs.add(athlete_id, run)
        uow.commit()
    return stored


def test_a_run_reads_back_whole_with_its_laps_and_minutes(store: Store) -> None:
    sam = _athlete(store, "sam")
    stored = _add(store.open(), sam, _run())
    assert stored.id is not None
    uow = store.open()
    with uow:
        found = uow.runs.get(sam, stored.id)
        summaries = list(uow.runs.summaries(sam))
    assert found == stored
    assert [(s.id, s.day, s.distance_m, s.dynamics) for s in summaries] == [
        (stored.id, date(2026, 11, 1), 10_000.5, stored.dynamics)
    ]


def test_runs_are_listed_oldest_first_and_only_the_athletes_own(store: Store) -> None:
    sam, ann = _athlete(store, "sam"), _athlete(store, "ann")
    later = _add(store.open(), sam, _run(START + timedelta(days=2), sha="b" * 64))
    earlier = _add(store.open(), sam, _run(START, sha="c" * 64))
    _add(store.open(), ann, _run(START, sha="d" * 64))
    uow = store.open()
    with uow:
        assert [s.id for s in uow.runs.summaries(sam)] == [earlier.id, later.id]
        assert later.id is not None and uow.runs.get(ann, later.id) is None


def test_the_cadence_ends_are_the_first_and_last_runs_with_a_cadence_until_a_day(
    store: Store,
) -> None:
    """Seven runs with a cadence a day apart, one without, one with no moving time, one
    after the day asked, and another athlete's: the first two and the last two with a
    cadence and a moving time on or before the day, in day order."""
    sam, ann = _athlete(store, "sam"), _athlete(store, "ann")
    added = [
        _add(store.open(), sam, _run(START + timedelta(days=n), sha=f"{n:064x}", serial=None))
        for n in (3, 0, 6, 1, 5, 2, 4)  # stored out of order: the order is the day's
    ]
    by_day = sorted(added, key=lambda run: run.started_at)
    plain = dataclasses.replace(_run(START + timedelta(days=1, hours=2)), dynamics=Dynamics())
    _add(store.open(), sam, dataclasses.replace(plain, file_sha256="e" * 64, device_serial=None))
    idle = dataclasses.replace(_run(START + timedelta(hours=3)), moving_s=0.0)
    _add(store.open(), sam, dataclasses.replace(idle, file_sha256="f" * 64, device_serial=None))
    _add(store.open(), sam, _run(START + timedelta(days=9), sha="a" * 64, serial=None))
    _add(store.open(), ann, _run(START - timedelta(days=1), sha="b" * 64, serial=None))
    until = (START + timedelta(days=6)).date()
    uow = store.open()
    with uow:
        two = [run.id for run in uow.runs.cadence_ends(sam, until=until, count=2)]
        many = [run.id for run in uow.runs.cadence_ends(sam, until=until, count=5)]
        none = uow.runs.cadence_ends(sam, until=START.date() - timedelta(days=1), count=3)
    assert two == [run.id for run in (*by_day[:2], *by_day[-2:])]
    assert many == [run.id for run in by_day]  # the two ends overlap: each run once
    assert list(none) == []


def test_the_same_file_or_the_same_device_and_start_is_a_conflict(store: Store) -> None:
    sam = _athlete(store, "sam")
    first = _add(store.open(), sam, _run())
    for again in (_run(START + timedelta(hours=1)), _run(sha="e" * 64)):  # same hash; same start
        uow = store.open()
        with uow:
            duplicate = uow.runs.duplicate_of(sam, again)
            assert duplicate is not None and duplicate.id == first.id
            with pytest.raises(Conflict):
                uow.runs.add(sam, again)
    # Without a serial, the same start from another file is another run (two watches).
    other = _add(store.open(), sam, _run(sha="f" * 64, serial=None))
    assert other.id != first.id
    assert store.row_counts()["runs"] == 2


def test_another_athlete_may_import_the_same_file(store: Store) -> None:
    sam, ann = _athlete(store, "sam"), _athlete(store, "ann")
    _add(store.open(), sam, _run())
    assert _add(store.open(), ann, _run()).id is not None


def test_nothing_is_stored_without_a_commit(store: Store) -> None:
    sam = _athlete(store, "sam")
    before = store.row_counts()
    uow = store.open()
    with uow:
        uow.runs.add(sam, _run())
        uow.squat_depths.set(sam, SquatDepth(date(2026, 11, 1), 35.0, AT))
    assert store.row_counts() == before


def test_a_squat_depth_replaces_that_days_and_reads_back_by_day(store: Store) -> None:
    sam = _athlete(store, "sam")
    day = date(2026, 11, 4)
    for depth in (
        SquatDepth(day, 40.0, AT),
        SquatDepth(day - timedelta(days=7), 45.5, AT),
        SquatDepth(day, None, AT + timedelta(minutes=1)),
    ):
        uow = store.open()
        with uow:
            uow.squat_depths.set(sam, depth)
            uow.commit()
    uow = store.open()
    with uow:
        found = list(uow.squat_depths.for_athlete(sam))
    assert found == [
        SquatDepth(day - timedelta(days=7), 45.5, AT),
        SquatDepth(day, None, AT + timedelta(minutes=1), version=2),
    ]
    assert store.row_counts()["squat_depths"] == 2


def test_a_squat_depth_saved_on_another_version_is_stale_and_writes_nothing(
    store: Store,
) -> None:
    sam = _athlete(store, "sam")
    day = date(2026, 11, 4)
    uow = store.open()
    with uow:
        assert uow.squat_depths.on(sam, day) is None
        with pytest.raises(Conflict, match="no squat depth of 2026-11-04"):
            uow.squat_depths.set(sam, SquatDepth(day, 40.0, AT), expected_version=1)
        assert uow.squat_depths.set(sam, SquatDepth(day, 40.0, AT), expected_version=0).version == 1
        uow.commit()
    for given in (0, 2):
        uow = store.open()
        with uow, pytest.raises(StaleVersion) as refused:
            uow.squat_depths.set(sam, SquatDepth(day, None, AT), expected_version=given)
        assert (refused.value.given, refused.value.current) == (given, 1)
    uow = store.open()
    with uow:
        again = uow.squat_depths.set(sam, SquatDepth(day, 35.0, AT), expected_version=1)
        uow.commit()
    assert again.version == 2
    uow = store.open()
    with uow:
        assert uow.squat_depths.on(sam, day) == SquatDepth(day, 35.0, AT, version=2)


def test_a_run_and_a_squat_depth_move_the_history_stamp_of_their_athlete_only(
    store: Store,
) -> None:
    """The day views remember the running guidance and the squat depth with the situation
    (services.situation), under the history stamp: each write of them must move it, and a
    write rolled back must not."""
    sam, ann = _athlete(store, "sam"), _athlete(store, "ann")
    writes: list[Callable[[UnitOfWork], object]] = [
        lambda uow: uow.runs.add(sam, _run()),
        lambda uow: uow.squat_depths.set(sam, SquatDepth(date(2026, 11, 1), 35.0, AT)),
        lambda uow: uow.squat_depths.set(sam, SquatDepth(date(2026, 11, 1), None, AT)),
    ]
    for write in writes:
        uow = store.open()
        with uow:
            before, other = uow.history_stamp(sam), uow.history_stamp(ann)
            write(uow)  # rolled back
        with uow:
            assert uow.history_stamp(sam) == before
            write(uow)
            assert uow.history_stamp(sam) != before
            uow.commit()
        with uow:
            assert uow.history_stamp(sam) != before and uow.history_stamp(ann) == other


def test_row_counts_count_laps_and_minutes(store: Store) -> None:
    sam = _athlete(store, "sam")
    _add(store.open(), sam, _run())
    _add(store.open(), sam, dataclasses.replace(_run(sha="9" * 64, serial=None), minutes=()))
    counts = store.row_counts()
    assert (counts["runs"], counts["run_laps"], counts["run_minutes"]) == (2, 4, 2)
