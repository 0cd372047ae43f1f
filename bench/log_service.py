"""What a log of today costs through the service alone (issue 14, Speed): one athlete with a
history on SQLite (bench/history_length.py's seed: daily mornings, every planned session
logged, a test every two weeks, a new plan every 12 weeks), the today view read once, then
today's log replaced again and again as the API's POST does, each timed by this process's
CPU time, with the SQL statements each one runs.

Unlike bench/wrk_load.py this leaves out HTTP and moves little with other work on the
machine, so two checkouts can be compared on a busy one. With --list, the statements of one
more log are printed in the order they ran.

Usage: python bench/log_service.py [--days 365] [--requests 200] [--list]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from history_length import CATALOGUE, HANDLE, NORMS, StepClock, seed
from sqlalchemy import event

from anklet.bootstrap import SystemClock
from anklet.domain.program import SessionKind
from anklet.services.kept import rebuild_state
from anklet.services.plans import day_view
from anklet.services.situation import contact_ids
from anklet.services.training import LogRequest, log_session
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.storage.unit_of_work import SqlUnitOfWork

WARM_UP = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="days of history seeded")
    parser.add_argument("--requests", type=int, default=200, help="timed logs")
    parser.add_argument("--list", action="store_true", help="print one log's statements")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="anklet-log-service-"))
    engine = make_engine(f"sqlite:///{folder / 'log.db'}")
    ensure_schema(engine)
    uow = SqlUnitOfWork(engine)
    clock = StepClock(SystemClock().today())
    seed(uow, clock.today(), options.days)
    rebuild_state(uow=uow, handle=HANDLE, clock=clock, contact_ids=contact_ids(CATALOGUE))
    read: dict[str, Any] = {"catalogue": CATALOGUE, "norm_table": NORMS}
    planned = day_view(uow=uow, handle=HANDLE, day=clock.day, clock=clock, **read)
    kinds = [s.kind for s in planned.sessions if s.kind is not SessionKind.RETEST]
    kind = next((k for k in kinds if k is not SessionKind.MOBILITY), kinds[0])
    request = LogRequest(day=clock.day, kind=kind, pain_during=2, actuals={})
    log_session(uow=uow, handle=HANDLE, request=request, clock=clock, **read)

    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    def again() -> None:
        log_session(
            uow=uow, handle=HANDLE, request=request, clock=clock, replace_existing=True, **read
        )

    gc.collect()
    gc.freeze()  # as web.app.tune_for_serving does before the first request
    for _ in range(WARM_UP):
        again()
    event.listen(engine, "before_cursor_execute", count)
    cpu_ms = []
    for _ in range(options.requests):
        began = time.process_time()
        again()
        cpu_ms.append((time.process_time() - began) * 1000)
    per_log = len(seen) / options.requests
    print(
        f"{options.days} days, {kind.value} log of today replaced {options.requests} times: "
        f"CPU p50 {statistics.median(cpu_ms):.2f} ms, "
        f"p99 {statistics.quantiles(cpu_ms, n=100)[98]:.2f} ms, {per_log:.1f} statements a log"
    )
    if options.list:
        seen.clear()
        again()
        for statement in seen:
            print(f"  {statement[:150]}")
    engine.dispose()


if __name__ == "__main__":
    main()
