"""Throughput of "the last 20 logs": GET /api/v1/athletes/{handle}/session-logs?limit=20
against a year of training on an SQLite file, through the real app (FastAPI's test client,
no network), next to what answered it before pages: every log of the year (the documents of
the old GET /history). Requests per second over R requests each (median time), and bytes.

Usage: python bench/last_logs.py [--days N] [--requests R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet, SystemClock
from anklet.domain.athlete import Athlete
from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.training_log import LoggedItem, SessionLog
from anklet.reports.training_documents import log_document
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.storage.unit_of_work import SqlUnitOfWork
from anklet.web.app import create_app

EXERCISES = ("single-leg-heel-raise", "bent-knee-heel-raise", "tibialis-raise", "pogo-hops")


def seed(engine: object, days: int) -> None:
    """A log on six days of seven for `days` days, eight items each (four exercises, two
    sides), target next to actual as the app stores them."""
    uow = SqlUnitOfWork(engine)  # type: ignore[arg-type]
    first = date.today() - timedelta(days=days)
    with uow:
        athlete = uow.athletes.add(
            Athlete(handle="sam", name="Sam"), created_at=datetime(2025, 1, 1)
        )
        assert athlete.id is not None
        for offset in range(days):
            day = first + timedelta(days=offset)
            if offset % 7 == 6:
                continue
            items = tuple(
                LoggedItem(
                    exercise_id=exercise,
                    side=side,
                    target_sets=3,
                    target_reps=10,
                    target_reps_max=15,
                    target_hold_s=None,
                    target_load_kg=10.0,
                    sets_done=3,
                    reps_done=12,
                    load_kg=10.0,
                    prescribed="3 × 10-15 reps, tempo 3-1-2; 10 kg",
                    prescribed_rule="progression.double",
                )
                for exercise in EXERCISES
                for side in (SideChoice.LEFT, SideChoice.RIGHT)
            )
            at = datetime(day.year, day.month, day.day, 18)
            log = SessionLog(
                day=day, kind=SessionKind.STRENGTH, items=items, pain_during=2, recorded_at=at
            )
            uow.session_logs.add(athlete.id, log)
        uow.commit()


def timed(call: Callable[[], int], requests: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(requests):
        start = time.perf_counter()
        size = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'anklet.db'}"
        engine = make_engine(url)
        ensure_schema(engine)
        seed(engine, args.days)
        anklet = Anklet(
            settings=build_settings(db=url, environ={}), engine=engine, clock=SystemClock()
        )
        client = TestClient(create_app(anklet=anklet))

        def last_20() -> int:
            response = client.get("/api/v1/athletes/sam/session-logs?limit=20")
            assert response.status_code == 200 and len(response.json()) == 20
            return len(response.content)

        def history_page() -> int:
            response = client.get("/api/v1/athletes/sam/history")
            assert response.status_code == 200
            return len(response.content)

        def every_log() -> int:
            uow = anklet.uow()
            with uow:
                found = uow.athletes.by_handle("sam")
                assert found is not None and found.id is not None
                logs = uow.session_logs.for_athlete(found.id)
            return len(json.dumps([log_document("sam", log) for log in logs]).encode())

        for label, call in (
            ("last 20 logs (session-logs)", last_20),
            ("history, default 28 days", history_page),
            (f"every log of {args.days} days (before)", every_log),
        ):
            median_s, size = timed(call, args.requests)
            print(
                f"{label:34} {1 / median_s:8.1f} req/s {median_s * 1000:8.1f} ms median "
                f"{size / 1024:9.1f} KiB"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
