"""`anklet today` and `anklet week` as text: one line per item (or per day), the reasons only
with --why. Imported only when a day is printed."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from anklet.domain.evidence import legend_for

if TYPE_CHECKING:
    from rich.console import Console

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_label(iso_day: str) -> str:
    """'2026-12-02' -> 'Wed 2026-12-02'."""
    return f"{WEEKDAY_NAMES[date.fromisoformat(iso_day).weekday()]} {iso_day}"


def minutes(value: float) -> str:
    return f"{value:g} min"


def count(n: int, word: str) -> str:
    """'1 set', '2 sets'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def dose(item: dict[str, Any]) -> str:
    """'2 × 10-15 reps, 1-2-1' / '1 × 60 s hold' / '1 set'."""
    amount = []
    if item["reps"] is not None:
        top = f"-{item['reps_max']}" if item["reps_max"] not in (None, item["reps"]) else ""
        amount.append(f"{item['reps']}{top} {'rep' if item['reps'] == 1 and not top else 'reps'}")
    if item["hold_s"] is not None:
        amount.append(f"{item['hold_s']} s hold")
    if item.get("distance_m") is not None:
        amount.append(f"{item['distance_m']:g} m")
    text = f"{item['sets']} × {' + '.join(amount)}" if amount else count(item["sets"], "set")
    return text + (f", tempo {item['tempo']}" if item["tempo"] else "")


def _heading(document: dict[str, Any]) -> str:
    week = f"week {document['week']}" if document["week"] else "outside the plan"
    return f"[bold]{day_label(document['date'])}[/] ({week})"


def hanging(out: Console, lead: str, text: str) -> None:
    """`lead` then `text`, the text wrapped at the console's width and indented under its
    first word, so an item that does not fit on one line still reads as one item."""
    from rich.segment import Segment, Segments
    from rich.table import Table

    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(lead, text)
    kept: list[Segment] = []
    for line in out.render_lines(grid, pad=False):
        # A table pads its cells to the column's width: no trailing spaces in what is printed.
        while line and not line[-1].text.strip():
            line.pop()
        if line:
            last = line[-1]
            line[-1] = Segment(last.text.rstrip(), last.style, last.control)
        kept += [*line, Segment.line()]
    out.print(Segments(kept), end="")


def print_day(out: Console, document: dict[str, Any], *, why: bool = False) -> None:
    out.print(_heading(document))
    for warning in document["warnings"]:
        hanging(out, "[yellow]![/] ", escape(warning["text"]))
    if not document["sessions"]:
        out.print("  Nothing planned: a rest day.")
    shown = [w["text"] for w in document["warnings"]]
    for session in document["sessions"]:
        out.print(f"[bold]{escape(session['title'])}[/] ({minutes(session['minutes'])})")
        for item in session["items"]:
            side = "" if item["side"] == "both" else f" ({item['side']})"
            load = item.get("load") or ""
            extra = f" · {load}" if load and load != "body weight" else ""
            hanging(
                out,
                "  • ",
                f"{escape(item['name'])}{side}: {escape(dose(item))} "
                f"[dim]{minutes(item['minutes'])}[/]{escape(extra)}",
            )
            if why:
                reason = item["why"]
                hanging(
                    out,
                    "      ",
                    f"{escape(reason['text'])} [dim]({escape(reason['rule'])}; "
                    f"{escape(reason['source'])})[/]",
                )
                shown.append(reason["source"])
    if legend := legend_for(shown):
        out.print(f"[dim]{escape(legend)}[/]")


def print_week(out: Console, documents: list[dict[str, Any]]) -> None:
    """One line per day; a warning every day shares is said once, above the days."""
    every_day = _shared_warnings(documents)
    for text in every_day:
        hanging(out, "[yellow]![/] ", escape(text))
    for document in documents:
        sessions = " · ".join(
            f"{escape(s['title'])} {minutes(s['minutes'])}" for s in document["sessions"]
        )
        total = sum(s["minutes"] for s in document["sessions"])
        summary = f"{sessions} [dim](total {minutes(total)})[/]" if sessions else "rest"
        hanging(out, f"{_heading(document)}: ", summary)
        for warning in document["warnings"]:
            if warning["text"] not in every_day:
                hanging(out, "  [yellow]![/] ", escape(warning["text"]))
    if legend := legend_for(every_day):
        out.print(f"[dim]{escape(legend)}[/]")


def _shared_warnings(documents: list[dict[str, Any]]) -> list[str]:
    if not documents:
        return []
    first = [w["text"] for w in documents[0]["warnings"]]
    return [t for t in first if all(t in [w["text"] for w in d["warnings"]] for d in documents)]
