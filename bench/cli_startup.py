"""Start-up time of the `anklet` CLI against the floors it cannot beat.

Runs each command in turn, round after round (interleaved, so a busy moment of the machine
hits every command alike), and prints the median wall time of each and the ratios the
targets are stated in (docs/performance.md):

    anklet --help               vs  python -c "import typer"              target <= 1.3x
    anklet athlete list --json  vs  python -c "import typer, sqlalchemy"  target <= 1.3x

Usage: python bench/cli_startup.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _anklet() -> list[str]:
    script = Path(sys.executable).with_name("anklet")
    return [str(script)] if script.exists() else [sys.executable, "-m", "anklet"]


def commands() -> dict[str, list[str]]:
    python = sys.executable
    return {
        "python -c pass": [python, "-c", "pass"],
        "import typer": [python, "-c", "import typer"],
        "import typer, sqlalchemy": [python, "-c", "import typer, sqlalchemy"],
        "anklet --help": [*_anklet(), "--help"],
        "anklet athlete list --json": [*_anklet(), "athlete", "list", "--json"],
    }


def time_once(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="interleaved rounds (default 21)")
    rounds = parser.parse_args().rounds
    data_dir = Path(tempfile.mkdtemp(prefix="anklet-bench-"))
    env = os.environ | {"ANKLET_DATA_DIR": str(data_dir)}
    env.pop("ANKLET_DATABASE_URL", None)
    # Measure what a user runs: an installed package has its bytecode cached, as the floors'
    # libraries do (pip compiles them). Some sandboxes set this variable; it would make only
    # our own modules recompile on every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        todo = commands()
        # Create, migrate and populate the database first: the everyday path is measured.
        anklet = todo["anklet --help"][:-1]
        subprocess.run(
            [*anklet, "athlete", "add", "bench", "--name", "Bench"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for argv in todo.values():  # warm-up: writes bytecode, fills the OS file cache
            time_once(argv, env)
        samples: dict[str, list[float]] = {name: [] for name in todo}
        for _ in range(rounds):
            for name, argv in todo.items():
                samples[name].append(time_once(argv, env))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    median = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    print(f"median wall time over {rounds} interleaved rounds ({sys.version.split()[0]})")
    for name, ms in median.items():
        print(f"  {name:<28} {ms:7.1f} ms")
    help_ratio = median["anklet --help"] / median["import typer"]
    db_ratio = median["anklet athlete list --json"] / median["import typer, sqlalchemy"]
    print(
        f"  anklet --help / import typer                          {help_ratio:.2f}x (target 1.3x)"
    )
    print(f"  athlete list --json / import typer, sqlalchemy        {db_ratio:.2f}x (target 1.3x)")


if __name__ == "__main__":
    main()
