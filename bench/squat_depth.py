"""A squat depth saved, and the today view read just after it, on a year of history: the
service's CPU time (median) and whether the engine's state is still kept (fresh) after the
save. A depth moves the history version, so a save that did not keep the state made the
next read take the engine from a replay of the whole history, and the next write replay it.

The year is seeded once into the file given with --db (kept, as bench/route_cpu.py does;
the same seed, bench/web_load.py's seed_year). Each round saves today's depth (a new height)
and then reads today.

Usage: python bench/squat_depth.py [--db /tmp/anklet-route-cpu.db] [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from web_load import HANDLE, open_year, read_today

from anklet.services.runs import log_squat_depth


def _cpu_ms(work: Callable[[], object]) -> float:
    began = time.process_time()
    work()
    return (time.process_time() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/anklet-route-cpu.db", help="SQLite file (kept)")
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    anklet = open_year(Path(options.db))
    today = date.today()

    def read() -> object:
        return read_today(anklet, today)

    def save(height: float) -> object:
        return log_squat_depth(
            uow=anklet.uow(), handle=HANDLE, day=today, box_height_cm=height, clock=anklet.clock
        )

    read()
    saves, reads, kept = [], [], 0
    for round_ in range(options.rounds):
        height = 30.0 + round_ % 20
        saves.append(_cpu_ms(partial(save, height)))
        uow = anklet.uow()
        with uow:
            athlete = uow.athletes.by_handle(HANDLE)
            assert athlete is not None and athlete.id is not None
            kept += uow.states.is_fresh(athlete.id)
        reads.append(_cpu_ms(read))
    print(f"CPU ms (median of {options.rounds}), a year of history:")
    print(f"  save today's squat depth          {statistics.median(saves):6.2f} ms")
    print(f"  read today just after the save    {statistics.median(reads):6.2f} ms")
    print(f"  state kept after the save         {kept} of {options.rounds}")


if __name__ == "__main__":
    main()
