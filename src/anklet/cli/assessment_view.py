"""Rich tables for assessments. Imported only when a table is printed."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

BAND_STYLE = {
    "normal": "green",
    "typical": "green",
    "mild": "yellow",
    "watch": "yellow",
    "restricted": "red",
    "below-typical": "red",
    "meaningful": "red",
    "marked": "bold red",
}


def _styled(text: str | None) -> str:
    if text is None:
        return "-"
    style = BAND_STYLE.get(text)
    return f"[{style}]{text}[/]" if style else text


CM_PER_INCH = 2.54


def _side_cells(document: dict[str, Any] | None, key: str, *, inches: bool = False) -> list[str]:
    cells = []
    for side in ("left", "right"):
        value = document.get(side) if document else None
        if value is None:
            cells.append("-")
            continue
        shown = f"{value[key]:g}"
        if inches:
            shown += f" ({value[key] / CM_PER_INCH:.1f} in)"
        cells.append(f"{shown} {_styled(value['band'])}")
    return cells


def print_assessment(out: Console, document: dict[str, Any]) -> None:
    table = Table("test", "left", "right", "between sides", title=f"Assessment {document['date']}")
    lunge = document["lunge"]
    if lunge:
        asym = lunge["asymmetry"]
        between = "-"
        if asym:
            side = f", {asym['restricted_side']} restricted" if asym["restricted_side"] else ""
            between = f"{asym['difference']:g} {lunge['unit']} {_styled(asym['class'])}{side}"
        how = ", ".join(filter(None, [lunge["unit"], lunge["device"], lunge["placement"]]))
        label = f"knee-to-wall ({how}){_only(lunge)}"
        inches = document["display_units"] == "imperial" and lunge["unit"] == "cm"
        table.add_row(label, *_side_cells(lunge, "value", inches=inches), between)
    heel = document["heel_raise"]
    if heel:
        between = "-" if heel["lsi_percent"] is None else f"LSI {heel['lsi_percent']:g} %"
        if heel["weaker_side"]:
            between += f", {heel['weaker_side']} weaker"
        label = f"heel raise (reps, {heel['protocol']}, {heel['incline_deg']}°){_only(heel)}"
        table.add_row(label, *_side_cells(heel, "reps"), between)
        table.add_row(
            "typical for you",
            f"{heel['reference']['median_reps']:g} reps",
            "",
            heel["reference"]["basis"],
        )
    out.print(table)
    _print_changes(out, document["changes"])
    for finding in document["findings"]:
        out.print(f"• {finding['message']} [dim]({finding['source']})[/]")


def _only(test: dict[str, Any]) -> str:
    """A one-sided re-test says so: the empty side was not measured, not lost."""
    side = test.get("one_side_only")
    return f"\n{side} side only" if side else ""


def _print_changes(out: Console, changes: list[dict[str, Any]]) -> None:
    if not changes:
        return
    table = Table("test", "side", "since", "change", "verdict", title="Changes")
    for change in changes:
        verdict = (
            "[green]real[/]" if change["real"] else f"within noise (< {change['threshold']:g})"
        )
        table.add_row(
            change["test"],
            change["side"],
            f"{change['since']} ({change['since_kind']})",
            f"{change['delta']:+g} {change['unit']}",
            verdict,
        )
    out.print(table)


def print_history(out: Console, handle: str, documents: list[dict[str, Any]]) -> None:
    if not documents:
        out.print(f"No assessments for {handle} yet. Record one with: anklet assess {handle}")
        return
    table = Table(title=f"Assessments of {handle}")
    for header in ("date", "side", "knee-to-wall", "heel raise", "real changes since previous"):
        table.add_column(header, no_wrap=header in {"date", "side"})
    for document in documents:
        lunge, heel = document["lunge"] or {}, document["heel_raise"] or {}
        for side in ("left", "right"):
            real = [
                f"{c['test']} {c['delta']:+g} {c['unit']}"
                for c in document["changes"]
                if c["real"] and c["since_kind"] == "previous" and c["side"] == side
            ]
            table.add_row(
                document["date"] if side == "left" else "",
                side,
                *_cell(lunge, side, "value", lunge.get("unit", ""), _only(lunge)),
                *_cell(heel, side, "reps", "reps", _only(heel)),
                ", ".join(real) or "-",
            )
        asym = lunge.get("asymmetry")
        lsi = heel.get("lsi_percent")
        table.add_row(
            "",
            "between",
            "-" if not asym else f"{asym['difference']:g} {lunge['unit']} {_styled(asym['class'])}",
            "-" if lsi is None else f"LSI {lsi:g} %",
            "",
        )
        table.add_section()
    out.print(table)


def _cell(document: dict[str, Any], side: str, key: str, unit: str, only: str = "") -> list[str]:
    value = document.get(side) if document else None
    if value is None:
        return ["-"]
    return [f"{value[key]:g} {unit} {_styled(value['band'])}{only}"]
