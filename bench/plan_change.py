"""A coach's plan change made and withdrawn, and the today view read just after each, on a
year of history: the service's CPU time (median) and whether the engine's state is still
kept (fresh) after the write. A change moves the history version, so a write that did not
keep the state made the next read take the engine from a replay of the whole history, and
the next write replay it (as bench/squat_depth.py shows for a squat depth).

The year is seeded once into the file given with --db (kept, as bench/route_cpu.py does;
the same seed, bench/web_load.py's seed_year). The seed logs without the catalogue, so its
state is kept without the plyometric exercises, which every read of the pages asks for:
such a state is rebuilt first with them (`anklet state rebuild`), as a log through the API
(bench/route_cpu.py's) keeps it, else every read replays whatever the write did. Each round
makes a change (remove an exercise for two weeks), reads today, withdraws it and reads today
again.

Usage: python bench/plan_change.py [--db /tmp/anklet-route-cpu.db] [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from web_load import HANDLE, open_year, read_today

from anklet.domain.coach_changes import ChangeKind, CoachChange
from anklet.services.kept import rebuild_state
from anklet.services.plan_changes import change_plan, withdraw_change
from anklet.services.situation import contact_ids


def _cpu_ms(work: Callable[[], object]) -> tuple[float, object]:
    began = time.process_time()
    result = work()
    return (time.process_time() - began) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/anklet-route-cpu.db", help="SQLite file (kept)")
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    anklet = open_year(Path(options.db))
    today = date.today()
    ids = contact_ids(anklet.catalogue)
    uow = anklet.uow()
    with uow:
        athlete = uow.athletes.by_handle(HANDLE)
        assert athlete is not None and athlete.id is not None
        kept = uow.states.get(athlete.id)
        rebuilt = kept is None or kept.run.contact_ids != ids
    if rebuilt:
        rebuild_state(uow=anklet.uow(), handle=HANDLE, clock=anklet.clock, contact_ids=ids)
        print("the state was rebuilt with the catalogue's plyometric exercises", flush=True)
    change = CoachChange(
        kind=ChangeKind.REMOVE,
        exercise_id=anklet.catalogue.exercises[0].id,
        first_day=today,
        last_day=today + timedelta(days=13),
        author="bench",
        made_at=anklet.clock.now(),
        reason="bench",
    )

    def read() -> object:
        return read_today(anklet, today)

    def make() -> CoachChange:
        return change_plan(
            uow=anklet.uow(),
            handle=HANDLE,
            clock=anklet.clock,
            change=change,
            catalogue=anklet.catalogue,
        )

    def withdraw(change_id: int) -> None:
        withdraw_change(uow=anklet.uow(), clock=anklet.clock, handle=HANDLE, change_id=change_id)

    def is_fresh() -> bool:
        uow = anklet.uow()
        with uow:
            athlete = uow.athletes.by_handle(HANDLE)
            assert athlete is not None and athlete.id is not None
            return uow.states.is_fresh(athlete.id)

    read()
    made, withdrawn, reads, kept = [], [], [], 0
    for _ in range(options.rounds):
        spent, stored = _cpu_ms(make)
        made.append(spent)
        kept += is_fresh()
        reads.append(_cpu_ms(read)[0])
        assert isinstance(stored, CoachChange) and stored.id is not None
        withdrawn.append(_cpu_ms(partial(withdraw, stored.id))[0])
        kept += is_fresh()
        reads.append(_cpu_ms(read)[0])
    writes = 2 * options.rounds
    print(f"CPU ms (median of {options.rounds} rounds), a year of history:")
    print(f"  make a plan change                {statistics.median(made):6.2f} ms")
    print(f"  withdraw it                       {statistics.median(withdrawn):6.2f} ms")
    print(f"  read today just after either      {statistics.median(reads):6.2f} ms")
    print(f"  state kept after the write        {kept} of {writes}")


if __name__ == "__main__":
    main()
