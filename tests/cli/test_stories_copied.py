"""The CLI tests' stories (tests.cli.conftest.Cli.start_from) are played once per test
process and copied for each test: a test must find all the story wrote, and nothing another
test wrote to its own copy."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.conftest import Cli


def test_a_story_is_played_once_and_each_copy_holds_all_of_it_alone(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    played: list[str] = []

    def story(cli: Cli) -> None:
        played.append(cli.db)
        for handle in ("pat", "quin"):
            added = cli("athlete", "add", handle, "--name", handle.title())
            assert added.exit_code == 0, added.output
        cli.joined_days_ago("pat", 30)

    name = f"copied-{uuid.uuid4().hex}"  # a story no other test has played
    first, second = Cli(str(tmp_path / "first.db")), Cli(str(tmp_path / "second.db"))
    first.start_from(name, story, tmp_path_factory)
    second.start_from(name, story, tmp_path_factory)

    assert len(played) == 1
    assert [a["handle"] for a in first.json("athlete", "list")] == ["pat", "quin"]
    assert first.json("athlete", "list") == second.json("athlete", "list")
    # The story's last write is in the copy too: pat joined 30 days before quin.
    with closing(sqlite3.connect(second.db)) as copy:
        joined = dict(copy.execute("SELECT handle, created_at FROM athletes").fetchall())
    apart = datetime.fromisoformat(joined["quin"]) - datetime.fromisoformat(joined["pat"])
    assert abs(apart - timedelta(days=30)) < timedelta(minutes=1), joined

    deleted = first("athlete", "delete", "quin", "--yes")
    assert deleted.exit_code == 0, deleted.output
    assert [a["handle"] for a in first.json("athlete", "list")] == ["pat"]
    assert [a["handle"] for a in second.json("athlete", "list")] == ["pat", "quin"]
    assert [a["handle"] for a in Cli(played[0]).json("athlete", "list")] == ["pat", "quin"]
