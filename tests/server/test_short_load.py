"""The load test, short (issue 13, load and soak): bench/load.py seeds a database, serves it
with a real `anklet serve` and runs locust headless; any failed request fails the test.

- the single-user app on SQLite: 10 simulated athletes (today, status, progress, check-ins
  and logs) for 20 seconds on one demo athlete;
- the multi-user server on PostgreSQL with two workers (`--accounts --workers 2`): 5 athlete
  accounts, each with its own demo athlete; every simulated user signs in through the form
  and then uses its own athlete only, for 15 seconds.

Bounded: each run, seeding and start-up included, must end within its deadline."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from anklet.storage.engine import make_engine
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES

ROOT = Path(__file__).resolve().parents[2]
# A bound against a hung run, not a speed test: a CI run of the whole suite on two busy cores
# took more than 90 s to seed, start two workers and load for 15 s.
DEADLINE_S = 120
SIGNED_IN_DEADLINE_S = 240  # five short histories to seed, two workers to start
SIGNED_IN_USERS = 5


def _load(tmp_path: Path, *arguments: str, deadline: int) -> dict[str, dict[str, str]]:
    """Run bench/load.py; locust's totals by request name (Aggregated: all of them)."""
    command = [sys.executable, str(ROOT / "bench" / "load.py"), *arguments]
    command += ["--csv", str(tmp_path / "load")]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=deadline, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with (tmp_path / "load_stats.csv").open() as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


def test_a_short_load_run_has_no_failed_request(tmp_path: Path) -> None:
    totals = _load(tmp_path, "--users", "10", "--minutes", str(20 / 60), deadline=DEADLINE_S)
    assert int(totals["Aggregated"]["Request Count"]) > 0
    assert int(totals["Aggregated"]["Failure Count"]) == 0


def _postgres_reachable() -> None:
    try:
        engine = make_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # any failure to reach the server
        message = f"PostgreSQL unreachable at {POSTGRES_URL}: {type(error).__name__}"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{message} (ANKLET_REQUIRE_POSTGRES=1)")
        pytest.skip(message)


def test_a_short_signed_in_load_run_on_workers_has_no_failed_request(tmp_path: Path) -> None:
    _postgres_reachable()
    totals = _load(
        tmp_path,
        "--users",
        str(SIGNED_IN_USERS),
        "--accounts",
        str(SIGNED_IN_USERS),
        "--workers",
        "2",
        "--weeks",
        "2",
        "--minutes",
        str(15 / 60),
        "--db",
        POSTGRES_URL,
        deadline=SIGNED_IN_DEADLINE_S,
    )
    assert int(totals["Aggregated"]["Failure Count"]) == 0
    # Every simulated user signed in, and then used its athlete.
    assert int(totals["sign-in"]["Request Count"]) == SIGNED_IN_USERS
    assert int(totals["today"]["Request Count"]) > SIGNED_IN_USERS
