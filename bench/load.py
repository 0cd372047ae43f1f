"""A load test with locust: simulated athletes use the app as they do in a day, against a
real `anklet serve`.

The mix, per simulated user (weights in brackets): read today's sessions [6], the status [3]
and the progress series [2], check in for this morning [1], and log today's session [1] (the
session today's page shows, replacing an earlier log of it; nothing is logged on a rest
day). Every answer other than the one expected is a failure, and locust exits 1 when there
was any.

Two servers:

- the single-user app (the default): one `anklet serve` process, every simulated user is the
  one demo athlete;
- with `--accounts N`, the multi-user server (`anklet serve --accounts --workers W`): N
  athlete accounts, each with its own demo athlete, made through the services as a server's
  admin would (an invitation each, accepted, the record made by the account itself); each
  simulated user signs in through the sign-in form (one account per user, taken in turn)
  and then acts on its own athlete only, with the session cookie.

Run it against a server you started, or let this script serve a fresh database: a SQLite
file in a temporary folder, or a private schema of a PostgreSQL database (dropped after):

    python bench/load.py --users 50 --minutes 10                 # serve, seed, load, report
    python bench/load.py --users 50 --minutes 10 --accounts 50 --workers 2 \\
        --db postgresql+psycopg://USER@HOST/DB
    locust -f bench/load.py --headless -u 50 -r 10 -t 10m --host http://127.0.0.1:8000

The report: locust's summary (requests per second, p50 and p99 per request kind, errors),
then a table per minute of the run (requests, throughput, p50, p99 and errors of that
minute, the server's resident memory at its end, summed over the worker processes, and the
machine's load average), to see whether p99 and memory stay where they were in the first
minute. With --csv PREFIX locust's CSV files are written too.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import math
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.exception import StopUser

HANDLE = os.environ.get("ANKLET_LOAD_HANDLE", "demo")
# Set by run() for the locust process: the number of accounts to sign in with (0: the
# single-user app) and where to write the per-minute figures.
ACCOUNTS = int(os.environ.get("ANKLET_LOAD_ACCOUNTS", "0"))
MINUTES_FILE = os.environ.get("ANKLET_LOAD_MINUTES_FILE", "")
_LAST_MINUTE = max(0, math.ceil(float(os.environ.get("ANKLET_LOAD_SECONDS", "60")) / 60) - 1)
PASSWORD = "load test password"  # 12 characters or more, as for any account
ADMIN_EMAIL = "admin@load.test"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
SESSION_COOKIE = "anklet_session"
_seats = itertools.count()  # the next simulated user's account (users are greenlets)


def athlete_email(seat: int) -> str:
    return f"athlete{seat}@load.test"


def athlete_handle(seat: int) -> str:
    return f"load{seat}"


class Athlete(HttpUser):
    """One athlete's phone: mostly reading, a write now and then."""

    wait_time = between(0.5, 2.0)
    api = f"/api/v1/athletes/{HANDLE}"

    def on_start(self) -> None:
        if ACCOUNTS:
            seat = next(_seats) % ACCOUNTS
            self.api = f"/api/v1/athletes/{athlete_handle(seat)}"
            self.sign_in(athlete_email(seat))

    def sign_in(self, email: str) -> None:
        """As a person does: the sign-in page (its CSRF token), then the form."""
        with self.client.get("/login", name="sign-in page", catch_response=True) as page:
            found = CSRF_FIELD.search(page.text or "")
            if page.status_code != 200 or found is None:
                page.failure(f"the sign-in page answered {page.status_code}")
                raise StopUser
        form = {"email": email, "password": PASSWORD, "csrf_token": found[1], "next": "/"}
        with self.client.post(
            "/login", data=form, name="sign-in", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 303 or SESSION_COOKIE not in self.client.cookies:
                answer.failure(f"signing in answered {answer.status_code}")
                raise StopUser

    @task(6)
    def today(self) -> None:
        self.client.get(f"{self.api}/today", name="today")

    @task(3)
    def status(self) -> None:
        self.client.get(f"{self.api}/status", name="status")

    @task(2)
    def progress(self) -> None:
        self.client.get(f"{self.api}/progress", name="progress")

    @task(1)
    def check_in(self) -> None:
        body = {"morning_pain": 1, "stiffness": 1, "replace": True}
        self.client.post(f"{self.api}/check-ins", json=body, name="check-in")

    @task(1)
    def log(self) -> None:
        with self.client.get(f"{self.api}/today", name="today", catch_response=True) as day:
            if day.status_code != 200:
                day.failure(f"today answered {day.status_code}")
                return
            kinds = [s["kind"] for s in day.json()["sessions"] if s["kind"] != "rest"]
        if not kinds:
            return  # a rest day: nothing to log
        body: dict[str, Any] = {"session": kinds[0], "pain": 2, "replace": True}
        self.client.post(f"{self.api}/session-logs", json=body, name="log")


# Every request's time, by minute of the run, for the per-minute table (locust's own history
# gives percentiles over a sliding 10-second window only).
_by_minute: dict[int, list[float]] = {}
_errors_by_minute: dict[int, int] = {}
_started = [time.monotonic()]


@events.test_start.add_listener
def _on_start(**_: Any) -> None:
    _started[0] = time.monotonic()


@events.request.add_listener
def _on_request(response_time: float, exception: BaseException | None, **_: Any) -> None:
    # The answers that arrive while the users stop belong to the last minute of the run.
    minute = min(int((time.monotonic() - _started[0]) // 60), _LAST_MINUTE)
    _by_minute.setdefault(minute, []).append(response_time)
    if exception is not None:
        _errors_by_minute[minute] = _errors_by_minute.get(minute, 0) + 1


@events.quitting.add_listener
def _on_quit(**_: Any) -> None:
    if not MINUTES_FILE:
        return
    lines = ["minute,requests,p50_ms,p99_ms,errors"]
    for minute, times in sorted(_by_minute.items()):
        ordered = sorted(times)
        lines.append(
            f"{minute + 1},{len(ordered)},{_percentile(ordered, 50):.0f},"
            f"{_percentile(ordered, 99):.0f},{_errors_by_minute.get(minute, 0)}"
        )
    Path(MINUTES_FILE).write_text("\n".join(lines) + "\n")


def _percentile(ordered: list[float], percent: float) -> float:
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered)) - 1))
    return ordered[rank]


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


@contextlib.contextmanager
def _private_schema(url: str) -> Iterator[str]:
    """A PostgreSQL URL whose search path is a new schema of its own, dropped after: the run
    starts on an empty database and leaves nothing behind."""
    from sqlalchemy import text

    from anklet.storage.engine import make_engine

    schema = f"anklet_load_{uuid.uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        separator = "&" if "?" in url else "?"
        yield f"{url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def seed_accounts(db: str, count: int, weeks: int) -> None:
    """An admin, then `count` athlete accounts, each invited by the admin, joined, and with
    a demo history on a record the account made itself (so it owns it)."""
    from anklet.bootstrap import open_anklet
    from anklet.domain.accounts import Role
    from anklet.domain.athlete import Athlete as AthleteRecord
    from anklet.services.accounts import (
        accept_invitation,
        add_athlete_for,
        admin_by_email,
        create_admin,
        invite,
        session_principal,
    )
    from anklet.services.demo import seed_demo
    from anklet.services.ports import Clock

    anklet = open_anklet(db=db)
    accounts, clock, passwords = anklet.accounts_uow, anklet.clock, anklet.passwords
    create_admin(
        uow=accounts(),
        clock=clock,
        passwords=passwords,
        email=ADMIN_EMAIL,
        name="Load Admin",
        password=PASSWORD,
    )
    admin = admin_by_email(uow=accounts(), email=ADMIN_EMAIL)
    for seat in range(count):
        link = invite(uow=accounts(), clock=clock, inviter=admin, role=Role.ATHLETE)
        _, session = accept_invitation(
            uow=accounts(),
            clock=clock,
            passwords=passwords,
            secret=link.secret,
            email=athlete_email(seat),
            name=f"Load Athlete {seat}",
            password=PASSWORD,
        )
        principal = session_principal(uow=accounts(), clock=clock, secret=session)
        assert principal is not None

        def make_record(record: AthleteRecord, on: Clock, principal: Any = principal) -> None:
            add_athlete_for(uow=accounts(), clock=on, principal=principal, athlete=record)

        seed_demo(
            uow=anklet.uow(),
            handle=athlete_handle(seat),
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
            clock=clock,
            weeks=weeks,
            make_record=make_record,
        )
    anklet.engine.dispose()


def run(
    *,
    users: int,
    seconds: int,
    db: str | None,
    csv: str | None,
    folder: Path,
    accounts: int = 0,
    workers: int = 1,
    weeks: int = 8,
) -> int:
    """Seed, serve, run locust headless; locust's exit code (1: any failure). The server's
    memory is printed before, every minute and after (RSS from /proc, with its workers)."""
    anklet = [sys.executable, "-m", "anklet", "--db", db or str(folder / "anklet.db")]
    env = os.environ | {"ANKLET_DATA_DIR": str(folder)}
    seeding = time.monotonic()
    if accounts:
        seed_accounts(db or str(folder / "anklet.db"), accounts, weeks)
    else:
        demo = [*anklet, "demo", "--weeks", str(weeks)]
        subprocess.run(demo, env=env, check=True, capture_output=True)
    print(f"seeded in {time.monotonic() - seeding:.0f} s", flush=True)
    port = _free_port()
    serve = [*anklet, "serve", "--port", str(port)]
    if accounts:
        serve += ["--accounts", "--workers", str(workers)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    minutes_file = folder / "minutes.csv"
    locust_env = env | {
        "ANKLET_LOAD_ACCOUNTS": str(accounts),
        "ANKLET_LOAD_MINUTES_FILE": str(minutes_file),
        "ANKLET_LOAD_SECONDS": str(seconds),
    }
    with subprocess.Popen(serve, env=env, **quiet) as server:  # type: ignore[call-overload]
        try:
            if not _wait_for(f"http://127.0.0.1:{port}/api/v1/openapi.json", 60):
                print("the server did not start", file=sys.stderr)
                return 2
            time.sleep(1 if workers == 1 else 3)  # every worker up before memory is read
            print(f"server memory before: {_tree_rss_kib(server.pid)} KiB", flush=True)
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
            sampler = _Sampler(server.pid, 60)
            sampler.start()
            result = subprocess.run(command, check=False, env=locust_env)
            sampler.stop()
            print(f"server memory after: {_tree_rss_kib(server.pid)} KiB")
            _print_minutes(minutes_file, sampler.samples, seconds)
            return result.returncode
        finally:
            server.terminate()
            server.communicate(timeout=30)


def _print_minutes(
    minutes_file: Path, samples: list[tuple[float, int, float]], seconds: int
) -> None:
    if not minutes_file.exists():
        return
    print("| minute | requests | req/s | p50 ms | p99 ms | errors | server RSS MiB | load |")
    print("|---|---|---|---|---|---|---|---|")
    rows = minutes_file.read_text().splitlines()[1:]
    for row in rows:
        minute, count, p50, p99, errors = row.split(",")
        index = int(minute) - 1
        rss, load = ("", "")
        if index < len(samples):
            rss, load = f"{samples[index][1] / 1024:.0f}", f"{samples[index][2]:.1f}"
        rate = int(count) / max(1, min(60, seconds - 60 * index))  # the last may be short
        print(f"| {minute} | {count} | {rate:.1f} | {p50} | {p99} | {errors} | {rss} | {load} |")


class _Sampler(threading.Thread):
    """The server's resident memory (and the machine's load average) every minute, to see
    whether it levels off rather than only where it ended."""

    def __init__(self, pid: int, every: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, int, float]] = []
        self._done = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self._done.wait(self.every):
            at = time.monotonic() - start
            self.samples.append((at, _tree_rss_kib(self.pid), os.getloadavg()[0]))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree_rss_kib(pid: int) -> int:
    """The resident memory of the process and every process under it (the workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    family, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return sum(_rss_kib(member) for member in family)


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
    parser.add_argument(
        "--db", default=None, help="default: a fresh SQLite file; a PostgreSQL URL: a new schema"
    )
    parser.add_argument("--csv", default=None, help="write locust's CSV files with this prefix")
    parser.add_argument(
        "--accounts", type=int, default=0, help="the multi-user server with this many athletes"
    )
    parser.add_argument("--workers", type=int, default=1, help="worker processes (--accounts)")
    parser.add_argument("--weeks", type=int, default=8, help="weeks of each demo history")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        db = args.db
        if db and db.startswith("postgresql"):
            db = stack.enter_context(_private_schema(db))
        code = run(
            users=args.users,
            seconds=int(args.minutes * 60),
            db=db,
            csv=args.csv,
            folder=Path(folder),
            accounts=args.accounts,
            workers=args.workers,
            weeks=args.weeks,
        )
    sys.exit(code)


if __name__ == "__main__":
    main()
