"""The running guidance the day's views read in their transaction, against years of runs on an
SQLite file: the bounded read (`services.runs.read_running_guidance`: the load guard's window
and the first and last runs with a cadence) next to the guidance of every run
(`guidance_of(summaries)`, what the today page read before). Median of R reads each, inside
one read-only transaction; both answers are checked equal.

Usage: python bench/running_guidance.py [--runs N] [--years Y] [--requests R]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from anklet.domain.athlete import Athlete
from anklet.domain.runs import Dynamics, Run, RunFormat
from anklet.services.runs import RunningGuidance, guidance_of, read_running_guidance
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.storage.unit_of_work import SqlUnitOfWork

FIRST = datetime(2024, 1, 1, 7, 0)


def _run(n: int, start: datetime) -> Run:
    return Run(
        started_at=start,
        utc_offset_min=0,
        sport="running",
        sub_sport="street",
        distance_m=8000.0 + 10 * (n % 50),
        moving_s=2400.0,
        elapsed_s=2400.0,
        dynamics=Dynamics(cadence_spm=160.0 + n % 12),
        source_format=RunFormat.FIT,
        file_sha256=f"{n:064x}",
        device_serial=None,
        recorded_at=start,
        file_name=f"{n}.fit",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--years", type=float, default=1.0)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "bench.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    span = timedelta(days=365 * args.years)
    uow = SqlUnitOfWork(engine)
    with uow:
        athlete = uow.athletes.add(Athlete(handle="sam", name="Sam"), created_at=FIRST)
        assert athlete.id is not None
        for n in range(args.runs):
            uow.runs.add(athlete.id, _run(n, FIRST + span * n / args.runs))
        uow.commit()
    athlete_id = athlete.id
    today = (FIRST + span).date()
    reads: dict[str, Callable[[SqlUnitOfWork, date], RunningGuidance]] = {
        "every run": lambda u, d: guidance_of(u.runs.summaries(athlete_id), d),
        "bounded": lambda u, d: read_running_guidance(u, athlete_id, d),
    }
    answers = []
    for label, read in reads.items():
        with SqlUnitOfWork(engine, read_only=True) as reader:
            answers.append(read(reader, today))
            times = []
            for _ in range(args.requests):
                start = time.perf_counter()
                read(reader, today)
                times.append(time.perf_counter() - start)
        print(f"{label}: {statistics.median(times) * 1000:.2f} ms (median of {args.requests})")
    assert answers[0] == answers[1], "the bounded read answered differently"
    print(f"{args.runs} runs over {args.years:g} years; the same guidance from both")


if __name__ == "__main__":
    main()
