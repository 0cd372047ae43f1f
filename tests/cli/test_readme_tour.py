"""The README's five-minute tour runs as written, and shows what it promises: the re-test two
weeks later compares against the first test, and the status shows a decision with its rule.
Every line of compact output fits 80 columns."""

from __future__ import annotations

import re
import shlex
from itertools import pairwise
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

README = Path(__file__).resolve().parents[2] / "README.md"
COLUMNS = 80


def _tour() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Five minutes with Anklet") :]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    joined = block[1].replace("\\\n", " ")
    commands = []
    for line in joined.splitlines():
        words = shlex.split(line, comments=True)
        if words:
            assert words[0] == "anklet", line
            commands.append(words[1:])
    return commands


def test_the_readme_tour_runs_and_the_status_shows_a_decision(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    outputs = {}
    for command in _tour():
        result = cli(*command)
        assert result.exit_code == 0, (command, result.output)
        outputs[command[0]] = result.stdout
    assert (tmp_path / "sam-plan.ics").exists()
    # The re-test is two weeks after the first test, so its changes are against it.
    assert "since 2026-11-02" in outputs["assess"]
    status = cli.json("status", "sam", "--date", "2026-11-16")
    rules = {d["rule"] for d in status["decisions"]}
    assert "guard.pain-4-5" in rules, rules  # the session at 4/10 held its load
    assert "HOLD" in outputs["status"]
    # Each decision is its heading line, then its reason indented, however it wraps at 80.
    lines = outputs["status"].splitlines()
    decisions = lines[lines.index("Latest decisions (newest first)") + 1 :]
    header = re.compile(r"\d{4}-\d\d-\d\d [A-Z]+ ")
    block = next(
        (n for n, line in enumerate(decisions) if not (header.match(line) or line[:4] == "    ")),
        len(decisions),
    )
    assert block > 1 and not [line for line in decisions[block:] if header.match(line)]


def test_today_and_week_are_compact_at_80_columns(cli: Cli, sam: str) -> None:
    cli("screen", sam, "--none")
    cli(
        "assess",
        sam,
        "--lunge-left",
        "8",
        "--lunge-right",
        "11",
        "--heel-raise-left",
        "20",
        "--heel-raise-right",
        "24",
    )
    cli("plan", "create", sam, "--weeks", "4")
    today = cli.json("today", sam)
    items = sum(len(s["items"]) for s in today["sessions"])
    shown = cli("today", sam).stdout.splitlines()
    assert all(len(line) <= COLUMNS for line in shown)
    bullets = [line for line in shown if line.startswith("  • ")]
    assert len(bullets) == items  # one line per item ...
    # ... and an item too long for 80 columns goes on indented under its first word.
    titles = tuple(s["title"] for s in today["sessions"])
    after_bullets = [line for before, line in pairwise(shown) if before.startswith("  • ")]
    starts = ("  • ", "    ", *titles, "Why each item", "Squat depth", "Running")
    assert all(line.startswith(starts) for line in after_bullets), after_bullets
    assert [line for line in shown if line != line.rstrip()] == []
    assert not [line for line in shown if "mobility.daily" in line]  # ... without the reasons
    with_why = cli("today", sam, "--why").stdout
    assert "mobility.daily" in with_why
    week = cli("week", sam).stdout.splitlines()
    days = [line for line in week if re.match(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-", line)]
    assert len(days) == 7  # one line per day, named
    assert all(len(line) <= COLUMNS for line in week)


def test_athlete_show_speaks_words_and_add_says_what_comes_next(cli: Cli) -> None:
    added = cli("athlete", "add", "ana", "--name", "Ana", "--minutes", "25")
    assert "Next: the ten red-flag questions, `anklet screen ana`" in added.stdout
    shown = cli("athlete", "show", "ana").stdout
    assert re.search(r"locked\s+│ no", shown) and "25 min" in shown
    assert "False" not in shown and "None" not in shown
    screened = cli("screen", "ana", "--none").stdout
    assert "Next: test both ankles with `anklet assess ana`" in screened


def test_plan_show_is_one_numbered_line_per_item_wrapped_at_80_columns(cli: Cli, sam: str) -> None:
    cli("screen", sam, "--none")
    cli("assess", sam, "--lunge-left", "8", "--lunge-right", "11")
    cli("plan", "create", sam, "--weeks", "4")
    week = cli.json("plan", "show", sam, "--week", "1")
    items = sum(len(s["items"]) for d in week["days"] for s in d["sessions"])
    shown = cli("plan", "show", sam, "--week", "1").stdout.splitlines()
    assert all(len(line) <= COLUMNS for line in shown), max(shown, key=len)
    numbered = [line for line in shown if re.match(r"\s+\d+\. ", line)]
    assert len(numbered) == items  # a long item goes on under its first word, not as another
    # A number keeps its unit when a line is wrapped.
    assert not [line for line in shown if re.search(r"\d$", line) or re.match(r"\s+s\b", line)]
