"""Your data as a whole: `anklet export --format json|csv|fhir`, `anklet import`,
`anklet athlete delete`, `anklet backup` and `anklet restore` (docs/data.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from anklet.cli.runtime import (
    HANDLE_ARGUMENT,
    JSON_OPTION,
    open_anklet,
    open_reader,
    print_json,
    user_errors,
)

if TYPE_CHECKING:
    from anklet.bootstrap import Anklet

DATA_FORMATS = ("json", "csv", "fhir")


def register(root: typer.Typer, athletes: typer.Typer) -> None:
    root.command("import")(import_file)
    root.command("backup")(backup)
    root.command("restore")(restore)
    athletes.command("delete")(delete)


def export_data(ctx: typer.Context, handle: str, fmt: str, target: Path) -> None:
    """Write the athlete's data (json, csv) or clinical record (fhir) to `target`, whole."""
    from anklet.cli.files import write_whole

    with user_errors():
        anklet = open_reader(ctx)
        data, what = _export_bytes(anklet, handle, fmt)
        write_whole(target, data)
    typer.echo(f"Wrote {what} to {target}.")


def _export_bytes(anklet: Anklet, handle: str, fmt: str) -> tuple[bytes, str]:
    from anklet.reports.archive_file import archive_csv_zip, archive_json
    from anklet.services.data_transfer import export_athlete, fhir_record
    from anklet.storage.archive import document_schema

    if fmt == "fhir":
        from anklet.reports.fhir import bundle_json

        record = fhir_record(uow=anklet.uow(), handle=handle)
        bundle = bundle_json(record, generated_at=anklet.clock.now())
        return bundle, f"a FHIR R4 bundle of {len(record.assessments)} assessments"
    document = export_athlete(uow=anklet.uow(), handle=handle)
    rows = sum(len(rows) for rows in document["tables"].values())
    if fmt == "csv":
        return archive_csv_zip(document, schema=document_schema()), f"{rows} rows as CSV"
    return archive_json(document), f"{rows} rows as JSON"


def import_file(
    ctx: typer.Context,
    file: str = typer.Argument(..., metavar="FILE", help="An export: JSON, or a zip of CSV."),
    handle: str | None = typer.Option(
        None, "--handle", metavar="HANDLE", help="Import under this handle instead of the file's."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import an athlete exported by `anklet export --format json|csv`: all of it or nothing.

    A file of a newer format version, or one that does not check, is refused and nothing is
    written. When the file's handle is taken, choose another with --handle.
    """
    from anklet.cli.files import read_input
    from anklet.domain.limits import MAX_ARCHIVE_BYTES
    from anklet.importers.archive_file import read_archive
    from anklet.services.data_transfer import import_athlete
    from anklet.storage.archive import document_schema

    with user_errors():
        # The whole file is checked before the database is opened: a bad one writes nothing.
        data = read_input(file, "FILE", MAX_ARCHIVE_BYTES)
        document = read_archive(data, schema=document_schema(), where=f"FILE {file}")
        anklet = open_anklet(ctx)
        outcome = import_athlete(
            uow=anklet.uow(),
            document=document,
            handle=handle,
            clock=anklet.clock,
            catalogue=anklet.catalogue,
            norm_table=anklet.norm_table,
        )
    if as_json:
        print_json({"athlete": outcome.handle, "rows": outcome.rows})
        return
    rows = sum(outcome.rows.values())
    typer.echo(f"Imported {outcome.handle!r}: {rows} rows.")


YES_DELETE = typer.Option(
    False, "--yes", help="Delete without asking (otherwise the handle is typed again)."
)


def delete(
    ctx: typer.Context,
    handle: str = HANDLE_ARGUMENT,
    yes: bool = YES_DELETE,
    as_json: bool = JSON_OPTION,
) -> None:
    """Delete an athlete and every row that belongs to them. There is no undo: export first.

    On a terminal you type the handle again to confirm; from a script pass --yes.
    """
    from anklet.domain.errors import InvalidValue
    from anklet.services.data_transfer import delete_athlete

    with user_errors():
        anklet = open_anklet(ctx)
        if yes:
            typed = handle
        elif sys.stdin.isatty() and sys.stdout.isatty():
            typed = typer.prompt(
                f"This deletes {handle!r} and all of their data. Type the handle to confirm",
                default="",
                show_default=False,
            )
        else:
            raise InvalidValue("confirmation", "none", "--yes, or the handle typed on a terminal")
        outcome = delete_athlete(uow=anklet.uow(), handle=handle, confirmation=typed)
    if as_json:
        print_json({"athlete": outcome.handle, "deleted": outcome.rows})
        return
    typer.echo(f"Deleted {outcome.handle!r} and {sum(outcome.rows.values()) - 1} rows of theirs.")


def backup(
    ctx: typer.Context,
    path: str = typer.Argument(..., metavar="PATH", help="The snapshot file to write."),
) -> None:
    """Copy the SQLite database to PATH, consistently, even while Anklet is running.

    For PostgreSQL use pg_dump (docs/data.md).
    """
    from anklet.services.backup import backup_database

    with user_errors():
        anklet = open_anklet(ctx)
        outcome = backup_database(anklet.backups(), Path(path).expanduser())
    typer.echo(f"Backed up {outcome.pages} pages (schema {outcome.revision}) to {outcome.path}.")


def restore(
    ctx: typer.Context,
    path: str = typer.Argument(..., metavar="PATH", help="A snapshot made by `anklet backup`."),
    yes: bool = typer.Option(False, "--yes", help="Replace the database without asking."),
) -> None:
    """Replace the SQLite database with a snapshot, after checking it.

    A snapshot of a newer schema than this Anklet knows is refused; an older one is upgraded.
    For PostgreSQL use pg_restore (docs/data.md).
    """
    from anklet.cli.asking import ask_yes_no
    from anklet.cli.files import snapshot_path
    from anklet.domain.errors import InvalidValue
    from anklet.services.backup import restore_database

    with user_errors():
        # The snapshot and the answer come before the database is opened: a bad PATH, or no
        # --yes, writes nothing (not even a new database file).
        source = snapshot_path(path)
        if not yes and not (
            sys.stdin.isatty()
            and ask_yes_no("This replaces every athlete in the database. Go on?", "go on")
        ):
            raise InvalidValue("confirmation", "none", "--yes, or yes on a terminal")
        anklet = open_anklet(ctx)
        outcome = restore_database(anklet.backups(), source)
    typer.echo(f"Restored {outcome.path} (schema {outcome.revision}).")
