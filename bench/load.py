"""A load test with locust: simulated athletes use the app as they do in a day, against a
real `anklet serve`.

The mix, per simulated user (weights in brackets): read today's sessions [6], the status [3]
and the progress series [2], check in for this morning [1], and log today's session [1] (the
session today's page shows, replacing an earlier log of it; nothing is logged on a rest
day). Every answer other than the one expected is a failure, and locust exits 1 when there
was any.

Run it against a server you started, or let this script start one on a fresh SQLite file
with a demo athlete (8 weeks of history):

    python bench/load.py --users 50 --minutes 10                 # serve, seed, load, report
    python bench/load.py --users 50 --minutes 10 --db postgresql+psycopg://USER@HOST/DB
    locust -f bench/load.py --headless -u 50 -r 10 -t 10m --host http://127.0.0.1:8000

The numbers (requests per second, p50 and p99 per request kind, errors) are locust's; with
--csv PREFIX they are also written as CSV, one row per minute in PREFIX_stats_history.csv, to
see whether p99 stays where it was in the first minute.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

HANDLE = os.environ.get("ANKLET_LOAD_HANDLE", "demo")
API = f"/api/v1/athletes/{HANDLE}"


class Athlete(HttpUser):
    """One athlete's phone: mostly reading, a write now and then."""

    wait_time = between(0.5, 2.0)

    @task(6)
    def today(self) -> None:
        self.client.get(f"{API}/today", name="today")

    @task(3)
    def status(self) -> None:
        self.client.get(f"{API}/status", name="status")

    @task(2)
    def progress(self) -> None:
        self.client.get(f"{API}/progress", name="progress")

    @task(1)
    def check_in(self) -> None:
        body = {"morning_pain": 1, "stiffness": 1, "replace": True}
        self.client.post(f"{API}/check-ins", json=body, name="check-in")

    @task(1)
    def log(self) -> None:
        with self.client.get(f"{API}/today", name="today", catch_response=True) as day:
            if day.status_code != 200:
                day.failure(f"today answered {day.status_code}")
                return
            kinds = [s["kind"] for s in day.json()["sessions"] if s["kind"] != "rest"]
        if not kinds:
            return  # a rest day: nothing to log
        body: dict[str, Any] = {"session": kinds[0], "pain": 2, "replace": True}
        self.client.post(f"{API}/session-logs", json=body, name="log")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def run(
    *,
    users: int,
    seconds: int,
    db: str | None,
    csv: str | None,
    folder: Path,
) -> int:
    """Seed a demo athlete, serve, run locust headless; locust's exit code (1: any
    failure). The server's memory is printed before and after (RSS, from /proc)."""
    anklet = [sys.executable, "-m", "anklet", "--db", db or str(folder / "anklet.db")]
    env = os.environ | {"ANKLET_DATA_DIR": str(folder)}
    subprocess.run([*anklet, "demo", "--weeks", "8"], env=env, check=True, capture_output=True)
    port = _free_port()
    # One worker: more need --accounts, and then every request signs in first.
    serve = [*anklet, "serve", "--port", str(port)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    with subprocess.Popen(serve, env=env, **quiet) as server:  # type: ignore[call-overload]
        try:
            if not _wait_for(f"http://127.0.0.1:{port}/api/v1/openapi.json", 60):
                print("the server did not start", file=sys.stderr)
                return 2
            print(f"server memory before: {_rss_kib(server.pid)} KiB")
            command = [
                sys.executable,
                "-m",
                "locust",
                "-f",
                __file__,
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(1, users // 5)),
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--only-summary",
                "--stop-timeout",
                "5",
            ]
            if csv:
                command += ["--csv", csv, "--csv-full-history"]
            result = subprocess.run(command, check=False, env=env)
            print(f"server memory after: {_rss_kib(server.pid)} KiB")
            return result.returncode
        finally:
            server.terminate()
            server.communicate(timeout=20)


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--db", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--csv", default=None, help="write locust's CSV files with this prefix")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        code = run(
            users=args.users,
            seconds=int(args.minutes * 60),
            db=args.db,
            csv=args.csv,
            folder=Path(folder),
        )
    sys.exit(code)


if __name__ == "__main__":
    main()
