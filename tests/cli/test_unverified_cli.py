"""Unverified numbers say so on the command line: `exercises show` marks a [U] note, and
`exercises show`, `plan show` and `status` end with one line explaining the evidence labels
when they print one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from anklet.cli.app import app
from anklet.domain.evidence import EVIDENCE_LEGEND, UNVERIFIED_NOTE
from tests.cli.conftest import Cli

WIDE = {"COLUMNS": "250", "ANKLET_CATALOGUE": ""}


def _wide(cli: Cli, *args: str) -> str:
    result = cli.runner.invoke(app, ["--db", cli.db, *args], env=WIDE)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def kim(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> str:
    cli.start_from("unverified-kim", _kim_story, tmp_path_factory)
    return "kim"


def _kim_story(cli: Cli) -> None:
    """No red flag, a restricted left lunge, three days; an 8-week plan from this Monday."""
    added = cli("athlete", "add", "kim", "--name", "Kim", "--days", "mon,wed,fri")
    assert added.exit_code == 0, added.output
    cli.joined_days_ago("kim", 30)  # Monday's log and morning lie after kim joined
    cli.json("screen", "kim", "--none")
    assessed = cli("assess", "kim", "--lunge-left", "8.5", "--lunge-right", "11")
    assert assessed.exit_code == 0, assessed.output
    today = date.today()
    start = today - timedelta(days=today.weekday())  # this week's Monday
    cli.json("plan", "create", "kim", "--weeks", "8", "--start", start.isoformat())


def test_exercises_show_says_the_tibialis_raise_dose_is_unverified() -> None:
    result = CliRunner().invoke(app, ["exercises", "show", "tibialis-raise"], env=WIDE)
    assert result.exit_code == 0, result.output
    notes = result.stdout.split("Notes", 1)[1]
    assert "[U]" in notes and UNVERIFIED_NOTE in notes
    assert result.stdout.rstrip().endswith(EVIDENCE_LEGEND)


def test_plan_show_says_the_lighter_weeks_are_unverified_and_explains_the_labels(
    cli: Cli, kim: str
) -> None:
    shown = _wide(cli, "plan", "show", kim, "--why")
    (lighter,) = [line for line in shown.splitlines() if "Lighter weeks" in line]
    assert "unverified" in lighter.lower()
    assert shown.rstrip().endswith(EVIDENCE_LEGEND)
    assert shown.count(EVIDENCE_LEGEND) == 1


def test_status_explains_the_labels_of_its_decisions(cli: Cli, kim: str) -> None:
    monday = cli.json("plan", "show", kim)["start"]
    cli.json("checkin", kim, "--date", monday, "--morning-pain", "1", "--stiffness", "1")
    cli.json("log", kim, "--date", monday, "--as-prescribed", "--pain", "2")
    shown = _wide(cli, "status", kim)
    assert "Latest decisions" in shown
    assert EVIDENCE_LEGEND in shown
