"""CLI tests drive the real Typer app against a real SQLite file (and PostgreSQL in places)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
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

    def start_from(
        self, name: str, story: Callable[[Cli], object], folder: pytest.TempPathFactory
    ) -> None:
        """The database as the commands of `story` leave it: played once per test process
        and copied for each test (a story of a few commands, the first of which migrates a
        new file, took half a second a test; a copy a few milliseconds). SQLite's own backup
        copies it, write-ahead log included; the story's checks ran when it was played."""
        played = _STORIES.get(name)
        if played is None:
            played = folder.mktemp(f"story-{name}") / "anklet.db"
            story(Cli(str(played)))
            _STORIES[name] = played
        with closing(sqlite3.connect(played)) as source, closing(sqlite3.connect(self.db)) as copy:
            source.backup(copy)


# Story name -> its played database, for the test process (each xdist worker has its own).
_STORIES: dict[str, Path] = {}


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(str(tmp_path / "anklet.db"))


def _add_sam(cli: Cli) -> None:
    result = cli("athlete", "add", "sam", "--name", "Sam", "--birth-year", "1990", "--sex", "male")
    assert result.exit_code == 0, result.output
    cli.joined_days_ago("sam", 90)


@pytest.fixture
def sam(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> str:
    cli.start_from("cli-sam", _add_sam, tmp_path_factory)
    return "sam"
