"""`anklet demo`: weeks of realistic history through the public use cases, under the same
safety rules as a real athlete, so the tour shows the program adapting."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from tests.cli.conftest import Cli

WEEKS = 8  # the default length: long enough to climb, step back and climb again


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, Any]:
    """One demo of eight weeks for the module (the tests only read it): the CLI and the summary."""
    cli = Cli(str(tmp_path_factory.mktemp("demo") / "anklet.db"))
    return cli, cli.json("demo", "--weeks", str(WEEKS))


def test_demo_creates_history_that_every_command_can_show(demo: tuple[Cli, Any]) -> None:
    cli, summary = demo
    assert summary["athlete"] == "demo"
    # A morning check-in every day of the eight weeks, and this morning's.
    assert summary["sessions_logged"] > 30 and summary["check_ins"] == WEEKS * 7 + 1
    status = cli.json("status", "demo")
    history = cli.json("history", "demo", "--days", "92")
    rules = {(d["verdict"], d["rule"]) for d in history["decisions"]}
    assert {
        ("progress", "progress.double.load"),  # moves up ...
        ("hold", "guard.awaiting-next-morning"),  # ... on the morning after the session
        ("hold", "guard.pain-4-5"),  # holds for pain
        ("regress", "guard.morning-above-baseline"),  # steps back after a sore morning
    } <= rules
    # ... and recovers: the load goes up again after the step back, with no lock on the way.
    step_back = max(d["date"] for d in history["decisions"] if d["verdict"] == "regress")
    assert any(d["date"] > step_back for d in history["decisions"] if d["verdict"] == "progress")
    assert not [d for d in history["decisions"] if d["verdict"] in {"pause", "refer"}]
    assert status["locked"] is False
    assert status["adherence"]["last_28_days"]["percent"] >= 80
    assert len(cli.json("assessments", "demo")) >= 3
    again = cli("demo", "--weeks", str(WEEKS))
    assert again.exit_code == 2 and "already taken" in again.stderr


def test_the_demo_athlete_is_screened_and_checks_in_every_morning(demo: tuple[Cli, Any]) -> None:
    cli, summary = demo
    shown = cli.json("athlete", "show", "demo")
    assert shown["screenings"] >= 1 and shown["locked"] is False
    start = date.fromisoformat(summary["start"])
    mornings = [c["date"] for c in cli.json("history", "demo", "--days", "92")["check_ins"]]
    every_day = [(start + timedelta(days=n)).isoformat() for n in range(WEEKS * 7 + 1)]
    assert mornings == every_day
    assert mornings[-1] == date.today().isoformat()


def test_the_demo_loads_go_up_the_morning_after_a_session(demo: tuple[Cli, Any]) -> None:
    cli, _ = demo
    history = cli.json("history", "demo", "--days", "92")
    session_days = {log["date"] for log in history["logs"] if log["session"] != "mobility"}
    mornings = {c["date"] for c in history["check_ins"]}
    steps = [d for d in history["decisions"] if d["rule"] == "progress.double.load"]
    assert steps
    for step in steps:
        before = (date.fromisoformat(step["date"]) - timedelta(days=1)).isoformat()
        assert step["date"] in mornings and before in session_days, step
    kilos = [re.fullmatch(r"load ([\d.]+) kg → ([\d.]+) kg", s["change"]) for s in steps]
    rises = [(float(m[1]), float(m[2])) for m in kilos if m]
    assert rises and all(new > old for old, new in rises), "a weight goes up in kilograms"


def test_the_locked_story_ends_locked_with_the_screening_asked_again(
    demo: tuple[Cli, Any],
) -> None:
    cli, _ = demo
    summary = cli.json("demo", "--story", "locked", "--handle", "demo-locked", "--weeks", "3")
    assert summary["athlete"] == "demo-locked"
    entries = cli.json("locks", "demo-locked", "--history")["entries"]
    (lock,) = [e for e in entries if e["kind"] == "lock" and e["rule"] == "guard.rescreen"]
    assert lock["still_open"] and not [e for e in entries if e["kind"] == "clearance"]
    assert cli.json("status", "demo-locked")["locked"] is True
    today = cli.json("today", "demo-locked")
    assert not {s["kind"] for s in today["sessions"]} & {"strength", "technique"}
    # The adapting athlete of the same database is not touched by it.
    assert cli.json("status", "demo")["locked"] is False
    unknown = cli("demo", "--story", "sad", "--handle", "demo-sad")
    assert unknown.exit_code == 2 and "--story" in unknown.stderr


def test_demo_weeks_are_checked(cli: Cli) -> None:
    result = cli("demo", "--weeks", "30")
    assert result.exit_code == 2 and "--weeks: 30" in result.stderr
