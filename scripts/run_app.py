"""`make run`: the web app on the SQLite default, with a demo athlete to look at.

Creates the demo athlete the first time with `anklet demo` (screened, weeks of tests, logs and
a check-in every morning, loads that went up, one rough week paused and cleared), then serves
the app on 127.0.0.1 and prints the address. Ctrl+C stops it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PORT = os.environ.get("ANKLET_PORT", "8000")


def anklet(*args: str, quiet: bool = False) -> int:
    script = Path(sys.executable).with_name("anklet")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "anklet"]
    output = subprocess.DEVNULL if quiet else None
    return subprocess.run([*command, *args], check=False, stdout=output, stderr=output).returncode


def main() -> None:
    from anklet.settings import build_settings

    print("Database:", build_settings().database_url)
    if anklet("athlete", "show", "demo", "--json", quiet=True) != 0:
        print("Creating the demo athlete (eight weeks of history) ...")
        if anklet("demo") != 0:
            sys.exit("could not create the demo athlete; see the error above")
    print(f"Open http://127.0.0.1:{PORT}/ in a browser (API docs: /api/v1/docs).")
    sys.exit(anklet("serve", "--port", PORT))


if __name__ == "__main__":
    main()
