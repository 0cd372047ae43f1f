"""`anklet demo`: weeks of realistic history through the public use cases."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_demo_creates_history_that_every_command_can_show(cli: Cli) -> None:
    summary = cli.json("demo", "--weeks", "6")
    assert summary["athlete"] == "demo"
    assert summary["sessions_logged"] > 30 and summary["check_ins"] == 42
    status = cli.json("status", "demo")
    rules = {d["rule"] for d in cli.json("history", "demo")["decisions"]}
    assert {"progress.double.load", "guard.pain-above-5"} <= rules, "moves up and steps back"
    assert status["adherence"]["last_28_days"]["percent"] >= 80
    assert len(cli.json("assessments", "demo")) >= 3
    again = cli("demo", "--weeks", "6")
    assert again.exit_code == 2 and "already taken" in again.stderr


def test_demo_weeks_are_checked(cli: Cli) -> None:
    result = cli("demo", "--weeks", "30")
    assert result.exit_code == 2 and "--weeks: 30" in result.stderr
