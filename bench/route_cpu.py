"""The server's own cost of each athlete route, one request at a time: CPU time per request
(median) and SQL statements per request, through FastAPI's test client on one athlete with a
year of history on SQLite (bench/web_load.py's seed_year). Unlike wrk's throughput, this moves
little with other work on the machine, so two checkouts can be compared on a busy one.

The year is seeded once into the file given with --db (kept, so a second run or another
checkout reads the same history; delete it to seed again). Each route is warmed first (the
remembered situation, the plans), so the figures are those of the usual read; the log is
today's, replaced, as bench/wrk_load.py sends it.

Usage: python bench/route_cpu.py [--db /tmp/anklet-route-cpu.db] [--requests 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from fastapi.testclient import TestClient
from sqlalchemy import event
from web_load import HANDLE, open_year

from anklet.web.app import create_app

ATHLETE = f"/athletes/{HANDLE}"
API = f"/api/v1/athletes/{HANDLE}"
READS = [
    ("floor: GET /manifest.webmanifest", "/manifest.webmanifest"),
    ("GET today (API)", f"{API}/today"),
    ("GET today (page)", f"{ATHLETE}/today"),
    ("GET status (API)", f"{API}/status"),
    ("GET status (page)", f"{ATHLETE}/status"),
    ("GET progress (page)", f"{ATHLETE}/progress"),
]
WARM_UP = 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/anklet-route-cpu.db", help="SQLite file (kept)")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per route")
    options = parser.parse_args()
    anklet = open_year(Path(options.db))
    client = TestClient(create_app(anklet=anklet))
    statements = [0]

    def count(*_args: Any) -> None:
        statements[0] += 1

    event.listen(anklet.engine, "before_cursor_execute", count)
    log = {"date": date.today().isoformat(), "pain": 2, "replace": True}
    routes: list[tuple[str, str, dict[str, Any] | None]] = [(n, p, None) for n, p in READS]
    routes.append(("POST today's log (replace)", f"{API}/session-logs", log))
    print(f"CPU ms per request (median of {options.requests}) and statements per request:")
    for name, path, body in routes:
        for _ in range(WARM_UP):
            _send(client, path, body)
        statements[0] = 0
        cpu_ms = []
        for _ in range(options.requests):
            began = time.process_time()
            _send(client, path, body)
            cpu_ms.append((time.process_time() - began) * 1000)
        per_request = statements[0] / options.requests
        print(f"  {name:<34} {statistics.median(cpu_ms):6.2f} ms  {per_request:5.1f} statements")


def _send(client: TestClient, path: str, body: dict[str, Any] | None) -> None:
    response = client.get(path) if body is None else client.post(path, json=body)
    if response.status_code >= 300:
        raise SystemExit(f"{path}: {response.status_code} {response.text[:200]}")


if __name__ == "__main__":
    main()
