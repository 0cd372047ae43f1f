"""The running guidance the day's views read inside their transaction
(`services.runs.read_running_guidance`, and `read_days_guidance` for a week) reads two
bounded things, the load guard's window of runs and the first and last runs with a cadence,
and answers exactly what the guidance of every run does (`guidance_of`), for a day and for
each day of a week, whatever the history: runs before the window, after the day, without a
cadence or without moving time, several on one day. On the fake, whose `cadence_ends` the
repository contract holds to SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from anklet.domain.athlete import Athlete
from anklet.domain.runs import Dynamics, Run, RunFormat
from anklet.services.runs import guidance_of, read_days_guidance, read_running_guidance
from tests.fakes import FakeDatabase

FIRST = datetime(2026, 1, 5, 7, 0)
AT = datetime(2026, 1, 1, 9, 0)

runs = st.lists(
    st.tuples(
        st.integers(0, 200),  # day
        st.integers(0, 3),  # hour: several runs on one day
        st.floats(1000.0, 30_000.0),  # distance, m
        st.one_of(st.none(), st.floats(150.0, 190.0)),  # cadence, steps a minute
        st.sampled_from([0.0, 1800.0, 3600.0]),  # moving time, s
    ),
    max_size=40,
)


def _run(n: int, day: int, hour: int, distance: float, cadence: float | None, moving: float) -> Run:
    return Run(
        started_at=FIRST + timedelta(days=day, hours=hour),
        utc_offset_min=0,
        sport="running",
        sub_sport="street",
        distance_m=distance,
        moving_s=moving,
        elapsed_s=moving,
        dynamics=Dynamics(cadence_spm=cadence),
        source_format=RunFormat.FIT,
        file_sha256=f"{n:064x}",
        device_serial=None,
        recorded_at=AT,
        file_name=f"{n}.fit",
    )


@settings(max_examples=150, deadline=None)
@given(history=runs, today=st.integers(-5, 230))
def test_the_bounded_read_answers_as_every_run_does(
    history: list[tuple[int, int, float, float | None, float]], today: int
) -> None:
    uow = FakeDatabase().unit_of_work()
    day = FIRST.date() + timedelta(days=today)
    with uow:
        athlete = uow.athletes.add(Athlete(handle="sam", name="Sam"), created_at=AT)
        assert athlete.id is not None
        for n, values in enumerate(history):
            uow.runs.add(athlete.id, _run(n, *values))
        bounded = read_running_guidance(uow, athlete.id, day)
        week = [day + timedelta(days=n) for n in range(7)]
        days = read_days_guidance(uow, athlete.id, week)
        summaries = uow.runs.summaries(athlete.id)
    assert bounded == guidance_of(summaries, day)
    assert days == {d: guidance_of(summaries, d) for d in week}  # a week's days, read once


def test_a_cue_from_runs_older_than_the_load_window_is_kept() -> None:
    """The preferred rate comes from the first runs ever, months before the guard's window."""
    uow = FakeDatabase().unit_of_work()
    with uow:
        athlete = uow.athletes.add(Athlete(handle="sam", name="Sam"), created_at=AT)
        assert athlete.id is not None
        for n, cadence in enumerate((160.0, 162.0, 161.0, 170.0, 171.0, 172.0)):
            uow.runs.add(athlete.id, _run(n, 30 * n, 0, 8000.0, cadence, 2400.0))
        guidance = read_running_guidance(uow, athlete.id, date(2026, 12, 1))
    assert guidance.cadence is not None
    assert (guidance.cadence.preferred_spm, guidance.cadence.recent_spm) == (161, 171)
    assert guidance.warnings == ()
