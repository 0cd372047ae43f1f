"""`anklet exercises ...`: the exercise catalogue (being written; see issue 3)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Browse the exercise catalogue.", no_args_is_help=True)
