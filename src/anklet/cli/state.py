"""`anklet state rebuild [HANDLE] [--all]`: the kept per-athlete state, rebuilt from the history."""

from typing import TYPE_CHECKING, Any

import typer

from anklet.cli.runtime import JSON_OPTION, console, open_anklet, print_json, user_errors

if TYPE_CHECKING:
    from anklet.services.kept import Rebuilt

app = typer.Typer(
    help="The state Anklet keeps per athlete on every write (stage, locks, decisions, the "
    "coach's flags), so that no page replays the history.",
    no_args_is_help=True,
)

BEFORE_WORDS = {
    "missing": "nothing was kept (a database from an older Anklet, or an import)",
    "stale": "kept for an older history",
    "different": "DIFFERED from a replay of the history; now replaced",
    "agreed": "agreed with a replay of the history",
}


@app.command("rebuild")
def rebuild(
    ctx: typer.Context,
    handle: str | None = typer.Argument(
        None, metavar="[HANDLE]", help="The athlete's handle; leave out with --all."
    ),
    every: bool = typer.Option(False, "--all", help="Rebuild every athlete's state."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Replay an athlete's whole history and keep the result; says whether what was kept
    agreed with it. Each athlete is one transaction: stopping half-way loses nothing."""
    from anklet.domain.errors import InvalidValue
    from anklet.services.athletes import list_athletes
    from anklet.services.kept import rebuild_state
    from anklet.services.situation import contact_ids

    with user_errors():
        if (handle is None) == (not every):
            raise InvalidValue("HANDLE", handle or "", "give one handle, or --all, not both")
        anklet = open_anklet(ctx)
        ids = contact_ids(anklet.catalogue)
        handles = [handle] if handle else [a.handle for a in list_athletes(uow=anklet.uow())]
        done = [
            rebuild_state(uow=anklet.uow(), handle=h, clock=anklet.clock, contact_ids=ids)
            for h in _progress(handles, quiet=as_json)
        ]
    if as_json:
        print_json({"rebuilt": [_as_dict(r) for r in done]})
        return
    from anklet.cli.day_view import count

    for found in done:
        typer.echo(
            f"{found.handle}: {count(found.decisions, 'decision')}, "
            f"{count(found.flags.count, 'flag')}; "
            f"before: {BEFORE_WORDS[found.before]}."
        )
    if not done:
        typer.echo("No athletes yet.")


def _progress(handles: list[str], *, quiet: bool) -> Any:
    if quiet or len(handles) < 2:
        return handles
    from rich.progress import track

    return track(handles, description="Rebuilding", console=console(), transient=True)


def _as_dict(found: "Rebuilt") -> dict[str, Any]:
    return {
        "handle": found.handle,
        "decisions": found.decisions,
        "flags": [{"code": f.code, "reason": f.reason} for f in found.flags.flags],
        "before": found.before,
    }
