"""`make run`: initialise the default database and walk through the CLI on a demo athlete.

Every step is a real `anklet` command, printed before it runs, so a newcomer can copy it.
Safe to run twice: the demo athlete and its tests are created only the first time.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
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
        step(
            "A demo athlete with eight weeks of history: screened (the red-flag questions come "
            "before any loading), tests, a plan, a check-in every morning, the sessions each "
            "day showed, and one rough week",
            "demo",
            "--handle",
            DEMO,
        )
        step(
            "Log today's session as prescribed, with the pain felt (a step up it earns waits "
            "for tomorrow morning's check-in)",
            "log",
            DEMO,
            "--as-prescribed",
            "--pain",
            "1",
        )
    else:
        print(f"\n(The athlete {DEMO!r} exists already; showing what is stored.)")
    step("The athlete, with the loading lock", "athlete", "show", DEMO)
    step(
        "The history of assessments: which changes are real, which are noise?", "assessments", DEMO
    )
    step("What to do today, and why (loads raised on the mornings after)", "today", DEMO)
    step("Where things stand: stages, lock, decisions, re-tests, adherence", "status", DEMO)
    step(
        "Every lock and clearance, in order: the rough week's pain 6/10 paused loading; after "
        "the red-flag questions again and a clearance, loading came back the next day",
        "locks",
        DEMO,
        "--history",
    )
    print(
        "\nNext: `anklet history demo` (every step up, hold and step back with its rule), "
        "`anklet --help`, or your own athlete with `anklet athlete add YOU --name 'Your Name'` "
        "and `anklet screen YOU`."
    )


if __name__ == "__main__":
    main()
