"""What every command shares: the chosen database, JSON output and user-facing errors."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from anklet.domain.errors import Action, AnkletError, Hint
from anklet.domain.units import LIST_PAGE, LIST_PAGE_DEFAULT

if TYPE_CHECKING:
    from datetime import date

    from rich.console import Console

    from anklet.bootstrap import Anklet

EXIT_USER_ERROR = 2
T = TypeVar("T")

JSON_OPTION = typer.Option(False, "--json", help="Print one JSON document instead of tables.")
HANDLE_ARGUMENT = typer.Argument(..., metavar="HANDLE", help="The athlete's handle.")
# A list a page at a time (domain.paging): as the API's `limit` and `after`.
LIMIT_OPTION = typer.Option(
    LIST_PAGE_DEFAULT, "--limit", help=f"At most this many, {LIST_PAGE.describe()}."
)
AFTER_OPTION = typer.Option(
    None, "--after", metavar="CURSOR", help="Those after this one (the next page)."
)


def page_of(
    entries: Sequence[T], key: Callable[[T], str], after: str | None, limit: int
) -> tuple[T, ...]:
    """A page of `entries` (domain.paging); the next page's --after goes to standard error,
    so --json stays one document."""
    from anklet.domain.paging import page_after

    page, following = page_after(entries, key, after=after, limit=limit)
    if following is not None:
        typer.echo(f"more: the next page is --after {following}", err=True)
    return page


class CliState:
    """Options of the root command that every sub-command needs."""

    def __init__(self, db: str | None = None) -> None:
        self.db = db
        self.anklet: Anklet | None = None  # opened once per command, closed with it
        self.stand_in = False  # the empty database in memory of a reader (no file yet)


def state(ctx: typer.Context) -> CliState:
    found = ctx.find_object(CliState)
    return found if found is not None else CliState()


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn an error the user caused into a one-line message and exit code 2, never a traceback."""
    try:
        yield
    except AnkletError as error:
        hint = cli_hint(error.hint)
        typer.echo(f"error: {error}{'; ' + hint if hint else ''}", err=True)
        raise typer.Exit(EXIT_USER_ERROR) from None


def cli_hint(hint: Hint | None) -> str:
    """What to type next, for an error's interface-neutral hint."""
    if hint is None:
        return ""
    handle = hint.handle or "HANDLE"
    return {
        Action.CREATE_PLAN: f"create one with `anklet plan create {handle}`",
        Action.LIST_ATHLETES: "see `anklet athlete list`",
        Action.LIST_EXERCISES: "see `anklet exercises list`",
        Action.NEW_HANDLE: "run it again with --handle NEW-HANDLE",
        Action.REPLACE: "run it again with --replace to overwrite it",
        Action.SCREEN: f"answer the red-flag questions with `anklet screen {handle}`",
    }[hint.action]


def open_anklet(ctx: typer.Context, *, create: bool = True) -> Anklet:
    """The command's Anklet: built on first use, its connections closed when the command
    ends (a command that reads twice, as status with the runs, opens one pool).

    `create`: whether a missing SQLite file may be created. A command that only reads passes
    False (open_reader): with no file yet it reads an empty database in memory, so it gives
    the answers an empty database gives (no such athlete, no athletes yet) and leaves no
    file or folder behind."""
    from anklet.bootstrap import open_anklet as build

    found = ctx.find_object(CliState)
    if found is None:
        return _announced(build, None, create=create)
    if found.anklet is not None and create and found.stand_in:
        found.anklet.engine.dispose()  # a command that reads, then writes: the real file
        found.anklet = None
    if found.anklet is None:
        found.anklet = _announced(build, found.db, create=create)
        found.stand_in = found.anklet.settings.database_url == EMPTY_DATABASE
        ctx.call_on_close(_closer(found))
    return found.anklet


def open_reader(ctx: typer.Context) -> Anklet:
    """The Anklet of a command that only reads: its transactions open deferred
    (bootstrap.READING_ONLY, as an HTTP GET's), so on SQLite it reads beside a writer
    instead of waiting for the write lock, and never holds it."""
    from anklet.bootstrap import READING_ONLY

    token = READING_ONLY.set(True)

    def done() -> None:
        try:
            READING_ONLY.reset(token)
        except ValueError:  # closed from another context: a fresh command starts unset
            READING_ONLY.set(False)

    ctx.call_on_close(done)
    return open_anklet(ctx, create=False)


def _closer(found: CliState) -> Any:
    def close() -> None:
        if found.anklet is not None:
            found.anklet.engine.dispose()
            found.anklet = None

    return close


# What a command that only reads opens when the SQLite file does not exist yet.
EMPTY_DATABASE = "sqlite:///:memory:"


def _announced(build: Any, db: str | None, *, create: bool) -> Anklet:
    """The app over the chosen database; a new SQLite file is said to be new, so a mistyped
    --db path never looks like an empty account. A reader (`create` False) creates none: it
    reads an empty database in memory instead, and says there is no file."""
    from dataclasses import replace

    from anklet.settings import build_settings, new_sqlite_file

    settings = build_settings(db=db)
    missing = new_sqlite_file(settings.database_url)
    if missing is not None and not create:
        typer.echo(f"note: there is no database at {missing} (none was created).", err=True)
        stand_in: Anklet = build(settings=replace(settings, database_url=EMPTY_DATABASE))
        return stand_in
    anklet: Anklet = build(settings=settings)
    if missing is not None:
        typer.echo(f"note: created a new database at {missing} (there was none).", err=True)
    return anklet


def today() -> date:
    """Today as every command's Anklet tells it (`bootstrap.SystemClock`), for a default
    needed before the database is opened (the day of a session file checked first)."""
    from anklet.bootstrap import SystemClock

    return SystemClock().today()


def print_json(document: Any) -> None:
    import json

    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)
