"""Rich output for `anklet status` and `anklet history`. Imported only when a table is printed."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from anklet.cli.day_view import hanging
from anklet.domain.evidence import legend_for

VERDICT_STYLE = {
    "progress": "green",
    "hold": "yellow",
    "regress": "red",
    "pause": "bold red",
    "refer": "bold red",
}
TEST_NAMES = {
    "knee-to-wall-lunge": "knee-to-wall lunge",
    "paced-single-leg-heel-raise": "paced heel raise",
}
STAGE_NAMES = {1: "range of motion", 2: "light resistance", 3: "moderate load", 4: "reactive"}


def _stage(value: int | None) -> str:
    return "-" if value is None else f"{value} ({STAGE_NAMES.get(value, '?')})"


def _percent(block: dict[str, Any]) -> str:
    if block["percent"] is None:
        return "nothing prescribed"
    return f"{block['done']}/{block['prescribed']} sessions ({block['percent']:g} %)"


def _signs(entry: dict[str, Any]) -> str:
    signs = [n for n in ("sharp_pain", "swelling", "unusual_tightness") if entry[n]]
    return ", ".join(s.replace("_", " ") for s in signs) or "-"


def print_decisions(out: Console, decisions: list[dict[str, Any]], title: str) -> None:
    """One decision per paragraph, so the rule id and the reason read in full at any width."""
    out.print(f"[bold]{title}[/]")
    for d in decisions:
        style = VERDICT_STYLE.get(d["verdict"], "")
        exercise = "whole program" if d["exercise"] == "*" else f"{d['exercise']} ({d['side']})"
        change = f" → {escape(d['change'])}" if d["change"] else ""
        out.print(
            f"{d['date']} [{style}]{d['verdict'].upper()}[/] {escape(exercise)} "
            f"[dim]\\[{d['rule']}][/]"
        )
        hanging(out, "    ", f"{escape(d['reason'])}{change} [dim]({escape(d['source'])})[/]")
    if legend := legend_for(d["source"] for d in decisions):
        out.print(f"[dim]{escape(legend)}[/]")


def print_status(out: Console, document: dict[str, Any]) -> None:
    out.print(f"[bold]Status of {document['athlete']} on {document['date']}[/]")
    out.print(
        f"Stage: left {_stage(document['stage']['left'])}, "
        f"right {_stage(document['stage']['right'])}"
        + (f" · {document['phase']}" if document["phase"] else " · no plan for today")
    )
    if document["locked"]:
        out.print(f"[bold red]Loading locked[/]: {escape(document['lock_reason'] or '')}")
    for flag in document.get("flags", []):
        hanging(out, "[bold yellow]Flag[/] ", f"{flag['code']}: {escape(flag['reason'])}")
    baseline = document["baseline"]
    out.print(
        "Morning baseline: "
        + (
            "not set yet (record `anklet checkin` each morning)"
            if baseline is None
            else f"pain {baseline['morning_pain']:g}, stiffness "
            f"{baseline['stiffness']:g} ({baseline['basis']})"
        )
    )
    adherence = document["adherence"]
    out.print(
        f"Adherence: last 7 days {_percent(adherence['last_7_days'])}; "
        f"last 28 days {_percent(adherence['last_28_days'])}"
    )
    retests = document["next_retests"]
    if retests:
        out.print(
            "Next re-tests: " + ", ".join(f"{TEST_NAMES.get(t, t)} {d}" for t, d in retests.items())
        )
    if document["decisions"]:
        print_decisions(out, document["decisions"], "Latest decisions (newest first)")
    else:
        out.print(
            "No decisions yet: log a session (anklet log) and the next morning (anklet checkin)."
        )
    for session in document["today"]:
        items = ", ".join(
            f"{i['name']}{'' if i['side'] == 'both' else ' (' + i['side'] + ')'}"
            for i in session["items"]
        )
        out.print(
            f"Today, {escape(session['title'])} ({session['minutes']:g} min): "
            f"{escape(items) or 'nothing'}"
        )


def print_history(out: Console, document: dict[str, Any]) -> None:
    table = Table(
        "date",
        "session",
        "pain",
        "items done",
        "warning signs",
        title=f"Logs of {document['athlete']}",
    )
    for log in document["logs"]:
        done = sum(1 for i in log["items"] if not i["actual"]["skipped"])
        table.add_row(
            log["date"],
            log["session"],
            f"{log['pain']}/10",
            f"{done}/{len(log['items'])}",
            _signs(log),
        )
    out.print(table)
    mornings = Table("date", "pain", "stiffness", "warning signs", title="Morning check-ins")
    for c in document["check_ins"]:
        mornings.add_row(c["date"], str(c["morning_pain"]), str(c["stiffness"]), _signs(c))
    out.print(mornings)
    print_decisions(out, document["decisions"], "Decisions")
