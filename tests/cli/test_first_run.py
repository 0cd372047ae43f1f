"""A newcomer's first commands: a new --db file is announced, another database is one line,
imperial athletes type inches, and the interactive questions check each answer at once."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from anklet.cli.app import app
from tests.cli.conftest import Cli


def test_a_new_database_file_is_announced_once(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "typo" / "ankelt.db"
    # A command that only reads makes no file (tests/cli/test_reading_creates_nothing.py).
    listed = runner.invoke(app, ["--db", str(target), "athlete", "list"])
    assert listed.exit_code == 0 and not target.exists()
    assert f"note: there is no database at {target} (none was created)." in listed.stderr
    first = runner.invoke(app, ["--db", str(target), "athlete", "add", "sam", "--name", "Sam"])
    assert first.exit_code == 0
    assert f"note: created a new database at {target}" in first.stderr
    again = runner.invoke(app, ["--db", str(target), "athlete", "list"])
    assert again.exit_code == 0 and "created" not in again.stderr
    assert "no database" not in again.stderr


def test_an_unsupported_database_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["--db", "mysql://user@localhost/anklet", "athlete", "list"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is not supported (mysql" in lines[0]
    assert "postgresql://" in lines[0] and "Traceback" not in result.output


def test_imperial_athletes_type_inches(cli: Cli) -> None:
    cli("athlete", "add", "ivy", "--name", "Ivy", "--units", "imperial")
    cli("screen", "ivy", "--none")
    stored = cli.json("assess", "ivy", "--lunge-left", "4", "--lunge-right", "4.5")
    assert stored["lunge"]["left"]["value"] == 10.16
    assert stored["lunge"]["right"]["value"] == 11.43
    too_far = cli("assess", "ivy", "--lunge-left", "12")
    assert too_far.exit_code == 2
    assert "--lunge-left: 12.0 is not allowed; expected 0 to 9.8 in" in too_far.stderr
    # An angle is an angle, whatever the athlete's units.
    angle = cli.json(
        "assess",
        "ivy",
        "--lunge-method",
        "angle-deg",
        "--lunge-left",
        "40",
        "--lunge-placement",
        "tibial-tuberosity",
        "--date",
        "2026-01-01",
        "--yes",
    )
    assert angle["lunge"]["left"]["value"] == 40


def test_the_guided_assessment_checks_each_answer_as_it_is_given(cli: Cli, sam: str) -> None:
    cli("screen", sam, "--none")
    # A lunge of 30 cm is refused at once and asked again; then the rest goes on.
    answers = "30\n8\n11\n20\n24\n\n\n\n\n"
    result = cli("assess", sam, input=answers)
    assert result.exit_code == 0, result.output
    assert "error: lunge left: 30.0 is not allowed; expected 0 to 25 cm. Try again." in (
        result.stderr
    )
    stored = cli.json("assessments", sam)[-1]
    assert stored["lunge"]["left"]["value"] == 8
    assert stored["heel_raise"]["right"]["reps"] == 24
