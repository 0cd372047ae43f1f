"""How fast are watch files imported? Two figures (issue 11):

    decode     records decoded per second on a two-hour FIT run with one record a second
               (importers.runs.read_run: fitdecode, the checks, the per-minute summary)
    a year     300 FIT files (a run every 1.2 days, 5-21 km) imported end to end by
               `anklet import-runs` into a fresh SQLite file: wall time and the command's
               peak memory, against the same command on 30 of those files (memory flat
               means the peak does not grow with the number of files)

Both with one record a second and with a record every 4 s (about what a watch's "smart
recording" writes). The files are written by Garmin's encoder (tests/run_files.py) into a
temporary folder first; that time is not counted.

Usage: python bench/import_runs.py [--every 1,4] [--files 300]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.run_files import START, fit_run  # noqa: E402

from anklet.importers.runs import read_run  # noqa: E402

ANKLET = str(Path(sys.executable).parent / "anklet")
PACE_S_PER_KM = 330  # 5:30 /km


def decode_rate(every_s: int, repeats: int = 3) -> tuple[int, float]:
    written = fit_run(distance_m=7200 / PACE_S_PER_KM * 1000, moving_s=7200, every_s=every_s)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        read_run(written.data)
        times.append(time.perf_counter() - started)
    return written.records, written.records / statistics.median(times)


def write_year(folder: Path, files: int, every_s: int) -> int:
    records = 0
    for index in range(files):
        km = 5 + (index * 7) % 17  # 5 to 21 km
        written = fit_run(
            start=START - timedelta(days=365) + timedelta(hours=29 * index),
            distance_m=km * 1000.0,
            moving_s=float(km * PACE_S_PER_KM),
            every_s=every_s,
            serial=3_900_000_000 + index,
        )
        (folder / f"run-{index:03d}.fit").write_bytes(written.data)
        records += written.records
    return records


def import_folder(folder: Path, db: Path, count: int) -> tuple[float, float, float]:
    """Wall seconds, and the peak resident memory (MiB) of `anklet import-runs` and of its
    largest decoding worker, on the first `count` files of `folder`."""
    url = f"sqlite:///{db}"
    subprocess.run(
        [ANKLET, "--db", url, "athlete", "add", "sam", "--name", "Sam"],
        check=True,
        capture_output=True,
    )
    files = sorted(folder.glob("*.fit"))[:count]
    code = (
        "import resource, sys; from anklet.cli.app import app\n"
        "try:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, "--db", url, "import-runs", "sam", *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    assert f"{count} imported" in done.stdout, done.stdout[-500:]
    own_kib, worker_kib = map(int, done.stderr.strip().splitlines()[-1].split())
    return seconds, own_kib / 1024, worker_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", default="1,4", help="seconds between records, comma-separated")
    parser.add_argument("--files", type=int, default=300)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {resource.getpagesize()} B pages")
    for every in (int(value) for value in args.every.split(",")):
        records, rate = decode_rate(every)
        print(f"every {every} s: two-hour run, {records} records: {rate:,.0f} records/s")
        with tempfile.TemporaryDirectory() as temp:
            folder = Path(temp)
            total = write_year(folder, args.files, every)
            small = max(1, args.files // 10)
            few_s, few_mib, few_worker = import_folder(folder, folder / "few.db", small)
            year_s, year_mib, year_worker = import_folder(folder, folder / "year.db", args.files)
            print(
                f"every {every} s: {args.files} files ({total:,} records): {year_s:.1f} s, "
                f"peak {year_mib:.0f} MiB (worker {year_worker:.0f}); {small} files: "
                f"{few_s:.1f} s, peak {few_mib:.0f} MiB (worker {few_worker:.0f})"
            )


if __name__ == "__main__":
    main()
