"""`anklet plan create | show | history`, `today`, `week` and `export` (issue 4, point 6-7)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.cli.conftest import Cli


@pytest.fixture
def kim(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> str:
    cli.start_from("plan-kim", _kim_story, tmp_path_factory)
    return "kim"


def _kim_story(cli: Cli) -> None:
    """The athlete of the issue's 'Done means': restricted, weaker left side, 3 days, band
    and step; screened (no red flags), since an athlete never screened gets mobility only."""
    assert (
        cli(
            "athlete",
            "add",
            "kim",
            "--name",
            "Kim",
            "--days",
            "mon,wed,fri",
            "--equipment",
            "band,step",
        ).exit_code
        == 0
    )
    assert cli("screen", "kim", "--none").exit_code == 0
    assessed = cli(
        "assess",
        "kim",
        "--lunge-left",
        "8.5",
        "--lunge-right",
        "11",
        "--heel-raise-left",
        "18",
        "--heel-raise-right",
        "26",
        "--pain-left",
        "1",
        "--pain-right",
        "0",
    )
    assert assessed.exit_code == 0, assessed.output


def _start() -> str:
    today = date.today()
    return (today + timedelta(days=(7 - today.weekday()) % 7)).isoformat()  # a Monday


def test_plan_create_json_has_notes_phases_and_days(cli: Cli, kim: str) -> None:
    plan = cli.json("plan", "create", kim, "--weeks", "8", "--start", _start())
    assert plan["weeks"] == 8 and plan["deload_weeks"] == [4, 8]
    assert plan["notes"][0]["rule"] == "ladder.start.range-restricted"
    assert len(plan["phases"]) == 2
    sides: dict[str, int] = {"left": 0, "right": 0}
    for day in plan["days"]:
        for session in day["sessions"]:
            for item in session["items"]:
                assert item["why"]["text"] and item["why"]["rule"] and item["why"]["source"]
                if item["side"] in sides:
                    sides[item["side"]] += item["sets"]
    assert sides["left"] > sides["right"], "the weaker, more restricted side gets more work"


def test_an_athlete_never_screened_gets_mobility_only_until_screened(cli: Cli) -> None:
    """Screened before loaded: until the red-flag questions are answered the plan and every
    day hold mobility and the lunge test only, with a note that says why; the answers bring
    the planned strength days into the views at once (no lock to clear)."""
    added = cli("athlete", "add", "lou", "--name", "Lou", "--days", "mon,wed,fri")
    assert added.exit_code == 0, added.output
    tested = cli("assess", "lou", "--lunge-left", "9", "--lunge-right", "11")
    assert tested.exit_code == 0, tested.output
    start = _start()
    plan = cli.json("plan", "create", "lou", "--start", start)
    assert plan["notes"][0]["rule"] == "screening.missing"
    assert {s["kind"] for d in plan["days"] for s in d["sessions"]} <= {"mobility", "retest"}
    monday = cli.json("today", "lou", "--date", start)
    assert [s["kind"] for s in monday["sessions"]] == ["mobility"]
    assert monday["warnings"][0]["rule"] == "screening.missing"
    assert cli.json("screen", "lou", "--none")["locked"] is False
    screened = cli.json("today", "lou", "--date", start)
    assert "strength" in {s["kind"] for s in screened["sessions"]}
    assert "screening.missing" not in {w["rule"] for w in screened["warnings"]}
    shown = cli.json("plan", "show", "lou")
    assert "strength" in {s["kind"] for d in shown["days"] for s in d["sessions"]}


def test_today_json_has_the_documented_shape(cli: Cli, kim: str) -> None:
    start = _start()
    cli.json("plan", "create", kim, "--start", start)
    day = cli.json("today", kim, "--date", start)
    assert day["date"] == start
    kinds = [s["kind"] for s in day["sessions"]]
    assert kinds[0] == "mobility" and "strength" in kinds  # Monday is a strength day
    item = day["sessions"][0]["items"][0]
    assert set(item) >= {
        "exercise",
        "side",
        "sets",
        "reps",
        "hold_s",
        "tempo",
        "rest_s",
        "minutes",
        "why",
    }
    assert set(item["why"]) == {"text", "rule", "source"}
    outside = cli.json("today", kim, "--date", "2020-01-01")
    assert outside["sessions"][0]["kind"] == "rest"


def test_week_and_show_print_tables_and_text(cli: Cli, kim: str) -> None:
    cli.json("plan", "create", kim, "--start", _start())
    assert "Daily mobility" in cli("week", kim, "--date", _start()).stdout
    shown = cli("plan", "show", kim, "--week", "1")
    assert shown.exit_code == 0 and "Week 1" in shown.stdout and "why:" not in shown.stdout
    assert "why:" in cli("plan", "show", kim, "--week", "1", "--why").stdout
    assert cli("plan", "show", kim, "--week", "99").exit_code == 2


def test_the_ics_export_re_reads_with_one_event_per_session(
    cli: Cli, kim: str, tmp_path: Path
) -> None:
    plan = cli.json("plan", "create", kim, "--weeks", "4", "--start", _start())
    target = tmp_path / "plan.ics"
    result = cli("export", kim, "--format", "ical", "--output", str(target))
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(target.read_bytes())
    events = calendar.walk("VEVENT")
    sessions = [(d["date"], s) for d in plan["days"] for s in d["sessions"]]
    assert len(events) == len(sessions)
    first_day, first_session = sessions[0]
    assert events[0].decoded("DTSTART") == date.fromisoformat(first_day)
    assert first_session["items"][0]["name"] in str(events[0]["DESCRIPTION"])
    assert len({str(event["UID"]) for event in events}) == len(events)
    assert not list(tmp_path.glob(".*partial")), "no temporary file left behind"


def test_export_errors_are_clean(cli: Cli, kim: str, tmp_path: Path) -> None:
    no_plan = cli("export", kim, "--output", str(tmp_path / "x.ics"))
    assert no_plan.exit_code == 2 and "anklet plan create kim" in no_plan.stderr
    cli.json("plan", "create", kim)
    assert cli("export", kim, "--format", "pdf", "--output", "x").exit_code == 2
    missing_folder = cli("export", kim, "--output", str(tmp_path / "nope" / "x.ics"))
    assert missing_folder.exit_code == 2 and "existing folder" in missing_folder.stderr


def test_history_lists_every_plan(cli: Cli, kim: str) -> None:
    cli.json("plan", "create", kim, "--weeks", "4")
    cli.json("plan", "create", kim, "--weeks", "6")
    history = cli.json("plan", "history", kim)
    assert [(h["weeks"], h["current"]) for h in history] == [(4, False), (6, True)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "create", "kim", "--weeks", "3"], "weeks: 3"),
        (["plan", "create", "kim", "--start", "someday"], "YYYY-MM-DD"),
        (["today", "kim"], "no plan for 'kim'"),
        (["plan", "create", "ghost"], "no athlete named 'ghost'"),
    ],
)
def test_bad_plan_input_exits_2(cli: Cli, kim: str, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
