"""`make run`: initialise the default database and walk through the CLI on a demo athlete.

Every step is a real `anklet` command, printed before it runs, so a newcomer can copy it.
Safe to run twice: the demo athlete and its tests are created only the first time.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

DEMO = "demo"


def anklet_command() -> list[str]:
    script = Path(sys.executable).with_name("anklet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "anklet"]


def step(title: str, *args: str, check: bool = True) -> int:
    print(f"\n== {title}\n$ anklet {shlex.join(args)}", flush=True)
    result = subprocess.run([*anklet_command(), *args], check=False)
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def main() -> None:
    from anklet.settings import build_settings

    print("Anklet walkthrough. Database:", build_settings().database_url)
    exists = (
        subprocess.run(
            [*anklet_command(), "athlete", "show", DEMO, "--json"], capture_output=True, check=False
        ).returncode
        == 0
    )
    if not exists:
        today = date.today()
        two_weeks_ago = (today - timedelta(days=14)).isoformat()
        step(
            "Add an athlete",
            "athlete",
            "add",
            DEMO,
            "--name",
            "Demo Runner",
            "--birth-year",
            "1990",
            "--sex",
            "female",
            "--goal",
            "both",
            "--days",
            "mon,wed,fri",
            "--minutes",
            "30",
            "--equipment",
            "band,step,wall",
        )
        step("Answer the ten red-flag questions (here: no to all)", "screen", DEMO, "--none")
        step(
            "First assessment: knee-to-wall lunge and paced heel raise",
            "assess",
            DEMO,
            "--date",
            two_weeks_ago,
            "--lunge-left",
            "8.5",
            "--lunge-right",
            "11.0",
            "--heel-raise-left",
            "18",
            "--heel-raise-right",
            "26",
            "--pain-left",
            "2",
        )
        step(
            "Re-test two weeks later: which changes are real, which are noise?",
            "assess",
            DEMO,
            "--lunge-left",
            "10.6",
            "--lunge-right",
            "11.3",
            "--heel-raise-left",
            "25",
            "--heel-raise-right",
            "27",
        )
        step(
            "A plan from the latest tests, red flags, days and equipment",
            "plan",
            "create",
            DEMO,
            "--weeks",
            "8",
        )
        step(
            "This morning's check-in (it also sets your baseline)",
            "checkin",
            DEMO,
            "--morning-pain",
            "1",
            "--stiffness",
            "2",
        )
        step(
            "Log today's session as prescribed, with the pain felt",
            "log",
            DEMO,
            "--as-prescribed",
            "--pain",
            "1",
        )
    else:
        print(f"\n(The athlete {DEMO!r} exists already; showing what is stored.)")
    step("The athlete, with the loading lock", "athlete", "show", DEMO)
    step("The history of assessments", "assessments", DEMO)
    step("What to do today, and why", "today", DEMO)
    step("Where things stand: stages, lock, decisions, re-tests, adherence", "status", DEMO)
    step("Every lock and clearance, in order: who cleared, which locks", "locks", DEMO, "--history")
    print(
        "\nNext: `anklet --help`, `anklet assess demo --json`, or your own athlete with "
        "`anklet athlete add YOU --name 'Your Name'`."
    )


if __name__ == "__main__":
    main()
