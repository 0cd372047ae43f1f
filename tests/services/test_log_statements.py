"""What a log of today reads once the today view was read just before it (issue 14, Speed):
the window's decisions, the baseline, the mornings, the window's sessions, today's running
load and the plan's id come from that read, the day's logs from the write itself and the
history version from the write's own bump, so none of them is read again; and the situation
the write makes for the next read is still what a full read makes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.training_log import CheckIn
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete
from anklet.services.lookup import get_athlete
from anklet.services.memo import memo
from anklet.services.plans import create_plan, day_view
from anklet.services.safety import record_screening
from anklet.services.situation import read_situation, remembered
from anklet.services.training import LogRequest, log_session, record_check_in
from tests.helpers import TODAY, FakeClock
from tests.stores import Store, open_store

CATALOGUE = load_catalogue()
NORMS = load_heel_raise_norms()
READ = {"catalogue": CATALOGUE, "norm_table": NORMS}


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store(request.param, request, tmp_path)


class Statements:
    """Every SQL statement any engine of this process runs while it is listening."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, *args: Any) -> None:
        self.seen.append(" ".join(str(args[2]).split()))

    def __enter__(self) -> Statements:
        event.listen(Engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_: object) -> None:
        event.remove(Engine, "before_cursor_execute", self)

    def matching(self, pattern: str) -> list[str]:
        return [s for s in self.seen if re.search(pattern, s)]


def _two_weeks(store: Store) -> FakeClock:
    """An athlete with a plan and two weeks of mornings and mobility logs before today."""
    start = FakeClock(today=TODAY - timedelta(days=14))
    athlete = Athlete(
        handle="ria",
        name="Ria",
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        equipment=frozenset({Equipment.BAND, Equipment.STEP, Equipment.WALL}),
    )
    add_athlete(uow=store.open(), athlete=athlete, clock=start)
    record_screening(uow=store.open(), handle="ria", yes=[], clock=start)
    tested = Assessment(
        taken_on=start.today(),
        left=SideResult(lunge=8.0, heel_raise_reps=18, pain=1),
        right=SideResult(lunge=10.0, heel_raise_reps=22, pain=0),
        rater=Rater.TRAINED,
    )
    record_assessment(
        uow=store.open(), handle="ria", assessment=tested, norm_table=NORMS, clock=start
    )
    create_plan(uow=store.open(), handle="ria", clock=start, **READ)  # type: ignore[arg-type]
    for offset in range(15):
        clock = FakeClock(today=start.today() + timedelta(days=offset))
        morning = CheckIn(clock.today(), morning_pain=1, stiffness=2)
        record_check_in(uow=store.open(), handle="ria", check_in=morning, clock=clock)
        request = LogRequest(day=clock.today(), pain_during=1, actuals={})
        log_session(uow=store.open(), handle="ria", request=request, clock=clock, **READ)  # type: ignore[arg-type]
    return FakeClock(today=TODAY)


def test_a_log_after_the_today_view_reads_no_decision_baseline_or_version_again(
    store: Store,
) -> None:
    clock = _two_weeks(store)
    day_view(uow=store.open(), handle="ria", day=TODAY, clock=clock, **READ)  # type: ignore[arg-type]
    again = LogRequest(day=TODAY, pain_during=1, actuals={})
    with Statements() as statements:
        log_session(
            uow=store.open(),
            handle="ria",
            request=again,
            clock=clock,
            replace_existing=True,
            **READ,  # type: ignore[arg-type]
        )
    assert statements.seen, "the listener saw the log's statements"
    assert statements.matching(r"^UPDATE athletes SET history_version"), "the write bumps it"
    assert not statements.matching(r"^SELECT .* FROM engine_decisions"), "carried over"
    assert not statements.matching(r"FROM baselines"), "a log moves no baseline"
    assert not statements.matching(r"FROM check_ins"), "nor a morning: the window's are read"
    assert not statements.matching(r"FROM runs"), "today's running load: the view read it"
    assert not statements.matching(r"FROM plans"), "the plan logged against: the read's"
    # The day's logs once (to find the one replaced); the walk over the day takes them from
    # there with the one just stored.
    assert len(statements.matching(r"^SELECT .* FROM session_logs WHERE")) == 1
    bump = next(i for i, s in enumerate(statements.seen) if "SET history_version" in s)
    after = statements.seen[bump + 1 :]
    assert not [s for s in after if s.startswith("SELECT athletes.history_version")]

    # The situation the log made is the one a full read makes of the same history.
    uow = store.open()
    with uow:
        athlete, athlete_id = get_athlete(uow, "ria")
        made = remembered(uow, athlete, athlete_id, today=TODAY)
    assert made is not None, "the log made the next read"
    memo.clear()
    with uow:
        fresh = read_situation(uow, "ria", today=TODAY, **READ)  # type: ignore[arg-type]
    assert made.read == fresh
    assert fresh.situation.decisions, "two weeks of logs made decisions: the window holds some"
