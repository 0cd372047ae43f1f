"""`anklet sources [ID]`: the works Anklet cites, and what the evidence labels mean."""

from typing import TYPE_CHECKING

import typer

from anklet.cli.runtime import JSON_OPTION, console, print_json, user_errors

if TYPE_CHECKING:
    from anklet.domain.bibliography import Source

SOURCE_ARGUMENT = typer.Argument(
    None,
    metavar="[ID]",
    help="A source's id (e.g. silbernagel-2007) or the short form a text cites "
    "(e.g. 'Silbernagel 2007'); without it, every source is listed.",
)


def register(app: typer.Typer) -> None:
    app.command("sources")(sources)


def sources(source_id: str | None = SOURCE_ARGUMENT, as_json: bool = JSON_OPTION) -> None:
    """List the sources Anklet cites (authors, year, title, where to find it, what Anklet
    takes from it), or show one; also explains the evidence labels [V] [S] [D] [U]."""
    from anklet.importers.bibliography import load_bibliography
    from anklet.reports.source_documents import source_as_dict, sources_as_dict
    from anklet.services.sources import list_sources, show_source

    with user_errors():
        bibliography = load_bibliography()
        if source_id is not None:
            source = show_source(bibliography=bibliography, source_id=source_id)
            if as_json:
                print_json(source_as_dict(source))
                return
            _print_source(source)
            _print_labels()
            return
        found = list_sources(bibliography=bibliography)
    if as_json:
        print_json(sources_as_dict(found))
        return
    _print_table(found)
    _print_labels()


def _print_table(found: "list[Source]") -> None:
    from rich.markup import escape
    from rich.table import Table

    out = console()
    out.print(f"[bold]Sources ({len(found)})[/bold]: cited as, how read, id, title")
    # A grid keeps each wrapped title under its own text, not under the citation.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    topic = ""
    for source in found:
        if source.topic != topic:
            topic = source.topic
            grid.add_row(f"\n[bold]{escape(topic)}[/bold]", "")
        cited = escape(f"{source.cite} [{source.read}]")
        grid.add_row(cited, f"{source.id}: {escape(source.title)}")
    out.print(grid)
    out.print("\n`anklet sources ID` shows one: its full reference, address and what Anklet uses.")


def _print_source(source: "Source") -> None:
    from rich.markup import escape

    out = console()
    out.print(f"[bold]{escape(source.cite)}[/bold] ({source.id})")
    out.print(escape(source.reference()))
    if source.address:
        out.print(escape(source.address))
    out.print(f"How it was read: {source.read_as} [{source.read}]".replace("[", r"\["))
    out.print(f"\n[bold]What Anklet takes from it[/bold]\n{escape(source.uses)}")
    if source.note:
        out.print(f"\n[bold]Note[/bold]\n{escape(source.note)}")


def _print_labels() -> None:
    from rich.markup import escape

    from anklet.domain.evidence import EVIDENCE_LABELS

    out = console()
    out.print("\n[bold]Evidence labels[/bold]")
    for label in EVIDENCE_LABELS:
        out.print(escape(f"[{label.letter}] {label.short}: {label.meaning}"))
