"""Throughput under load (issue 14, Speed): wrk with 8 connections against the app serving one
athlete with a year of history on SQLite, and in the same run the app's own floor, a route
that reads no database, so each figure is read as a share of what this app can serve at all.

Seeds the year through the public use cases (bench/web_load.py's seed_year: 520 session logs,
365 mornings, 27 tests, five 12-week plans), serves the app with uvicorn on 127.0.0.1 as
`anklet serve` does (web.app.tune_for_serving), then runs wrk for each route in turn:

    floor    GET  /manifest.webmanifest                 reads no database
    today    GET  /api/v1/athletes/year/today           the day view (API)
    page     GET  /athletes/year/today                  the day view (page)
    log      POST /api/v1/athletes/year/session-logs    today's log, replaced
    log (yesterday)  the same for yesterday's log (--yesterday): from a checkpoint

The history does not move during a wrk run (a clock cannot), so every log replaces the same
day's. Today's is the last day of the history, so the kept run before that day walks on over
it (services.engine.keep_up, `changed_on`): what fixing today's log costs. Yesterday's, with
this morning's check-in after it, walks on from the newest checkpoint before yesterday (at
most a week and a day; it replayed the whole year before migration 0018). The daily write
that walks one event is timed by bench/history_length.py.

Beside each route's throughput, the server's CPU time per request (this process's, as the
server runs in a thread of it) and the floor's CPU per request over it: the share the route
would have if the server were the only work on the machine.

Needs wrk on the PATH (Debian: `apt-get install wrk`).

Usage: python bench/wrk_load.py [--connections 8] [--threads 2] [--seconds 10] [--yesterday]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import uvicorn

sys.path.insert(0, str(Path(__file__).parent))

from web_load import HANDLE, free_port, seed_year

from anklet.bootstrap import Anklet, SystemClock
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.web.app import create_app, tune_for_serving

POST_SCRIPT = """wrk.method = "POST"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, options: argparse.Namespace, script: Path | None = None) -> dict[str, float]:
    command = [
        "wrk",
        f"-t{options.threads}",
        f"-c{options.connections}",
        f"-d{options.seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    found: dict[str, float] = {"rps": float(_match(r"Requests/sec:\s+([\d.]+)", out))}
    for percent in ("50", "99"):
        value, unit = re.search(rf"\s{percent}%\s+([\d.]+)(us|ms|s)\b", out).groups()  # type: ignore[union-attr]
        found[f"p{percent}"] = float(value) * UNITS[unit]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    found["bad"] = float(bad.group(1)) if bad else 0.0
    found["total"] = float(_match(r"(\d+) requests in", out))
    return found


def _match(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    assert found is not None, f"wrk printed no {pattern!r}:\n{text}"
    return found.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument(
        "--yesterday", action="store_true", help="also replace yesterday's log (from a checkpoint)"
    )
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not on the PATH (Debian: apt-get install wrk)")
    folder = Path(tempfile.mkdtemp(prefix="anklet-wrk-"))
    settings = build_settings(db=str(folder / "year.db"))
    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    anklet = Anklet(settings=settings, engine=engine, clock=SystemClock())
    today = date.today()
    began = time.perf_counter()
    logs = seed_year(anklet, today)
    print(f"seeded a year: {logs} session logs ({time.perf_counter() - began:.1f} s)")
    port = free_port()
    app = create_app(anklet=anklet)
    tune_for_serving(app)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    logs = f"{base}/api/v1/athletes/{HANDLE}/session-logs"
    routes = [
        ("floor: GET /manifest.webmanifest", f"{base}/manifest.webmanifest", None),
        ("GET today (API)", f"{base}/api/v1/athletes/{HANDLE}/today", None),
        ("GET today (page)", f"{base}/athletes/{HANDLE}/today", None),
        ("POST today's log (replace)", logs, _log_script(folder, today, "today")),
    ]
    if options.yesterday:
        yesterday = today - timedelta(days=1)
        routes.append(
            ("POST yesterday's log (replace)", logs, _log_script(folder, yesterday, "yesterday"))
        )
    print(
        f"wrk -t{options.threads} -c{options.connections} -d{options.seconds}s, "
        "SQLite, one athlete with a year:"
    )
    floor = floor_cpu = None
    for name, url, lua in routes:
        wrk(url, replace_seconds(options, 2), lua)  # warm up: memo, plans, connections
        # The server runs in this process (wrk in its own), so this process's CPU time over
        # the run is the server's: per request, it moves far less with other work on the
        # machine than the throughput does.
        began = time.process_time()
        found = wrk(url, options, lua)
        cpu = (time.process_time() - began) * 1000 / max(found["total"], 1)
        floor, floor_cpu = floor or found["rps"], floor_cpu or cpu
        print(
            f"  {name:<34} {found['rps']:8.1f} req/s ({100 * found['rps'] / floor:5.1f} % of the "
            f"floor)  p50 {found['p50']:7.1f} ms  p99 {found['p99']:7.1f} ms  "
            f"non-2xx {found['bad']:.0f} of {found['total']:.0f}  "
            f"server CPU {cpu:5.2f} ms/request (floor/this {100 * floor_cpu / cpu:5.1f} %)"
        )
    server.should_exit = True


def _log_script(folder: Path, day: date, name: str) -> Path:
    """A wrk script that logs the day's first planned session (strength, else technique,
    else mobility), replacing the one logged before."""
    body = {"date": day.isoformat(), "pain": 2, "replace": True}
    script = folder / f"log-{name}.lua"
    script.write_text(POST_SCRIPT.format(body=json.dumps(json.dumps(body))), encoding="utf-8")
    return script


def replace_seconds(options: argparse.Namespace, seconds: int) -> argparse.Namespace:
    return argparse.Namespace(**{**vars(options), "seconds": seconds})


if __name__ == "__main__":
    main()
