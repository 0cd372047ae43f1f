"""Requests per second and latency percentiles of the web app on SQLite with a year of data.

Seeds one athlete with 52 weeks of history through the public use cases (screened clear first,
so the plans load: an unscreened athlete gets mobility only; plans every 12 weeks, fortnightly
tests, daily mornings, every planned session logged), serves the app with
uvicorn on 127.0.0.1, and times from a client on this machine:

    GET  /api/v1/athletes/year/today      the "today" API
    GET  /athletes/year/today             the "today" page (when the pages are installed)
    POST /api/v1/athletes/year/session-logs  "log a session" (replacing today's log)

Usage: python bench/web_load.py [--requests N] [--concurrency C]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path

import uvicorn

from anklet.bootstrap import Anklet, SystemClock
from anklet.domain.assessment import Assessment, SideResult
from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.program import SessionKind
from anklet.domain.training_log import CheckIn
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete
from anklet.services.kept import rebuild_state
from anklet.services.plans import DayView, create_plan, day_view
from anklet.services.safety import record_screening
from anklet.services.situation import contact_ids
from anklet.services.training import LogRequest, log_session, record_check_in
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.web.app import create_app, tune_for_serving

HANDLE = "year"


class SimClock:
    """A clock the seeding moves day by day, so a year of history obeys "not in the future"."""

    def __init__(self, day: date) -> None:
        self.day = day
        self.tick = datetime.combine(day, datetime.min.time())

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        self.tick += timedelta(seconds=1)
        return self.tick


def open_year(db: Path) -> Anklet:
    """The app on the SQLite file `db`, seeded with a year (seed_year) the first time: the
    file is kept, so a second run or another checkout reads the same history (delete it to
    seed again)."""
    fresh = not db.exists()
    settings = build_settings(db=str(db))
    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    anklet = Anklet(settings=settings, engine=engine, clock=SystemClock())
    if fresh:
        print(f"seeding a year into {db} ...", flush=True)
        seed_year(anklet, date.today())
    return anklet


def read_today(anklet: Anklet, today: date) -> DayView:
    """The today view of the seeded athlete, through the service the pages use."""
    return day_view(
        uow=anklet.uow(),
        handle=HANDLE,
        day=today,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
    )


def seed_year(anklet: Anklet, today: date) -> int:
    start = today - timedelta(days=364)
    clock = SimClock(start)
    uow, catalogue, norms = anklet.uow, load_catalogue(), load_heel_raise_norms()
    add_athlete(
        uow=uow(),
        clock=clock,
        athlete=Athlete(
            handle=HANDLE,
            name="A Year",
            days=(Weekday.MON, Weekday.WED, Weekday.FRI),
            equipment=frozenset({Equipment.BAND, Equipment.STEP, Equipment.WALL}),
        ),
    )
    # Screened before loaded: without the red-flag answers every plan is mobility only and
    # the engine would have no loaded session to replay.
    record_screening(uow=uow(), handle=HANDLE, yes=[], clock=clock)
    plan = None
    logs = 0
    loaded = 0
    for offset in range(365):
        clock.day = start + timedelta(days=offset)
        clock.tick = max(clock.tick, datetime.combine(clock.day, datetime.min.time()))
        if offset % 14 == 0:
            lunge = 8.5 + offset / 120
            record_assessment(
                uow=uow(),
                handle=HANDLE,
                norm_table=norms,
                clock=clock,
                assessment=Assessment(
                    clock.day,
                    SideResult(lunge=lunge, heel_raise_reps=18 + offset // 30),
                    SideResult(lunge=11.0, heel_raise_reps=26),
                ),
            )
        if offset % 84 == 0:
            plan = create_plan(
                uow=uow(),
                handle=HANDLE,
                catalogue=catalogue,
                norm_table=norms,
                clock=clock,
                weeks=12,
                start=clock.day,
            )
        record_check_in(
            uow=uow(),
            handle=HANDLE,
            clock=clock,
            check_in=CheckIn(clock.day, morning_pain=1, stiffness=2),
        )
        assert plan is not None
        for session in plan.on(clock.day):
            if session.kind is not SessionKind.RETEST and clock.day < today:
                log_session(
                    uow=uow(),
                    handle=HANDLE,
                    clock=clock,
                    request=LogRequest(day=clock.day, kind=session.kind, pain_during=2, actuals={}),
                )
                logs += 1
                loaded += session.kind in (SessionKind.STRENGTH, SessionKind.TECHNIQUE)
    assert loaded, "no strength or technique session was seeded: is the athlete screened?"
    # The logs above name no catalogue, so the state was kept without its plyometric
    # exercises, and every read with the app's catalogue would replay the year until a log
    # through the app kept it anew: keep it with them, as `anklet state rebuild` does.
    rebuild_state(uow=uow(), handle=HANDLE, clock=clock, contact_ids=contact_ids(anklet.catalogue))
    return logs


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def timed(request: urllib.request.Request) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        assert response.status < 400, response.status
    return time.perf_counter() - started


def measure(name: str, make: object, total: int, concurrency: int) -> None:
    build = make  # a function returning a fresh Request
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        latencies = sorted(pool.map(lambda _: timed(build()), range(total)))  # type: ignore[operator]
    wall = time.perf_counter() - started
    cut = statistics.quantiles(latencies, n=100)
    print(
        f"  {name:<34} {total / wall:7.1f} req/s   p50 {cut[49] * 1000:6.1f} ms   "
        f"p95 {cut[94] * 1000:6.1f} ms   p99 {cut[98] * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="anklet-web-bench-"))
    settings = build_settings(db=str(folder / "year.db"))
    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    anklet = Anklet(settings=settings, engine=engine, clock=SystemClock())
    today = date.today()
    began = time.perf_counter()
    logs = seed_year(anklet, today)
    print(
        f"seeded a year: {logs} session logs, 365 mornings, 27 tests "
        f"({time.perf_counter() - began:.1f} s)"
    )
    port = free_port()
    app = create_app(anklet=anklet)
    tune_for_serving(app)  # as `anklet serve` does
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    log_body = json.dumps(
        {"date": (today - timedelta(days=1)).isoformat(), "pain": 2, "replace": True}
    ).encode()
    print(f"{options.requests} requests, {options.concurrency} at a time:")
    measure(
        "GET today (API)",
        lambda: urllib.request.Request(f"{base}/api/v1/athletes/{HANDLE}/today"),
        options.requests,
        options.concurrency,
    )
    page = urllib.request.Request(f"{base}/athletes/{HANDLE}/today")
    try:
        timed(page)
        measure(
            "GET today (page)",
            lambda: urllib.request.Request(f"{base}/athletes/{HANDLE}/today"),
            options.requests,
            options.concurrency,
        )
    except Exception as error:  # the pages are optional here
        print(f"  GET today (page)                   skipped: {error}")
    measure(
        "POST session log (replace)",
        lambda: urllib.request.Request(
            f"{base}/api/v1/athletes/{HANDLE}/session-logs",
            data=log_body,
            method="POST",
            headers={"Content-Type": "application/json"},
        ),
        options.requests // 3,
        options.concurrency,
    )
    server.should_exit = True


if __name__ == "__main__":
    main()
