"""Does a longer history make reads and writes slower? One athlete with 1 month, 1 year and 3
years of history, on SQLite and PostgreSQL; each operation timed N times through the services
(the one door of the CLI, the API and the pages).

The history is written straight through the repositories in one transaction (fast, and the
same rows the use cases write): daily mornings, every planned session logged, a test every
two weeks, a new 12-week plan every 12 weeks, one clean screening. Then:

    read today (unchanged history)   day_view again and again: the remembered situation
    check in a new morning           record_check_in for the next day (the clock moves on a
                                     day per request): the kept state walks one event
    read today after a write         day_view just after that check-in
    log a new day's session          log_session of that day's first session: one event
    log today's session again        log_session replacing the log just made (the last day
                                     of the history): the kept run before that day walks
                                     on over it again, no replay
    log a session (replace)          log_session replacing yesterday's strength log: a
                                     replacement before the last day walks on from the
                                     newest checkpoint before it (services.engine;
                                     before migration 0018 it replayed the history)

The daily writes move the clock on a day per request, within the plan seeded ahead (16
weeks); for more requests than fit in it, each length seeds several athletes with the same
history and each day's requests go to each in turn (300 requests: three athletes).

The seeded history has no kept state (it is written below the services), so it is rebuilt
once first, as `anklet state rebuild --all` does for a database from before migration 0010.

With --cpu each operation is timed by this process's CPU time (time.process_time) instead of
the wall clock: on a machine shared with other work the figures then hardly move with the
load, which is what a comparison of history lengths needs. SQLite runs inside the process, so
its work counts; PostgreSQL's server work does not, so --cpu is for SQLite.

Each length is timed as `anklet serve` runs (web.app.tune_for_serving): what is loaded
before the first request is frozen out of the cyclic collector's scans, with the server's
thresholds. Without that, a full collection of the seeded histories (50-130 ms) lands on
one request in forty or so, whatever the length, and the p99 measures the collector.

Usage: python bench/history_length.py [--requests 300] [--postgres URL] [--skip-postgres] [--cpu]
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from anklet.bootstrap import SystemClock
from anklet.domain.assessment import Assessment, SideResult
from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.generation import generate_plan
from anklet.domain.program import PLAN_WEEKS_MAX, Plan, SessionKind
from anklet.domain.safety import LoadingLock
from anklet.domain.screening import make_screening
from anklet.domain.training_log import CheckIn, SessionLog
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.kept import rebuild_state
from anklet.services.plans import DayView, day_view
from anklet.services.situation import contact_ids
from anklet.services.training import LogRequest, build_items, log_session, record_check_in
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.storage.unit_of_work import SqlUnitOfWork
from anklet.web.app import GC_THRESHOLDS

HANDLE = "hist"
# The clock moves on a day per request of the daily writes, within the plan seeded ahead of
# the history (the longest one a plan may be); past that many requests, each length seeds
# more athletes with the same history and the days' requests go to each in turn.
DAYS_PER_ATHLETE = 7 * PLAN_WEEKS_MAX - 12
LENGTHS = (("1 month", 30), ("1 year", 365), ("3 years", 3 * 365))
CATALOGUE = load_catalogue()
NORMS = load_heel_raise_norms()
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
clock_of = CLOCKS["wall"]  # what each operation is timed by (--cpu: the process's CPU time)


def seed(uow: SqlUnitOfWork, today: date, days: int, handle: str = HANDLE) -> int:
    start = today - timedelta(days=days)
    stamp = datetime.combine(start - timedelta(days=1), datetime.min.time())
    athlete = Athlete(
        handle=handle,
        name="History",
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        equipment=frozenset({Equipment.BAND, Equipment.STEP, Equipment.WALL}),
    )
    logs = 0
    with uow:
        stored = uow.athletes.add(athlete, created_at=stamp)
        assert stored.id is not None
        athlete_id = stored.id
        screening = make_screening(taken_on=start, yes=[], exercise_only=False)
        uow.screenings.add(athlete_id, _at(screening, stamp))
        plan: Plan | None = None
        for offset in range(days):
            day = start + timedelta(days=offset)
            moment = datetime.combine(day, datetime.min.time()) + timedelta(hours=7)
            if offset % 14 == 0:
                test = Assessment(
                    day,
                    SideResult(lunge=9.0 + offset / 400, heel_raise_reps=20 + offset // 60),
                    SideResult(lunge=11.0, heel_raise_reps=26),
                    recorded_at=moment,
                )
                uow.assessments.add(athlete_id, test)
            if offset % 84 == 0:
                plan = generate_plan(
                    athlete=stored,
                    score=None,
                    lock=LoadingLock(()),
                    catalogue=CATALOGUE,
                    start=day,
                    weeks=12,
                )
                uow.plans.add(athlete_id, plan, created_at=moment)
            uow.check_ins.add(athlete_id, CheckIn(day, 1, 2, recorded_at=moment))
            assert plan is not None
            for session in plan.on(day) if day < today else ():
                if session.kind is SessionKind.RETEST:
                    continue
                request = LogRequest(day=day, kind=session.kind, pain_during=2, actuals={})
                log = SessionLog(
                    day=day,
                    kind=session.kind,
                    items=build_items(session, request, {}),
                    pain_during=2,
                    recorded_at=moment + timedelta(hours=10),
                )
                uow.session_logs.add(athlete_id, log)
                logs += 1
        # A plan from today on, for the days the clock moves on to.
        ahead = generate_plan(
            athlete=stored,
            score=None,
            lock=LoadingLock(()),
            catalogue=CATALOGUE,
            start=today,
            weeks=PLAN_WEEKS_MAX,
        )
        uow.plans.add(athlete_id, ahead, created_at=stamp + timedelta(days=days))
        uow.commit()
    return logs


class StepClock:
    """Today is the seeded history's next day plus the requests made so far; each call of
    now() a second later than the one before, so events keep their order."""

    def __init__(self, first: date) -> None:
        self.day = first
        self._calls = 0

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        self._calls += 1
        return datetime.combine(self.day, datetime.min.time()) + timedelta(
            hours=7, seconds=self._calls
        )


def _at(screening: object, stamp: datetime) -> object:
    import dataclasses

    return dataclasses.replace(screening, recorded_at=stamp)  # type: ignore[type-var]


def timed(run: Callable[[], object], total: int) -> tuple[float, float]:
    latencies = []
    for _ in range(total):
        began = clock_of()
        run()
        latencies.append(clock_of() - began)
    cut = statistics.quantiles(latencies, n=100)
    return cut[49] * 1000, cut[98] * 1000


def measure(url: str, label: str, days: int, total: int) -> dict[str, tuple[float, float]]:
    engine = make_engine(url)
    ensure_schema(engine)
    uow = SqlUnitOfWork(engine)
    today = SystemClock().today()
    clock = StepClock(today)
    began = time.perf_counter()
    handles = [f"{HANDLE}{n}" for n in range(math.ceil(total / DAYS_PER_ATHLETE))]
    for handle in handles:
        logs = seed(uow, today, days, handle)
        rebuild_state(uow=uow, handle=handle, clock=clock, contact_ids=contact_ids(CATALOGUE))
    seeded = time.perf_counter() - began
    print(f"  {label}: {len(handles)} x {logs} logs, {days} mornings ({seeded:.1f} s)")
    gc.collect()  # as web.app.tune_for_serving before the first request
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    read = {"catalogue": CATALOGUE, "norm_table": NORMS}
    first = handles[0]

    def today_view(handle: str = first) -> DayView:
        return day_view(uow=uow, handle=handle, day=clock.day, clock=clock, **read)  # type: ignore[arg-type]

    def check_in(handle: str) -> float:
        began = clock_of()
        record_check_in(uow=uow, handle=handle, clock=clock, check_in=CheckIn(clock.day, 1, 2))
        return clock_of() - began

    def read_after(handle: str) -> float:
        began = clock_of()
        today_view(handle)
        return clock_of() - began

    def log_new(handle: str) -> float:
        kinds = [s.kind for s in today_view(handle).sessions if s.kind is not SessionKind.RETEST]
        kind = next((k for k in kinds if k is not SessionKind.MOBILITY), kinds[0])  # loaded first
        request = LogRequest(day=clock.day, kind=kind, pain_during=2, actuals={})
        began = clock_of()
        log_session(uow=uow, handle=handle, request=request, clock=clock, **read)  # type: ignore[arg-type]
        return clock_of() - began

    today_view()
    figures = {"read today (unchanged)": timed(today_view, total)}
    walked: dict[str, list[float]] = {
        "check in a new morning": [],
        "read today after a write": [],
        "log a new day's session": [],
    }
    while len(walked["check in a new morning"]) < total:
        for handle in handles[: total - len(walked["check in a new morning"])]:
            walked["check in a new morning"].append(check_in(handle))
            walked["read today after a write"].append(read_after(handle))
            walked["log a new day's session"].append(log_new(handle))
        clock.day += timedelta(days=1)
    for name, seconds in walked.items():
        cut = statistics.quantiles(seconds, n=100)
        figures[name] = (cut[49] * 1000, cut[98] * 1000)
    log_new(first)  # the last day of the history now holds this log
    again = LogRequest(
        day=clock.day, kind=_logged_kind(uow, clock.day, first), pain_during=3, actuals={}
    )

    def log_again() -> object:
        return log_session(
            uow=uow,
            handle=first,
            request=again,
            clock=clock,
            replace_existing=True,
            **read,  # type: ignore[arg-type]
        )

    figures["log today's session again"] = timed(log_again, total)
    yesterday = _last_strength_day(uow, again.day, first)  # before the last day: a checkpoint

    def log_replace() -> object:
        request = LogRequest(day=yesterday, kind=SessionKind.STRENGTH, pain_during=2, actuals={})
        return log_session(
            uow=uow,
            handle=first,
            request=request,
            clock=clock,
            replace_existing=True,
            **read,  # type: ignore[arg-type]
        )

    figures["log a session (replace)"] = timed(log_replace, total)
    engine.dispose()
    return figures


def _logged_kind(uow: SqlUnitOfWork, day: date, handle: str) -> SessionKind:
    with uow:
        athlete = uow.athletes.by_handle(handle)
        assert athlete is not None and athlete.id is not None
        return uow.session_logs.on(athlete.id, day)[0].kind


def _last_strength_day(uow: SqlUnitOfWork, today: date, handle: str) -> date:
    with uow:
        athlete = uow.athletes.by_handle(handle)
        assert athlete is not None and athlete.id is not None
        days = [
            log.day
            for log in uow.session_logs.for_athlete(athlete.id)
            if log.kind is SessionKind.STRENGTH and log.day < today
        ]
    return max(days)


def postgres_schema(base: str) -> tuple[str, Callable[[], None]]:
    schema = f"anklet_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{base}{separator}options=-csearch_path%3D{schema}", drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--cpu", action="store_true", help="time by CPU time, not wall time")
    options = parser.parse_args()
    global clock_of  # noqa: PLW0603 (a benchmark's switch, set once before anything runs)
    clock_of = CLOCKS["cpu" if options.cpu else "wall"]
    engines = ["sqlite"] + ([] if options.skip_postgres else ["postgres"])
    for kind in engines:
        timer = "CPU time" if options.cpu else "wall time"
        print(f"{kind}, {options.requests} requests each, {timer}:")
        results = {}
        for label, days in LENGTHS:
            if kind == "sqlite":
                folder = Path(tempfile.mkdtemp(prefix="anklet-history-"))
                results[label] = measure(
                    f"sqlite:///{folder / 'h.db'}", label, days, options.requests
                )
            else:
                url, drop = postgres_schema(options.postgres)
                try:
                    results[label] = measure(url, label, days, options.requests)
                finally:
                    drop()
        for operation in results[LENGTHS[0][0]]:
            row = "  ".join(
                f"{label} p50 {results[label][operation][0]:6.1f} "
                f"p99 {results[label][operation][1]:6.1f}"
                for label, _ in LENGTHS
            )
            month, years = results["1 month"][operation][1], results["3 years"][operation][1]
            print(f"  {operation:<26} {row}  (p99 3 years / 1 month: {years / month:.2f}x)")


if __name__ == "__main__":
    main()
