"""Importing a batch of watch files (services.runs) on SQLite and PostgreSQL: every file gets
an outcome, a bad file never stops the batch, a refused or duplicate file leaves no row, two
imports of one file at once store it once; the views read what was imported."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from anklet.domain.athlete import Athlete
from anklet.domain.errors import InvalidValue, NotFound
from anklet.domain.running_load import LONG_RUN_RULE
from anklet.domain.runs import Lap, Run
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.importers.runs import read_run
from anklet.services.caseload import read_caseload
from anklet.services.ports import UnitOfWork
from anklet.services.runs import (
    Outcome,
    RunFile,
    import_runs,
    log_squat_depth,
    run_detail,
    running_guidance,
    runs_view,
)
from anklet.services.training import status
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import FakeClock, row_counts
from tests.run_files import START, bad_crc, fit_run, gpx_run, tcx_run, truncated

JOINED = datetime(2026, 9, 1, 9)
NORMS = load_heel_raise_norms()


def _sam(uow: UnitOfWork) -> None:
    with uow:
        uow.athletes.add(Athlete(handle="sam", name="Sam"), created_at=JOINED)
        uow.commit()


def _file(name: str, data: bytes) -> RunFile:
    return RunFile(name, lambda: read_run(data, name))


@pytest.fixture(scope="module")
def batch() -> list[RunFile]:
    """The issue's fixtures: runs with and without dynamics, a treadmill run, TCX and GPX, a
    cycling file, a truncated file, a bad CRC, an exact copy and a re-export, junk."""
    ten_k = fit_run()
    return [
        _file("10k.fit", ten_k.data),
        _file(
            "easy.fit",
            fit_run(
                dynamics=False,
                distance_m=5000,
                moving_s=1700,
                start=START - timedelta(days=7),
                serial=None,
            ).data,
        ),
        _file(
            "treadmill.fit",
            fit_run(
                sub_sport="treadmill",
                distance_m=6000,
                moving_s=2000,
                start=START - timedelta(days=3),
            ).data,
        ),
        _file("ride.fit", fit_run(sport="cycling", start=START - timedelta(days=2)).data),
        _file("cut.fit", truncated(ten_k.data)),
        _file("crc.fit", bad_crc(ten_k.data)),
        _file("10k-copy.fit", ten_k.data),
        _file("10k-reexport.fit", fit_run(utc_offset_min=None).data),
        _file("long.tcx", tcx_run(start=START - timedelta(days=14)).data),
        _file("park.gpx", gpx_run(start=START - timedelta(days=21)).data),
        _file("notes.txt", b"not a run"),
    ]


EXPECTED = {
    "10k.fit": Outcome.IMPORTED,
    "easy.fit": Outcome.IMPORTED,
    "treadmill.fit": Outcome.IMPORTED,
    "ride.fit": Outcome.REFUSED,
    "cut.fit": Outcome.REFUSED,
    "crc.fit": Outcome.REFUSED,
    "10k-copy.fit": Outcome.DUPLICATE,
    "10k-reexport.fit": Outcome.DUPLICATE,
    "long.tcx": Outcome.IMPORTED,
    "park.gpx": Outcome.IMPORTED,
    "notes.txt": Outcome.REFUSED,
}


def test_a_batch_imports_the_runs_and_reports_every_other_file(
    uow: SqlUnitOfWork, engine: Engine, batch: list[RunFile]
) -> None:
    _sam(uow)
    seen: list[str] = []
    report = import_runs(
        uow=uow,
        handle="sam",
        files=batch,
        clock=FakeClock(),
        on_file=lambda outcome: seen.append(outcome.name),
    )
    assert {item.name: item.outcome for item in report.outcomes} == EXPECTED
    assert seen == [file.name for file in batch]
    reasons = {item.name: item.reason for item in report.outcomes}
    assert reasons["ride.fit"] == "not a run: cycling"
    assert "truncated" in reasons["cut.fit"] and "bad CRC" in reasons["crc.fit"]
    assert reasons["10k-reexport.fit"] == "already imported: the run of 2026-05-31 (10k.fit)"
    assert "unknown format" in reasons["notes.txt"]
    # Only the imported files left rows, each whole.
    counts = row_counts(engine)
    imported = [item.run for item in report.outcomes if item.run is not None]
    assert counts["runs"] == len(imported) == 5
    with uow:
        runs = [uow.runs.get(1, run.id) for run in imported]
    assert counts["run_laps"] == sum(len(run.laps) for run in runs if run)
    assert counts["run_minutes"] == sum(len(run.minutes) for run in runs if run)


def test_an_unknown_athlete_stops_before_any_file_is_read(uow: SqlUnitOfWork) -> None:
    def never() -> Run:
        raise AssertionError("read")

    with pytest.raises(NotFound):
        import_runs(
            uow=uow,
            handle="nobody",
            files=[RunFile("x.fit", never)],
            clock=FakeClock(),
        )


def test_a_file_that_cannot_be_stored_leaves_nothing_and_the_batch_goes_on(
    uow: SqlUnitOfWork, engine: Engine
) -> None:
    """A run whose laps clash fails at its second table: its run row is rolled back too."""
    _sam(uow)
    good = fit_run(moving_s=600, distance_m=2000)

    clashing = read_run(fit_run(moving_s=600, distance_m=2000, serial=7).data, "clash.fit")
    lap = Lap(0, clashing.started_at, 60.0, 200.0)

    files = [
        RunFile("clash.fit", lambda: dataclasses.replace(clashing, laps=(lap, lap))),
        _file("good.fit", good.data),
    ]
    report = import_runs(uow=uow, handle="sam", files=files, clock=FakeClock())
    assert [item.outcome for item in report.outcomes] == [Outcome.REFUSED, Outcome.IMPORTED]
    assert "could not be stored" in report.outcomes[0].reason
    assert row_counts(engine)["runs"] == 1


def test_two_imports_of_one_file_at_once_store_it_once(uow: SqlUnitOfWork, engine: Engine) -> None:
    _sam(uow)
    data = fit_run(moving_s=900, distance_m=3000).data
    outcomes: list[Outcome] = []
    barrier = threading.Barrier(2)

    def one() -> None:
        barrier.wait()
        report = import_runs(
            uow=SqlUnitOfWork(engine),
            handle="sam",
            files=[_file("same.fit", data)],
            clock=FakeClock(),
        )
        outcomes.extend(item.outcome for item in report.outcomes)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [Outcome.DUPLICATE, Outcome.IMPORTED]
    assert row_counts(engine)["runs"] == 1


def test_the_views_read_the_imported_values(uow: SqlUnitOfWork, batch: list[RunFile]) -> None:
    _sam(uow)
    import_runs(uow=uow, handle="sam", files=batch, clock=FakeClock())
    view = runs_view(
        uow=uow, handle="sam", today=date(2026, 6, 1), norm_table=load_heel_raise_norms()
    )
    assert [run.day for run in view.runs] == sorted(run.day for run in view.runs)
    ten_k = view.runs[-1]
    assert ten_k.distance_m == 10_000 and ten_k.dynamics.cadence_spm == 171.0
    detail = run_detail(uow=uow, handle="sam", run_id=ten_k.id)
    assert len(detail.minutes) == 51 and len(detail.laps) == 10
    # 10 km after at most 8 km in the 30 days before: the guard flags it.
    guidance = running_guidance(uow=uow, handle="sam", today=date(2026, 6, 1))
    assert [w.rule for w in guidance.warnings][:1] == [LONG_RUN_RULE]
    assert guidance.cadence is not None and guidance.cadence.recent_spm == 171


def test_a_squat_depth_is_checked_and_replaces_the_days(uow: SqlUnitOfWork) -> None:
    _sam(uow)
    day = date(2026, 6, 3)
    log_squat_depth(uow=uow, handle="sam", day=day, box_height_cm=40, clock=FakeClock())
    log_squat_depth(uow=uow, handle="sam", day=day, box_height_cm=None, clock=FakeClock())
    with pytest.raises(InvalidValue):
        log_squat_depth(uow=uow, handle="sam", day=day, box_height_cm=5, clock=FakeClock())
    view = runs_view(uow=uow, handle="sam", today=day, norm_table=load_heel_raise_norms())
    assert [(d.day, d.full) for d in view.squat_depths] == [(day, True)]


def test_a_run_dated_in_the_future_or_before_2000_is_refused(uow: SqlUnitOfWork) -> None:
    _sam(uow)
    clock = FakeClock(date(2026, 6, 1))
    files = [
        _file(
            "ahead.fit", fit_run(start=datetime(2026, 6, 3, 7), moving_s=600, distance_m=2000).data
        ),
        _file(
            "unset.fit",
            fit_run(start=datetime(1999, 12, 31, 7), moving_s=600, distance_m=2000, serial=8).data,
        ),
    ]
    report = import_runs(uow=uow, handle="sam", files=files, clock=clock)
    assert [item.outcome for item in report.outcomes] == [Outcome.REFUSED, Outcome.REFUSED]
    assert all("started_at" in item.reason for item in report.outcomes)


def test_names_from_a_file_are_stored_cleaned_and_bounded(uow: SqlUnitOfWork) -> None:
    """A device id of 500 characters and a file name with control characters would not fit
    (or, with a NUL, not be accepted by PostgreSQL): they are cut and cleaned."""
    _sam(uow)
    data = tcx_run().data.replace(
        b"<UnitId>3900000002</UnitId>", b"<UnitId>" + b"9" * 500 + b"</UnitId>"
    )
    name = "run\x00\x1b[31m" + "x" * 300 + ".tcx"
    report = import_runs(uow=uow, handle="sam", files=[_file(name, data)], clock=FakeClock())
    stored = report.outcomes[0].run
    assert stored is not None
    assert stored.file_name.startswith("run[31m") and len(stored.file_name) == 200
    detail = run_detail(uow=uow, handle="sam", run_id=stored.id)
    assert detail.device_serial == "9" * 40


def test_a_running_load_spike_flags_the_athlete_in_the_caseload_and_the_status(
    uow: SqlUnitOfWork, batch: list[RunFile]
) -> None:
    """Issue 11, point 4: the guard's warnings are a coach's flag too, kept with the import
    (a filter of the caseload) and the same in the athlete's status; a week on, with runs
    that no longer spike, the next write clears it."""
    _sam(uow)
    with uow:
        uow.athletes.add(Athlete(handle="kim", name="Kim"), created_at=JOINED)
        uow.commit()
    day = date(2026, 6, 1)
    import_runs(uow=uow, handle="sam", files=batch, clock=FakeClock(day))
    page = read_caseload(uow=uow, clock=FakeClock(day), only="running-load")
    assert [row.handle for row in page.rows] == ["sam"]
    flag = next(f for f in page.rows[0].flags if f.code == "running-load")
    assert "run of 2026-05-31" in flag.reason and "% over the longest" in flag.reason
    seen = status(uow=uow, handle="sam", today=day, catalogue=load_catalogue(), norm_table=NORMS)
    assert [f for f in seen.flags if f.code == "running-load"] == [flag]
    later = date(2026, 6, 9)
    easy = fit_run(distance_m=3000, moving_s=1000, start=START + timedelta(days=8), serial=None)
    import_runs(uow=uow, handle="sam", files=[_file("easy.fit", easy.data)], clock=FakeClock(later))
    assert not read_caseload(uow=uow, clock=FakeClock(later), only="running-load").rows
    seen = status(uow=uow, handle="sam", today=later, catalogue=load_catalogue(), norm_table=NORMS)
    assert all(f.code != "running-load" for f in seen.flags)
