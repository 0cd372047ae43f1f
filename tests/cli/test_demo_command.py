"""`anklet demo`: weeks of realistic history through the public use cases, under the same
safety rules as a real athlete, so the tour shows the program adapting."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from tests.cli.conftest import Cli

WEEKS = 6


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Cli, Any]:
    """One demo of six weeks for the module (the tests only read it): the CLI and the summary."""
    cli = Cli(str(tmp_path_factory.mktemp("demo") / "anklet.db"))
    return cli, cli.json("demo", "--weeks", str(WEEKS))


def test_demo_creates_history_that_every_command_can_show(demo: tuple[Cli, Any]) -> None:
    cli, summary = demo
    assert summary["athlete"] == "demo"
    # A morning check-in every day of the six weeks, and this morning's.
    assert summary["sessions_logged"] > 30 and summary["check_ins"] == WEEKS * 7 + 1
    status = cli.json("status", "demo")
    history = cli.json("history", "demo")
    rules = {(d["verdict"], d["rule"]) for d in history["decisions"]}
    assert {
        ("progress", "progress.double.load"),  # moves up ...
        ("hold", "guard.awaiting-next-morning"),  # ... on the morning after the session
        ("regress", "guard.pain-above-5"),  # steps back
        ("pause", "guard.rescreen"),  # and pauses loading
    } <= rules
    assert status["adherence"]["last_28_days"]["percent"] >= 80
    assert len(cli.json("assessments", "demo")) >= 3
    again = cli("demo", "--weeks", str(WEEKS))
    assert again.exit_code == 2 and "already taken" in again.stderr


def test_the_demo_athlete_is_screened_and_checks_in_every_morning(demo: tuple[Cli, Any]) -> None:
    cli, summary = demo
    shown = cli.json("athlete", "show", "demo")
    assert shown["screenings"] >= 1 and shown["locked"] is False
    start = date.fromisoformat(summary["start"])
    mornings = [c["date"] for c in cli.json("history", "demo")["check_ins"]]
    every_day = [(start + timedelta(days=n)).isoformat() for n in range(WEEKS * 7 + 1)]
    assert mornings == every_day
    assert mornings[-1] == date.today().isoformat()


def test_the_demo_loads_go_up_the_morning_after_a_session(demo: tuple[Cli, Any]) -> None:
    cli, _ = demo
    history = cli.json("history", "demo")
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


def test_the_demo_rough_week_is_cleared_and_loading_resumes_the_next_day(
    demo: tuple[Cli, Any],
) -> None:
    cli, _ = demo
    entries = cli.json("locks", "demo", "--history")["entries"]
    (lock,) = [e for e in entries if e["kind"] == "lock" and e["rule"] == "guard.rescreen"]
    (clearance,) = [e for e in entries if e["kind"] == "clearance"]
    assert lock["key"] in clearance["lifts"] and clearance["cleared_by"]
    assert not any(e["still_open"] for e in entries if e["kind"] == "lock")
    # The red-flag questions were answered again before the clearance (first day, and then).
    assert cli.json("athlete", "show", "demo")["screenings"] == 2
    assert cli.json("status", "demo")["locked"] is False
    cleared = date.fromisoformat(clearance["date"])
    that_day = cli.json("today", "demo", "--date", cleared.isoformat())
    assert that_day["warnings"][0]["rule"] == "safety.cleared-today"
    assert not {s["kind"] for s in that_day["sessions"]} & {"strength", "technique"}
    after = cli.json("today", "demo", "--date", (cleared + timedelta(days=1)).isoformat())
    assert "safety.cleared" in {w["rule"] for w in after["warnings"]}
    assert "safety.loading-lock" not in {w["rule"] for w in after["warnings"]}
    # The days after the clearance train again, and nothing is held for a lock.
    history = cli.json("history", "demo")
    loaded_after = [
        log
        for log in history["logs"]
        if log["date"] > clearance["date"] and log["session"] in {"strength", "technique"}
    ]
    assert loaded_after
    assert not [d for d in history["decisions"] if d["rule"] == "safety.loading-lock"]


def test_demo_weeks_are_checked(cli: Cli) -> None:
    result = cli("demo", "--weeks", "30")
    assert result.exit_code == 2 and "--weeks: 30" in result.stderr
