"""Random athlete histories for the export tests, played through the real services: an
athlete with any details, screenings (a red flag now and then), assessments by tape or by
angle, a plan or none, days of logged sessions and morning check-ins with warning signs, a
baseline, a clearance. Hypothesis draws the script; `play` writes it to a database."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from hypothesis import strategies as st

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
from anklet.domain.errors import AnkletError
from anklet.domain.exercises import Catalogue
from anklet.domain.norms import HeelRaiseNorms
from anklet.domain.training_log import CheckIn
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete
from anklet.services.plans import create_plan
from anklet.services.ports import UnitOfWork
from anklet.services.safety import open_locks, record_clearance, record_screening
from anklet.services.training import LogRequest, log_session, record_check_in, set_baseline

START = date(2026, 5, 4)  # a Monday, six weeks before tests.helpers.TODAY


class StoryClock:
    """The day the story is at; each reading of `now` a second later, always increasing."""

    def __init__(self) -> None:
        self.day = START
        self._now = datetime.combine(START, time(7))

    def at(self, day: date) -> StoryClock:
        self.day = day
        self._now = max(self._now, datetime.combine(day, time(7)))
        return self

    def now(self) -> datetime:
        self._now += timedelta(seconds=1, microseconds=1234)
        return self._now

    def today(self) -> date:
        return self.day


@dataclass(frozen=True)
class Day:
    offset: int
    morning: tuple[int, int, bool] | None  # pain, stiffness, swelling
    session_pain: int | None
    sharp_pain: bool
    notes: str


@dataclass(frozen=True)
class Script:
    athlete: Athlete
    red_flags: tuple[int, ...]
    assessments: tuple[Assessment, ...]
    plan: bool
    days: tuple[Day, ...]
    baseline: tuple[int, int] | None
    clearance: bool
    handles: list[str] = field(default_factory=list, compare=False)


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=30)


@st.composite
def athletes(draw: st.DrawFn, handle: str) -> Athlete:
    return Athlete(
        handle=handle,
        name=draw(st.from_regex(r"[A-Za-zÀ-ÿ'][A-Za-zÀ-ÿ' -]{0,30}[a-zé]", fullmatch=True)),
        birth_year=draw(st.none() | st.integers(1930, 2012)),
        sex=draw(st.sampled_from(Sex)),
        goal=draw(st.sampled_from(Goal)),
        days=tuple(
            sorted(draw(st.sets(st.sampled_from(Weekday), min_size=1)), key=lambda d: d.number)
        ),
        minutes=draw(st.integers(5, 180)),
        equipment=frozenset(draw(st.sets(st.sampled_from(Equipment)))),
        units=draw(st.sampled_from(UnitSystem)),
        body_mass_kg=draw(
            st.none() | st.floats(30, 250, allow_nan=False).map(lambda v: round(v, 3))
        ),
    )


def _side(method: LungeMethod) -> st.SearchStrategy[SideResult]:
    top = 25.0 if method is LungeMethod.DISTANCE_CM else 70.0
    return st.builds(
        SideResult,
        lunge=st.floats(0, top, allow_nan=False).map(lambda v: round(v, 2)),
        heel_raise_reps=st.none() | st.integers(0, 60),
        pain=st.none() | st.integers(0, 10),
        single_leg_stance_s=st.none() | st.floats(0, 120, allow_nan=False),
    )


@st.composite
def assessments(draw: st.DrawFn, day: date) -> Assessment:
    method = draw(st.sampled_from(LungeMethod))
    angle = method is LungeMethod.ANGLE_DEG
    return Assessment(
        taken_on=day,
        left=draw(_side(method)),
        right=draw(_side(method)),
        lunge_method=method,
        lunge_device=draw(st.sampled_from([LungeDevice.PHONE, LungeDevice.INCLINOMETER]))
        if angle
        else LungeDevice.TAPE,
        lunge_placement=draw(
            st.sampled_from([LungePlacement.TUBEROSITY, LungePlacement.POSTERIOR_HEEL])
        )
        if angle
        else None,
        rater=draw(st.sampled_from(Rater)),
        heel_raise_protocol=draw(st.sampled_from(HeelRaiseProtocol)),
        incline_deg=draw(st.sampled_from([0, 10])),
    )


@st.composite
def scripts(draw: st.DrawFn, handle: str = "runner") -> Script:
    days = draw(
        st.lists(
            st.builds(
                Day,
                offset=st.integers(1, 20),
                morning=st.none()
                | st.tuples(st.integers(0, 10), st.integers(0, 10), st.booleans()),
                session_pain=st.none() | st.integers(0, 8),
                sharp_pain=st.booleans(),
                notes=TEXT,
            ),
            max_size=5,
            unique_by=lambda d: d.offset,
        )
    )
    return Script(
        athlete=draw(athletes(handle)),
        red_flags=tuple(draw(st.lists(st.integers(1, 10), max_size=2, unique=True))),
        assessments=tuple(
            draw(
                st.lists(st.integers(0, 20).map(lambda n: START + timedelta(days=n)), max_size=2)
                .map(sorted)
                .flatmap(lambda ds: st.tuples(*(assessments(d) for d in ds)))
            )
        ),
        plan=draw(st.booleans()),
        days=tuple(sorted(days, key=lambda d: d.offset)),
        baseline=draw(st.none() | st.tuples(st.integers(0, 10), st.integers(0, 10))),
        clearance=draw(st.booleans()),
    )


def play(
    script: Script,
    *,
    uow: UnitOfWork,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> str:
    """Write the script through the services; refusals a user would see (a heel raise while
    locked, say) are part of the story and leave nothing behind."""
    clock = StoryClock()
    handle = script.athlete.handle
    refused = suppress(AnkletError)
    add_athlete(uow=uow, athlete=script.athlete, clock=clock.at(START))
    record_screening(uow=uow, handle=handle, yes=script.red_flags, clock=clock)
    for assessment in script.assessments:
        with refused:
            clock.at(assessment.taken_on)
            record_assessment(
                uow=uow, handle=handle, assessment=assessment, norm_table=norm_table, clock=clock
            )
    if script.plan:
        create_plan(
            uow=uow, handle=handle, catalogue=catalogue, norm_table=norm_table, clock=clock, weeks=4
        )
    for day in script.days:
        when = START + timedelta(days=day.offset)
        clock.at(when)
        if day.morning is not None:
            pain, stiffness, swelling = day.morning
            morning = CheckIn(day=when, morning_pain=pain, stiffness=stiffness, swelling=swelling)
            record_check_in(uow=uow, handle=handle, clock=clock, check_in=morning)
        if day.session_pain is not None:
            request = LogRequest(
                day=when,
                pain_during=day.session_pain,
                actuals={},
                notes=day.notes,
                sharp_pain=day.sharp_pain,
            )
            with refused:
                log_session(
                    uow=uow,
                    handle=handle,
                    clock=clock,
                    catalogue=catalogue,
                    norm_table=norm_table,
                    request=request,
                )
    if script.baseline is not None:
        pain, stiffness = script.baseline
        set_baseline(uow=uow, handle=handle, morning_pain=pain, stiffness=stiffness, clock=clock)
    if script.clearance and open_locks(uow=uow, handle=handle).locked:
        record_screening(uow=uow, handle=handle, yes=[], clock=clock)
        with refused:
            record_clearance(
                uow=uow, handle=handle, note="seen, fine", cleared_by="Dr Lee", clock=clock
            )
    return handle


def rich_history(
    *,
    uow: UnitOfWork,
    handle: str,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    weeks: int = 3,
) -> str:
    """A history with rows in every table: the demo's locked story (tests, a plan, logs,
    mornings, a pause), the red-flag questions again and a clearance, a baseline set by hand,
    a run from a watch file (with its laps and minutes) and a squat depth."""
    from anklet.domain.receipts import WriteKey
    from anklet.domain.training_log import CheckIn
    from anklet.importers.runs import read_run
    from anklet.services.demo import DemoStory, seed_demo
    from anklet.services.runs import RunFile, import_runs, log_squat_depth
    from anklet.services.safety import record_clearance, record_screening
    from anklet.services.training import record_check_in
    from tests.helpers import FakeClock
    from tests.run_files import tcx_run

    clock = FakeClock()
    seed_demo(
        uow=uow,
        handle=handle,
        catalogue=catalogue,
        norm_table=norm_table,
        clock=clock,
        weeks=weeks,
        story=DemoStory.LOCKED,
    )
    record_screening(uow=uow, handle=handle, yes=[], clock=clock)
    record_clearance(uow=uow, handle=handle, note="seen", cleared_by="Dr Lee", clock=clock)
    set_baseline(uow=uow, handle=handle, morning_pain=1, stiffness=2, clock=clock)
    data = tcx_run(start=datetime.combine(clock.today() - timedelta(days=3), time(7))).data
    run = RunFile("park.tcx", lambda: read_run(data, "park.tcx"))
    import_runs(uow=uow, handle=handle, files=[run], clock=clock)
    log_squat_depth(uow=uow, handle=handle, day=clock.today(), box_height_cm=30.0, clock=clock)
    # A morning sent from a phone's offline queue: its key is kept (write_receipts).
    record_check_in(
        uow=uow,
        handle=handle,
        check_in=CheckIn(day=clock.today(), morning_pain=1, stiffness=1),
        clock=clock,
        replace_existing=True,
        write_key=WriteKey("rich-history-morning", "0" * 64),
    )
    return handle
