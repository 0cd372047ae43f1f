"""Plans generated per second: 12-week plans for the athlete of issue 4's "Done means".

Generation is pure (no I/O), so this measures the domain alone, on one core.

Usage: python bench/plan_generation.py [--seconds S] [--weeks N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from anklet.domain.assessment import Assessment, SideResult
from anklet.domain.athlete import Athlete, Equipment, Sex, Weekday
from anklet.domain.evaluation import score_assessment
from anklet.domain.generation import generate_plan
from anklet.domain.safety import LoadingLock
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms

START = date(2026, 6, 1)


def inputs() -> dict[str, object]:
    athlete = Athlete(
        handle="bench",
        name="Bench",
        birth_year=1990,
        sex=Sex.FEMALE,
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        minutes=30,
        equipment=frozenset({Equipment.BAND, Equipment.STEP}),
    )
    assessment = Assessment(
        taken_on=START,
        left=SideResult(lunge=8.5, heel_raise_reps=18, pain=1),
        right=SideResult(lunge=11.0, heel_raise_reps=26, pain=0),
    )
    score = score_assessment(
        assessment, athlete=athlete, earlier=[], norm_table=load_heel_raise_norms()
    )
    return {
        "athlete": athlete,
        "score": score,
        "lock": LoadingLock(()),
        "catalogue": load_catalogue(),
        "start": START,
    }


def rate(weeks: int, seconds: float, given: dict[str, object]) -> float:
    count = 0
    began = time.perf_counter()
    while (elapsed := time.perf_counter() - began) < seconds:
        generate_plan(weeks=weeks, **given)  # type: ignore[arg-type]
        count += 1
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="per round (default 2)")
    parser.add_argument("--weeks", type=int, default=12, help="plan length (default 12)")
    options = parser.parse_args()
    given = inputs()
    plan = generate_plan(weeks=options.weeks, **given)  # type: ignore[arg-type]
    items = sum(len(s.items) for s in plan.sessions)
    rounds = [rate(options.weeks, options.seconds, given) for _ in range(5)]
    print(f"{options.weeks}-week plan: {len(plan.sessions)} sessions, {items} prescriptions")
    print(
        f"plans per second (median of 5 rounds of {options.seconds:g} s): "
        f"{statistics.median(rounds):,.0f}  (target 1,000)"
    )


if __name__ == "__main__":
    main()
