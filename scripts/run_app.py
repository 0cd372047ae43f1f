"""`make run`: the web app on the SQLite default, with two demo athletes to look at.

The first time, creates `demo` (eight weeks of the program adapting: loads that went up, a
hold for pain, a step back after a sore morning and the recovery; not locked) and
`demo-locked` (three weeks, then a painful session that locked loading: try the screening
and the clearance). Then serves the app on 127.0.0.1; `anklet serve` prints the address.
Ctrl+C stops it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PORT = os.environ.get("ANKLET_PORT", "8000")
DEMOS = (
    ("demo", ("--weeks", "8")),
    ("demo-locked", ("--story", "locked", "--weeks", "3")),
)


def anklet(*args: str, quiet: bool = False) -> int:
    script = Path(sys.executable).with_name("anklet")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "anklet"]
    output = subprocess.DEVNULL if quiet else None
    return subprocess.run([*command, *args], check=False, stdout=output, stderr=output).returncode


def main() -> None:
    from anklet.settings import build_settings

    print("Database:", build_settings().database_url)
    for handle, options in DEMOS:
        if anklet("athlete", "show", handle, "--json", quiet=True) != 0:
            print(f"Creating the demo athlete {handle} ...")
            if anklet("demo", "--handle", handle, *options) != 0:
                sys.exit(f"could not create the demo athlete {handle}; see the error above")
    sys.exit(anklet("serve", "--port", PORT))


if __name__ == "__main__":
    main()
