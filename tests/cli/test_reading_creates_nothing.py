"""A command that only reads never creates a database: on a fresh machine (no anklet.db in the
data folder yet) it answers as an empty database answers (no such athlete, exit 2; no
athletes yet, exit 0), says there is no file, and leaves no file or folder behind. A command
that writes still creates the database, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import Result

from anklet.bootstrap import open_anklet
from tests.cli.conftest import Cli
from tests.cli.test_bad_input_files import Default

UNKNOWN = "error: no athlete named 'nobody'; see `anklet athlete list`\n"

# Every command that only reads and takes a handle (cli.runtime.open_reader); the files the
# exports would write go to OUT, which must stay empty too.
OUT = "out"
READS_OF_AN_ATHLETE: dict[str, list[str]] = {
    "today": ["today", "nobody"],
    "week": ["week", "nobody"],
    "status": ["status", "nobody"],
    "history": ["history", "nobody"],
    "runs": ["runs", "nobody"],
    "locks": ["locks", "nobody"],
    "assessments": ["assessments", "nobody"],
    "plan show": ["plan", "show", "nobody"],
    "plan history": ["plan", "history", "nobody"],
    "athlete show": ["athlete", "show", "nobody"],
    "export ical": ["export", "nobody", "--output", f"{OUT}/plan.ics"],
    "export json": ["export", "nobody", "--format", "json", "--output", f"{OUT}/a.json"],
    "report handout": ["report", "handout", "nobody", "--output", f"{OUT}/handout.pdf"],
    "report progress": ["report", "progress", "nobody", "--output", f"{OUT}/progress.pdf"],
}
READS_OF_ALL: dict[str, list[str]] = {
    "athlete list": ["athlete", "list"],
    "athlete list --json": ["athlete", "list", "--json"],
    "caseload": ["caseload"],
}


@pytest.fixture
def default(tmp_path: Path) -> Default:
    """The default database of a data folder that does not exist yet: a fresh machine."""
    return Default(tmp_path)


@pytest.fixture
def existing(cli: Cli, sam: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A database that exists and knows only sam, run from a folder holding OUT."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / OUT).mkdir()
    return cli


def _note(default: Default) -> str:
    return f"note: there is no database at {default.database} (none was created).\n"


def _left_nothing(default: Default, tmp_path: Path) -> None:
    assert not default.database.exists()
    assert not default.data_dir.exists(), "not even the data folder may be made"
    assert list((tmp_path / OUT).iterdir()) == []


@pytest.mark.parametrize("name", READS_OF_AN_ATHLETE)
def test_a_read_of_an_athlete_on_a_fresh_machine_is_an_unknown_athlete(
    default: Default, existing: Cli, tmp_path: Path, name: str
) -> None:
    arguments = READS_OF_AN_ATHLETE[name]
    on_existing = existing(*arguments)
    assert (on_existing.exit_code, on_existing.stderr) == (2, UNKNOWN)

    fresh = default(*arguments)
    assert fresh.exit_code == on_existing.exit_code
    assert fresh.stderr == _note(default) + on_existing.stderr
    assert fresh.stdout == on_existing.stdout == ""
    _left_nothing(default, tmp_path)


@pytest.mark.parametrize("name", READS_OF_ALL)
def test_a_list_on_a_fresh_machine_is_the_list_of_an_empty_database(
    default: Default, tmp_path: Path, name: str
) -> None:
    arguments = READS_OF_ALL[name]
    (tmp_path / OUT).mkdir()
    empty = Cli(str(tmp_path / "empty.db"))
    open_anklet(db=empty.db).engine.dispose()  # an empty database, migrated
    on_empty = empty(*arguments)
    assert on_empty.exit_code == 0 and on_empty.stderr == ""

    fresh = default(*arguments)
    assert (fresh.exit_code, fresh.stdout) == (0, on_empty.stdout)
    assert fresh.stderr == _note(default)
    _left_nothing(default, tmp_path)


def test_a_mistyped_db_path_is_named_and_not_created(tmp_path: Path, sam: str) -> None:
    typo = tmp_path / "typo" / "ankelt.db"
    result: Result = Cli(str(typo))("status", sam)
    assert result.exit_code == 2
    assert result.stderr == (
        f"note: there is no database at {typo} (none was created).\n"
        "error: no athlete named 'sam'; see `anklet athlete list`\n"
    )
    assert not typo.parent.exists()


def test_a_write_still_creates_the_database_and_the_reads_then_see_it(
    default: Default, tmp_path: Path
) -> None:
    assert default("today", "sam").exit_code == 2
    added = default("athlete", "add", "sam", "--name", "Sam")
    assert added.exit_code == 0, added.output
    assert f"note: created a new database at {default.database} (there was none)." in (added.stderr)
    assert default.database.is_file()
    shown = default("athlete", "show", "sam")
    assert shown.exit_code == 0 and shown.stderr == ""
    assert "Sam" in shown.stdout


def test_the_demo_creates_the_database(default: Default) -> None:
    made = default("demo", "--weeks", "2")
    assert made.exit_code == 0, made.output
    assert "note: created a new database" in made.stderr
    assert default.database.is_file()
