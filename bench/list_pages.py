"""How much does a page of the athlete list cost against the whole list? N athletes on an
SQLite file; GET /api/v1/athletes through the real app (FastAPI's test client, no network),
the default page (50) and the largest (200) against every athlete at once (what the route
answered before pages: the same documents for all N). Median of R requests each, and bytes.

Usage: python bench/list_pages.py [--athletes N] [--requests R]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet, SystemClock
from anklet.domain.athlete import Athlete
from anklet.reports.documents import athlete_document
from anklet.services.athletes import list_athletes
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.storage.unit_of_work import SqlUnitOfWork
from anklet.web.app import create_app


def seed(engine: object, count: int) -> None:
    uow = SqlUnitOfWork(engine)  # type: ignore[arg-type]
    with uow:
        for number in range(count):
            athlete = Athlete(handle=f"athlete-{number:05d}", name=f"Athlete {number}")
            uow.athletes.add(athlete, created_at=datetime(2026, 1, 1))
        uow.commit()


def timed(call: object, requests: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(requests):
        start = time.perf_counter()
        size = call()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--athletes", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'anklet.db'}"
        engine = make_engine(url)
        ensure_schema(engine)
        seed(engine, args.athletes)
        anklet = Anklet(
            settings=build_settings(db=url, environ={}), engine=engine, clock=SystemClock()
        )
        client = TestClient(create_app(anklet=anklet))

        def page(limit: int) -> object:
            return lambda: len(client.get(f"/api/v1/athletes?limit={limit}").content)

        def everyone() -> int:
            import json

            documents = [athlete_document(a) for a in list_athletes(uow=anklet.uow())]
            return len(json.dumps(documents).encode())

        for label, call in (
            ("page of 50 (default)", page(50)),
            ("page of 200 (maximum)", page(200)),
            (f"all {args.athletes} (before)", everyone),
        ):
            median_ms, size = timed(call, args.requests)
            print(f"{label:28} {median_ms:8.1f} ms median {size / 1024:9.1f} KiB")
        engine.dispose()


if __name__ == "__main__":
    main()
