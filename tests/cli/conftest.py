"""CLI tests drive the real Typer app against a real SQLite file (and PostgreSQL in places)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from typer.testing import CliRunner, Result

from anklet.cli.app import app
from anklet.storage.engine import make_engine
from anklet.storage.tables import athletes


class Cli:
    """`anklet --db <file> ...` through Typer's runner, with the JSON already parsed."""

    def __init__(self, db: str) -> None:
        self.db = db
        # Output is rendered as on an 80-column terminal whatever the developer's COLUMNS.
        self.runner = CliRunner(env={"COLUMNS": "80"})

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(app, ["--db", self.db, *args], input=input)

    def json(self, *args: str) -> Any:
        result = self(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def joined_days_ago(self, handle: str, days: int) -> None:
        """The athlete was added `days` ago (the CLI runs on the real clock): the back-dated
        tests and mornings of a story then need no --yes."""
        added = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=days)
        engine = make_engine(f"sqlite:///{self.db}")
        with engine.begin() as connection:
            connection.execute(
                update(athletes).where(athletes.c.handle == handle).values(created_at=added)
            )
        engine.dispose()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(str(tmp_path / "anklet.db"))


@pytest.fixture
def sam(cli: Cli) -> str:
    result = cli("athlete", "add", "sam", "--name", "Sam", "--birth-year", "1990", "--sex", "male")
    assert result.exit_code == 0, result.output
    cli.joined_days_ago("sam", 90)
    return "sam"
