"""`anklet import-runs`, `anklet runs` and `anklet squat-depth`: watch files in, the running
beside the ankle results out, and the heels-down squat depth of a squat technique day."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from anklet.cli.parsing import optional_date
from anklet.cli.runtime import (
    AFTER_OPTION,
    HANDLE_ARGUMENT,
    JSON_OPTION,
    LIMIT_OPTION,
    console,
    open_anklet,
    open_reader,
    page_of,
    print_json,
    user_errors,
)

if TYPE_CHECKING:
    from rich.console import Console

    from anklet.services.runs import ImportOutcome, RunFile, RunningGuidance

PROGRESS_FROM_FILES = 5  # a progress bar for batches of this many files or more
PARALLEL_FROM_FILES = 16  # decoded in worker processes from this many files on
EXIT_SOME_REFUSED = 1  # the batch ran to its end, but some files were refused


def register(root: typer.Typer) -> None:
    root.command("import-runs")(import_runs)
    root.command("runs")(runs)
    root.command("squat-depth")(squat_depth)


def import_runs(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    paths: list[Path] = typer.Argument(
        ..., metavar="FILES...", help="FIT, TCX or GPX files, or folders holding them."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import runs from watch files: each file whole or not at all; a duplicate or a bad file
    is reported and the batch goes on. Exit code 1 when a file was refused."""
    from anklet.cli.files import batch_paths
    from anklet.importers.runs import run_files
    from anklet.services.runs import import_runs as run_import

    with user_errors():
        # Before the database is opened: a device, a pipe, or a batch with no file that can
        # be opened writes nothing. Any other file is the batch's, reported on its own.
        batch_paths(list(paths), "FILES", "a FIT, TCX or GPX file, or a folder of them")
        found = run_files(list(paths))
        if not found:
            from anklet.domain.errors import InvalidValue

            raise InvalidValue("FILES", " ".join(map(str, paths)), "FIT, TCX or GPX files")
        anklet = open_anklet(ctx)
        with _loaders(found) as files, _progress(len(files), quiet=as_json) as advance:
            report = run_import(
                uow=anklet.uow(),
                handle=handle,
                files=files,
                clock=anklet.clock,
                on_file=advance,
            )
    from anklet.reports.runs import import_document

    document = import_document(report)
    if as_json:
        print_json(document)
    else:
        _print_import(console(), document)
    if document["refused"]:
        raise typer.Exit(EXIT_SOME_REFUSED)


@contextmanager
def _loaders(paths: list[Path]) -> Iterator[list[RunFile]]:
    """The batch as the service reads it; from PARALLEL_FROM_FILES files on, decoded ahead in
    worker processes (importers.runs.DecodeAhead)."""
    from functools import partial

    from anklet.importers.runs import DecodeAhead, decode_workers, load_path
    from anklet.services.runs import RunFile

    workers = decode_workers()
    if len(paths) < PARALLEL_FROM_FILES or workers < 2:
        yield [RunFile(str(path), partial(load_path, path)) for path in paths]
        return
    with DecodeAhead(paths, workers) as ahead:
        yield [RunFile(str(path), partial(ahead.load, index)) for index, path in enumerate(paths)]


class _progress:
    """A Rich progress bar over the files when there are many; otherwise nothing."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self._total = total
        self._bar: Any = None
        self._show = total >= PROGRESS_FROM_FILES and not quiet

    def __enter__(self) -> Any:
        if not self._show:
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.__enter__()
        task = self._bar.add_task("Importing runs", total=self._total)

        def advance(_outcome: ImportOutcome) -> None:
            self._bar.advance(task)

        return advance

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _print_import(out: Console, document: dict[str, Any]) -> None:
    from rich.table import Table

    table = Table("file", "result", "date", "km", "steps/min", "why", title="Imported runs")
    for item in document["files"]:
        run = item["run"] or {}
        table.add_row(
            Path(item["file"]).name,
            item["outcome"],
            run.get("date", ""),
            _number(run.get("distance_km"), 2),
            _number(run.get("cadence_spm"), 0),
            item["reason"],
        )
    out.print(table)
    out.print(
        f"{document['imported']} imported, {document['duplicates']} duplicates skipped, "
        f"{document['refused']} refused."
    )


def _number(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def runs(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    when: str | None = typer.Option(
        None, "--date", metavar="YYYY-MM-DD", help="Warnings as of this day (default: today)."
    ),
    limit: int = LIMIT_OPTION,
    after: str | None = AFTER_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Weekly distance, cadence, ground contact time and balance beside the lunge, heel raise,
    LSI and squat depth; running-load warnings and the cadence cue. With --json, the runs
    come a page at a time (--limit, --after; the next page's --after on standard error)."""
    from anklet.services.cursors import run_cursor
    from anklet.services.runs import runs_view

    with user_errors():
        anklet = open_reader(ctx)
        day = optional_date("--date", when) or anklet.clock.today()
        view = runs_view(uow=anklet.uow(), handle=handle, today=day, norm_table=anklet.norm_table)
        page = page_of(view.runs, run_cursor, after, limit)
    from anklet.reports.runs import run_row, runs_document

    document = runs_document(view) | {"runs": [run_row(run) for run in page]}
    if as_json:
        print_json(document)
        return
    _print_runs(console(), document)


def _print_runs(out: Console, document: dict[str, Any]) -> None:
    """One table on one time line: each week's running and the ankle tests done that week."""
    from rich.table import Table

    table = Table(
        "week",
        "km",
        "runs",
        "steps/min",
        "contact ms",
        "balance L/R %",
        "lunge L/R",
        "heel raise L/R",
        "LSI %",
        "squat depth",
        title=f"Running beside the ankle: {document['athlete']}",
    )
    for row in timeline_rows(document):
        table.add_row(*row)
    out.print(table)
    for name in ("weekly_distance", "cadence", "ground_contact", "ankle"):
        out.print(f"[dim]{document['captions'][name]}[/dim]")
    print_guidance(out, document, document["athlete"])


def timeline_rows(document: dict[str, Any]) -> list[tuple[str, ...]]:
    """Rows by Monday: weeks with runs, tests or squat depths."""
    from datetime import date, timedelta

    def monday(text: str) -> str:
        day = date.fromisoformat(text)
        return (day - timedelta(days=day.weekday())).isoformat()

    weeks: dict[str, dict[str, str]] = {}
    for row in document["weekly"]:
        balance = row["gct_balance_left_percent"]
        weeks.setdefault(row["week"], {}).update(
            {
                "km": _number(row["distance_km"], 1),
                "runs": str(row["runs"]),
                "cadence": _number(row["cadence_spm"], 0),
                "gct": _number(row["ground_contact_ms"], 0),
                "balance": "" if balance is None else f"{balance:.1f}/{100 - balance:.1f}",
            }
        )
    for key, series, field in (("lunge", "lunge", "value"), ("heel", "heel_raise", "reps")):
        for row in document[series]:
            cell = weeks.setdefault(monday(row["date"]), {})
            sides = cell.setdefault(f"_{key}", "")
            cell[f"_{key}"] = f"{sides}{row['side'][0].upper()} {row[field]:g} "
    for row in document["heel_raise_lsi"]:
        weeks.setdefault(monday(row["date"]), {})["lsi"] = _number(row["lsi_percent"], 0)
    for row in document["squat_depth"]:
        weeks.setdefault(monday(row["date"]), {})["squat"] = row["depth"]
    return [
        (
            week,
            cells.get("km", ""),
            cells.get("runs", ""),
            cells.get("cadence", ""),
            cells.get("gct", ""),
            cells.get("balance", ""),
            cells.get("_lunge", "").strip(),
            cells.get("_heel", "").strip(),
            cells.get("lsi", ""),
            cells.get("squat", ""),
        )
        for week, cells in sorted(weeks.items())
    ]


def running_document(
    guidance: RunningGuidance, day_document: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The running-load warnings and cadence cue (read with the status or the day, in its
    transaction), for status; with the day's document (today), what its technique session
    adds as well."""
    from anklet.reports.runs import day_running_document, guidance_document

    if day_document is None:
        return guidance_document(guidance)
    return day_running_document(guidance, day_document)


def print_guidance(out: Console, document: dict[str, Any], handle: str = "HANDLE") -> None:
    """The running-load warnings and the cadence cue (status and today print them too); on
    a day, the cue only when its technique session is a running one."""
    from rich.markup import escape

    for warning in document["warnings"]:
        out.print(
            "[bold yellow]Running load:[/bold yellow] "
            + escape(f"{warning['reason']} [{warning['rule']}; {warning['source']}]")
        )
    technique = document.get("technique")
    cue = document["cadence_cue"] if technique is None else technique["cadence_cue"]
    if cue is not None:
        out.print("Cadence cue: " + escape(f"{cue['reason']} [{cue['rule']}; {cue['source']}]"))
    if technique is not None and technique["log_squat_depth"]:
        out.print(
            "Squat depth: after the drills, log the lowest box you reach with both heels "
            f"down: anklet squat-depth {handle} CM (or full)."
        )


def squat_depth(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    depth: str = typer.Argument(
        ..., metavar="DEPTH", help='The lowest box reached with heels down, in cm, or "full".'
    ),
    when: str | None = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Default: today."),
    if_version: int | None = typer.Option(
        None,
        "--if-version",
        metavar="N",
        min=0,
        help="Save only if the day's stored depth is still at version N (0: none stored; "
        "`--json` shows it): one saved elsewhere meanwhile is refused and nothing is written.",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Log the heels-down squat depth of a squat technique day (replaces that day's)."""
    from anklet.domain.squat_depth import parse_depth
    from anklet.services.runs import log_squat_depth

    with user_errors():
        height = parse_depth(depth)
        anklet = open_anklet(ctx)
        day = optional_date("--date", when) or anklet.clock.today()
        stored = log_squat_depth(
            uow=anklet.uow(),
            handle=handle,
            day=day,
            box_height_cm=height,
            clock=anklet.clock,
            expected_version=if_version,
        )
    from anklet.reports.runs import squat_depth_row

    row = squat_depth_row(stored)
    if as_json:
        print_json(row)
    else:
        typer.echo(f"Squat depth on {row['date']}: {row['depth']} (version {row['version']}).")
