"""The load test, short (issue 13, load and soak): bench/load.py serves a demo athlete with
`anklet serve` on SQLite and runs locust headless with 10 simulated athletes (today, status,
progress, check-ins and logs) for 20 seconds; any failed request fails the test. Bounded:
the whole run, start-up included, must end within a minute."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_S = 60


def test_a_short_load_run_has_no_failed_request(tmp_path: Path) -> None:
    command = [
        sys.executable,
        str(ROOT / "bench" / "load.py"),
        "--users",
        "10",
        "--minutes",
        str(20 / 60),
        "--csv",
        str(tmp_path / "load"),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=DEADLINE_S, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    stats = (tmp_path / "load_stats.csv").read_text().splitlines()
    header, *rows = (line.split(",") for line in stats)
    total = dict(zip(header, rows[-1], strict=True))
    assert total["Name"] == "Aggregated" and int(total["Request Count"]) > 0
    assert int(total["Failure Count"]) == 0
