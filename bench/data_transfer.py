"""How long do export, import, delete and backup take, and how large is an export? The demo
athlete's history (`anklet demo`, 8 weeks by default) on SQLite and, when given, PostgreSQL
(--postgres); each step timed N times through the services (the one door of the CLI, the API
and the pages).

    export        export_athlete + the JSON bytes (docs/data.md)
    csv           the same document as a zip of CSV
    import        read_archive (JSON Schema check) + import_athlete under a new handle
    delete        delete_athlete of that copy
    backup        backup_database of the whole SQLite file (SQLite only)

Usage: python bench/data_transfer.py [--weeks W] [--repeat N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from anklet.bootstrap import SystemClock
from anklet.importers.archive_file import read_archive
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.reports.archive_file import archive_csv_zip, archive_json
from anklet.services.backup import backup_database
from anklet.services.data_transfer import delete_athlete, export_athlete, import_athlete
from anklet.services.demo import seed_demo
from anklet.storage.archive import document_schema
from anklet.storage.backup import SqliteFiles
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.storage.unit_of_work import SqlUnitOfWork

CATALOGUE = load_catalogue()
NORMS = load_heel_raise_norms()


def _ms(step: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(url: str, name: str, weeks: int, repeat: int, folder: Path) -> None:
    engine = make_engine(url)
    ensure_schema(engine)
    uow = SqlUnitOfWork(engine)
    clock = SystemClock()
    handle = f"bench-{uuid.uuid4().hex[:6]}"
    seed_demo(
        uow=uow, handle=handle, catalogue=CATALOGUE, norm_table=NORMS, clock=clock, weeks=weeks
    )
    schema = document_schema()
    data = archive_json(export_athlete(uow=uow, handle=handle))
    rows = sum(len(v) for v in export_athlete(uow=uow, handle=handle)["tables"].values())
    zipped = archive_csv_zip(export_athlete(uow=uow, handle=handle), schema=schema)
    copies = iter(f"{handle}-{n}" for n in range(10_000))

    def imported() -> str:
        copy = next(copies)
        document = read_archive(data, schema=schema)
        import_athlete(
            uow=uow,
            document=document,
            handle=copy,
            clock=clock,
            catalogue=CATALOGUE,
            norm_table=NORMS,
        )
        return copy

    export_ms = _ms(lambda: archive_json(export_athlete(uow=uow, handle=handle)), repeat)
    csv_ms = _ms(
        lambda: archive_csv_zip(export_athlete(uow=uow, handle=handle), schema=schema), repeat
    )
    import_ms = _ms(imported, repeat)
    made = [f"{handle}-{n}" for n in range(repeat)]
    remaining = iter(made)

    def deleted() -> None:
        copy = next(remaining)
        delete_athlete(uow=uow, handle=copy, confirmation=copy)

    delete_ms = _ms(deleted, repeat)
    line = (
        f"{name:10} {weeks} weeks, {rows} rows: JSON {len(data) / 1024:.0f} KiB, zip "
        f"{len(zipped) / 1024:.0f} KiB; export {export_ms:.0f} ms, csv {csv_ms:.0f} ms, "
        f"import {import_ms:.0f} ms, delete {delete_ms:.0f} ms"
    )
    if name == "sqlite":
        target = folder / "snapshot.db"
        line += (
            f", backup {_ms(lambda: backup_database(SqliteFiles(engine), target), repeat):.0f} ms"
        )
    print(line)
    delete_athlete(uow=uow, handle=handle, confirmation=handle)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--postgres", help="a PostgreSQL URL to measure as well (its schema is used)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{folder}/bench.db", "sqlite", args.weeks, args.repeat, Path(folder))
        if args.postgres:
            run(args.postgres, "postgres", args.weeks, args.repeat, Path(folder))


if __name__ == "__main__":
    main()
