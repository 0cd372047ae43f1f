"""`anklet log | checkin | baseline | status | history` (issue 5, points 1, 2 and 5) and the
issue's "Done means" as a story: weeks of logs and mornings from the command line.

The CLI runs on the real clock, so the plan starts on a Monday four to five weeks ago and every
logged day lies in the past.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from anklet.cli.app import app
from anklet.settings import BUSY_TIMEOUT_ENV
from tests.cli.conftest import Cli

HEEL_RAISE = "single-leg-heel-raise"
START = date.today() - timedelta(days=date.today().weekday() + 28)  # a Monday, 28-34 days ago


def day(offset: int) -> str:
    return (START + timedelta(days=offset)).isoformat()


MON_1, WED_1, FRI_1 = day(0), day(2), day(4)
# The Monday after this week: always after today and a strength day. A clearance recorded
# today brings the plan's loading back from tomorrow, so this is where it shows again.
NEXT_MONDAY = day(35)


@pytest.fixture
def kim(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> str:
    cli.start_from("training-kim", _kim_story, tmp_path_factory)
    return "kim"


def _kim_story(cli: Cli) -> None:
    """Restricted, weaker left side; trains Monday, Wednesday and Friday with a band and a step.

    Kim answers the red-flag questions (no to all) before the first test: an athlete never
    screened gets a mobility-only plan (rule screening.missing), and these stories log
    strength and technique days."""
    added = cli(
        "athlete",
        "add",
        "kim",
        "--name",
        "Kim",
        "--days",
        "mon,wed,fri",
        "--equipment",
        "band,step",
        # A day's minutes hold mobility too: 45 leave the 30-minute strength these stories log.
        "--minutes",
        "45",
    )
    assert added.exit_code == 0, added.output
    cli.joined_days_ago("kim", 60)  # the story's tests and mornings lie after kim joined
    screened = cli("screen", "kim", "--none", "--date", (START - timedelta(days=1)).isoformat())
    assert screened.exit_code == 0, screened.output
    assessed = cli(
        "assess",
        "kim",
        "--date",
        (START - timedelta(days=1)).isoformat(),
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
    plan = cli.json("plan", "create", "kim", "--start", START.isoformat())
    kinds = {d["date"]: {s["kind"] for s in d["sessions"]} for d in plan["days"]}
    for strength_day in (day(0), day(4), day(7), day(11), day(14), day(18)):
        assert "strength" in kinds[strength_day], strength_day
    assert "technique" in kinds[WED_1]


def _item(document: dict[str, Any], exercise: str, side: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        i for i in document["items"] if (i["exercise"], i["side"]) == (exercise, side)
    ]
    (item,) = found
    return item


def _ok(cli: Cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _wide(cli: Cli, *args: str) -> str:
    """A table printed on a wide terminal, so that no cell is cut short."""
    result = cli.runner.invoke(app, ["--db", cli.db, *args], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


# --- anklet log ------------------------------------------------------------------------------


def test_log_as_prescribed_json_has_targets_actuals_and_decisions(cli: Cli, kim: str) -> None:
    logged = cli.json(
        "log", kim, "--date", MON_1, "--as-prescribed", "--pain", "2", "--rpe", "6", "--notes", "ok"
    )
    assert set(logged) >= {"date", "session", "pain", "items", "decisions"}
    assert (logged["date"], logged["session"], logged["pain"]) == (MON_1, "strength", 2)
    assert (logged["rpe"], logged["notes"]) == (6, "ok")
    left = _item(logged, HEEL_RAISE, "left")
    assert left["target"] == {
        "sets": 4,
        "reps": 10,
        "reps_max": 20,
        "hold_s": None,
        "load_kg": None,
    }
    assert left["actual"] == {
        "sets": 4,
        "reps": 10,
        "hold_s": None,
        "load_kg": None,
        "skipped": False,
    }
    for item in logged["items"]:
        assert item["actual"]["sets"] == item["target"]["sets"]
    assert logged["decisions"], "the engine answers every log"
    for decision in logged["decisions"]:
        assert set(decision) >= {"verdict", "rule", "reason", "source", "change"}
        assert decision["date"] == MON_1 and decision["reason"] and decision["source"]
    assert {d["verdict"] for d in logged["decisions"]} == {"hold"}
    assert {d["rule"] for d in logged["decisions"]} == {"guard.no-morning-check"}


def test_log_prints_a_line_and_the_decisions_without_json(cli: Cli, kim: str) -> None:
    out = _ok(cli, "log", kim, "--date", MON_1, "--as-prescribed", "--pain", "2")
    assert f"Logged the strength session of {MON_1} (pain 2/10)." in out
    assert "HOLD single-leg-heel-raise (left)" in out and "[guard.no-morning-check]" in out


def test_set_gives_what_was_done_and_the_rest_counts_as_prescribed_only_when_told(
    cli: Cli, kim: str
) -> None:
    logged = cli.json(
        "log",
        kim,
        "--date",
        MON_1,
        "--set",
        f"{HEEL_RAISE}:left:3x15@10",
        "--set",
        f"{HEEL_RAISE}:right:3x12@7.5",
        "--as-prescribed",
        "--pain",
        "1",
    )
    left = _item(logged, HEEL_RAISE, "left")
    assert left["target"]["sets"] == 4 and left["target"]["reps"] == 10
    assert (left["actual"]["sets"], left["actual"]["reps"], left["actual"]["load_kg"]) == (
        3,
        15,
        10,
    )
    assert _item(logged, HEEL_RAISE, "right")["actual"]["load_kg"] == 7.5
    eversion = _item(logged, "banded-eversion", "left")
    assert not eversion["actual"]["skipped"] and eversion["actual"]["reps"] == 12
    # Without --as-prescribed only what was given was done (the option's documented meaning).
    only = cli.json("log", kim, "--date", FRI_1, "--set", f"{HEEL_RAISE}:left:4x12", "--pain", "1")
    done = [(i["exercise"], i["side"]) for i in only["items"] if not i["actual"]["skipped"]]
    assert done == [(HEEL_RAISE, "left")]


def test_a_hold_set_is_logged_in_seconds(cli: Cli, kim: str) -> None:
    logged = cli.json(
        "log",
        kim,
        "--date",
        day(1),
        "--session",
        "mobility",
        "--set",
        "calf-soft-tissue:left:2x45s",
        "--as-prescribed",
        "--pain",
        "0",
    )
    assert logged["session"] == "mobility"
    tissue = _item(logged, "calf-soft-tissue", "left")
    assert tissue["target"]["hold_s"] == 60
    assert (tissue["actual"]["sets"], tissue["actual"]["hold_s"]) == (2, 45)
    assert tissue["actual"]["reps"] is None


@pytest.mark.parametrize(
    "text",
    [
        f"{HEEL_RAISE}:3x15",
        f"{HEEL_RAISE}:left:3x",
        f"{HEEL_RAISE}:left:three-by-fifteen",
        f"{HEEL_RAISE}:left:3x15@ten",
        f"{HEEL_RAISE}:left:3x15kg",
    ],
)
def test_a_malformed_set_exits_2_naming_the_format(cli: Cli, kim: str, text: str) -> None:
    result = cli("log", kim, "--date", MON_1, "--set", text, "--pain", "2")
    assert result.exit_code == 2, result.output
    assert "--set" in result.stderr and "EXERCISE:SIDE:SETSxREPS" in result.stderr
    assert "Traceback" not in result.output
    assert cli.json("history", kim, "--days", "92")["logs"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", f"{HEEL_RAISE}:top:3x15"], "--set side"),
        (["--set", "box-jump:both:3x5"], "single-leg-heel-raise:left"),
        (["--set", f"{HEEL_RAISE}:left:30x15"], "sets"),
        (["--as-prescribed"], "--pain"),  # no pain given
        (["--as-prescribed", "--pain", "11"], "pain"),
        (["--as-prescribed", "--pain", "2", "--session", "technique"], "session"),
        (["--as-prescribed", "--pain", "2", "--date", "2020-01-01"], "a day with a planned"),
        (["--as-prescribed", "--pain", "2", "--date", day(46)], "a date on or before"),
        (["--skip", "box-jump", "--pain", "2"], "an exercise of this session: banded-eversion"),
    ],
)
def test_bad_log_input_exits_2_and_writes_nothing(
    cli: Cli, kim: str, args: list[str], message: str
) -> None:
    dated = args if "--date" in args else [*args, "--date", MON_1]
    if "--pain" not in dated and args != ["--as-prescribed"]:
        dated = [*dated, "--pain", "2"]
    result = cli("log", kim, *dated)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert cli.json("history", kim, "--days", "92")["logs"] == []


def test_skip_marks_both_sides_of_an_exercise_as_not_done(cli: Cli, kim: str) -> None:
    logged = cli.json("log", kim, "--date", MON_1, "--skip", "banded-eversion", "--pain", "1")
    for side in ("left", "right"):
        skipped = _item(logged, "banded-eversion", side)
        assert skipped["actual"]["skipped"] and skipped["actual"]["sets"] == 0
    assert not _item(logged, HEEL_RAISE, "left")["actual"]["skipped"]


def test_logging_a_day_twice_exits_2_unless_replacing(cli: Cli, kim: str) -> None:
    cli.json("log", kim, "--date", MON_1, "--as-prescribed", "--pain", "2")
    again = cli("log", kim, "--date", MON_1, "--as-prescribed", "--pain", "5")
    assert again.exit_code == 2 and "--replace" in again.stderr
    replaced = cli.json("log", kim, "--date", MON_1, "--as-prescribed", "--pain", "5", "--replace")
    assert replaced["pain"] == 5
    assert [
        (log["date"], log["pain"]) for log in cli.json("history", kim, "--days", "92")["logs"]
    ] == [(MON_1, 5)]


# --- anklet log --file -----------------------------------------------------------------------


def test_a_session_file_is_logged(cli: Cli, kim: str, tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text(
        json.dumps(
            {
                "date": FRI_1,
                "session": "strength",
                "pain": 3,
                "rpe": 7,
                "rir": 2,
                "notes": "from the watch",
                "items": [
                    {"exercise": HEEL_RAISE, "side": "left", "sets": 4, "reps": 14, "load_kg": 5},
                    {"exercise": "banded-eversion", "side": "right", "skipped": True},
                ],
            }
        ),
        encoding="utf-8",
    )
    logged = cli.json("log", kim, "--file", str(path))
    assert (logged["date"], logged["session"], logged["pain"]) == (FRI_1, "strength", 3)
    assert (logged["rpe"], logged["rir"], logged["notes"]) == (7, 2, "from the watch")
    left = _item(logged, HEEL_RAISE, "left")
    assert (left["actual"]["reps"], left["actual"]["load_kg"]) == (14, 5.0)
    assert left["target"]["reps"] == 10
    assert _item(logged, "banded-eversion", "right")["actual"]["skipped"]
    assert not _item(logged, "banded-eversion", "left")["actual"]["skipped"]
    # --date is the default for a file without one.
    path.write_text(json.dumps({"pain": 1}), encoding="utf-8")
    assert cli.json("log", kim, "--file", str(path), "--date", MON_1)["date"] == MON_1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "JSON (line 1"),
        ("[1, 2]", "a JSON object"),
        ('{"items": []}', "pain"),
        ('{"pain": "low"}', "pain: 'low'"),
        ('{"pain": 2, "colour": "red"}', "colour"),
        ('{"pain": 2, "items": {}}', "items"),
        ('{"pain": 2, "items": [{"side": "left"}]}', "items[0]"),
        (
            '{"pain": 2, "items": [{"exercise": "single-leg-heel-raise", "reps": "ten"}]}',
            "items[0].reps",
        ),
        (
            '{"pain": 2, "items": [{"exercise": "single-leg-heel-raise", "side": "up"}]}',
            "items[0].side",
        ),
        (
            '{"pain": 2, "items": [{"exercise": "single-leg-heel-raise", "weight": 5}]}',
            "items[0].weight",
        ),
        (
            '{"pain": 2, "items": [{"exercise": "single-leg-heel-raise", "load_kg": true}]}',
            "items[0].load_kg",
        ),
        ('{"pain": 2, "date": "next monday"}', "date"),
        ('{"pain": 2, "date": 20260615}', "date: 20260615"),
        ('{"pain": 2, "date": null}', "date: None"),
        ('{"pain": 2, "notes": {"felt": "good"}}', "notes"),
        (
            '{"pain": 2, "swelling": "yes"}',
            "swelling: 'yes' is not allowed; expected true or false",
        ),
        ('{"pain": 2, "sharp_pain": 1}', "sharp_pain: 1"),
    ],
)
def test_a_malformed_session_file_exits_2_naming_the_field(
    cli: Cli, kim: str, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "session.json"
    path.write_text(content, encoding="utf-8")
    result = cli("log", kim, "--file", str(path), "--date", MON_1)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_session_file_that_is_not_utf8_exits_2(cli: Cli, kim: str, tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_bytes(b"\xff\xfe{}")
    result = cli("log", kim, "--file", str(path), "--date", MON_1)
    assert result.exit_code == 2, result.output
    assert "UTF-8" in result.stderr and "Traceback" not in result.output


def test_a_missing_session_file_exits_2(cli: Cli, kim: str, tmp_path: Path) -> None:
    result = cli("log", kim, "--file", str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "--file" in result.stderr


def test_warning_signs_with_a_session_lock_loading_until_a_screening_and_a_clearance(
    cli: Cli, kim: str
) -> None:
    logged = cli.json(
        "log", kim, "--date", MON_1, "--as-prescribed", "--pain", "2", "--swelling", "--tightness"
    )
    assert (logged["sharp_pain"], logged["swelling"], logged["unusual_tightness"]) == (
        False,
        True,
        True,
    )
    assert "refer" in {d["verdict"] for d in logged["decisions"]}
    (lock,) = cli.json("locks", kim)["locks"]
    assert lock["rule"] == "guard.warning-signs-log" and lock["since"] == MON_1
    assert "swelling and unusual tightness" in lock["reason"]
    text = _wide(cli, "history", kim, "--days", "92")
    assert "swelling, unusual tightness" in text and "LOCK" in text
    refused = cli("clear", kim, "--by", "Dr Lee", "--note", "fine", "--lift", lock["key"])
    assert refused.exit_code == 2 and "red-flag questions again" in refused.stderr
    _ok(cli, "screen", kim, "--none")
    _ok(cli, "clear", kim, "--by", "Dr Lee", "--note", "fine", "--lift", lock["key"])
    assert cli.json("locks", kim)["locked"] is False


def test_a_session_file_carries_the_warning_signs(cli: Cli, kim: str, tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    path.write_text(json.dumps({"pain": 1, "sharp_pain": True}), encoding="utf-8")
    logged = cli.json("log", kim, "--file", str(path), "--date", MON_1)
    assert (logged["sharp_pain"], logged["swelling"], logged["unusual_tightness"]) == (
        True,
        False,
        False,
    )
    assert cli.json("locks", kim)["locked"] is True


# --- interactive logging ---------------------------------------------------------------------


def test_interactive_log_accepts_the_prescribed_values_on_enter(cli: Cli, kim: str) -> None:
    # Six items on a strength day, four questions each: done?, sets, reps, load.
    answers = "\n" * 24 + "2\n" + "\n\n\n" + "7\n" + "steady\n"
    result = cli("log", kim, "--date", MON_1, input=answers)
    assert result.exit_code == 0, result.output
    assert "press Enter to accept" in result.stdout
    assert f"Logged the strength session of {MON_1} (pain 2/10)." in result.stdout
    (logged,) = cli.json("history", kim, "--days", "92")["logs"]
    assert (logged["pain"], logged["rpe"], logged["notes"]) == (2, 7, "steady")
    for item in logged["items"]:
        target, actual = item["target"], item["actual"]
        assert not actual["skipped"]
        assert (actual["sets"], actual["reps"], actual["hold_s"], actual["load_kg"]) == (
            target["sets"],
            target["reps"],
            target["hold_s"],
            target["load_kg"],
        )


def test_interactive_log_asks_for_the_warning_signs_after_pain(cli: Cli, kim: str) -> None:
    answers = "\n" * 24 + "2\n" + "n\ny\nn\n" + "\n" + "\n"
    result = cli("log", kim, "--date", MON_1, input=answers)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("Pain during the session") < out.index("Any sharp pain?")
    assert "New swelling?" in out and "Unusual tightness?" in out
    assert "warning signs: swelling" in out
    (logged,) = cli.json("history", kim, "--days", "92")["logs"]
    assert (logged["sharp_pain"], logged["swelling"], logged["unusual_tightness"]) == (
        False,
        True,
        False,
    )


def test_interactive_log_takes_changed_values_and_a_no(cli: Cli, kim: str) -> None:
    first = "\n4\n18\n10\n"  # left heel raise: done, 4 sets of 18 with 10 kg
    second = "n\n"  # right heel raise: not done
    rest = "\n" * 16
    result = cli("log", kim, "--date", MON_1, input=first + second + rest + "3\n" + "\n" * 5)
    assert result.exit_code == 0, result.output
    (logged,) = cli.json("history", kim, "--days", "92")["logs"]
    left = _item(logged, HEEL_RAISE, "left")["actual"]
    assert (left["sets"], left["reps"], left["load_kg"]) == (4, 18, 10.0)
    assert _item(logged, HEEL_RAISE, "right")["actual"]["skipped"]
    assert (logged["pain"], logged["rpe"], logged["notes"]) == (3, None, "")


def test_interactive_log_asks_only_the_work_and_only_the_amount_prescribed(
    cli: Cli, kim: str
) -> None:
    # Wednesday of week 2: five warm-up items (not logged, so not asked) and a 3 x 15 m walk.
    result = cli("log", kim, "--date", day(9), input="\n\n\n" + "1\n" + "\n" * 5)
    assert result.exit_code == 0, result.output
    assert "Ankle circles" not in result.stdout and "reps per set" not in result.stdout
    assert "seconds held" not in result.stdout
    (logged,) = cli.json("history", kim, "--days", "92")["logs"]
    (walk,) = logged["items"]
    assert walk["target"]["hold_s"] is None
    assert (walk["actual"]["sets"], walk["actual"]["hold_s"]) == (3, None)


def test_interactive_log_checks_each_answer_as_it_is_given(cli: Cli, kim: str) -> None:
    # Wednesday of week 2, one item (a 3 x 15 m heel-to-toe walk): "Done?" answered "maybe",
    # pain 11, notes too long; each is refused as soon as it is typed and asked again.
    too_long = "x" * 1001
    answers = ["maybe", "", "", "", "11", "1", "", "", "", "", too_long, "felt fine"]
    result = cli("log", kim, "--date", day(9), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert (
        "error: Heel-to-toe rolling walk (both): 'maybe' is not allowed; expected y or n "
        "(Enter: y). Try again." in result.stderr
    )
    assert "error: pain: 11 is not allowed; expected 0 to 10" in result.stderr
    assert (
        "error: notes: '1001 characters' is not allowed; expected at most 1000. Try again."
        in result.stderr
    )
    output = result.output
    assert output.index("'maybe' is not allowed") < output.index("  sets")
    assert output.index("pain: 11 is not allowed") < output.index("Any sharp pain?")
    (logged,) = cli.json("history", kim, "--days", "92")["logs"]
    assert (logged["pain"], logged["notes"]) == (1, "felt fine")


def test_interactive_log_refuses_a_load_that_is_not_a_number(cli: Cli, kim: str) -> None:
    # Refused as soon as it is typed, and asked again (here the answers then run out).
    result = cli("log", kim, "--date", MON_1, input="\n\n\nten\n")
    assert "error: load_kg: 'ten' is not allowed" in result.stderr
    assert "Try again." in result.stderr and "Traceback" not in result.output
    assert cli.json("history", kim, "--days", "92")["logs"] == []


# --- anklet checkin and anklet baseline ------------------------------------------------------


def test_checkin_json_reports_the_baseline_and_the_lock(cli: Cli, kim: str) -> None:
    first = cli.json("checkin", kim, "--date", MON_1, "--morning-pain", "2", "--stiffness", "3")
    assert first["date"] == MON_1 and (first["morning_pain"], first["stiffness"]) == (2, 3)
    assert set(first) >= {"sharp_pain", "swelling", "unusual_tightness", "decisions"}
    assert first["baseline"]["morning_pain"] == 2 and not first["locked"]
    cli.json("checkin", kim, "--date", day(1), "--morning-pain", "0", "--stiffness", "1")
    third = cli.json("checkin", kim, "--date", day(2), "--morning-pain", "4", "--stiffness", "2")
    assert (third["baseline"]["morning_pain"], third["baseline"]["stiffness"]) == (2, 2)
    assert "first 3" in third["baseline"]["basis"]
    twice = cli("checkin", kim, "--date", day(2), "--morning-pain", "1", "--stiffness", "1")
    assert twice.exit_code == 2 and "--replace" in twice.stderr
    replaced = cli.json(
        "checkin", kim, "--date", day(2), "--morning-pain", "2", "--stiffness", "2", "--replace"
    )
    assert replaced["morning_pain"] == 2
    out = _ok(cli, "checkin", kim, "--date", day(3), "--morning-pain", "1", "--stiffness", "1")
    assert "Baseline: pain 2, stiffness 2" in out


def test_a_warning_sign_at_checkin_refers_and_locks_until_cleared(cli: Cli, kim: str) -> None:
    checked = cli.json(
        "checkin", kim, "--date", day(1), "--morning-pain", "3", "--stiffness", "2", "--swelling"
    )
    assert checked["swelling"] and checked["locked"]
    (refer,) = checked["decisions"]
    assert (refer["verdict"], refer["rule"], refer["exercise"]) == (
        "refer",
        "guard.warning-signs",
        "*",
    )
    shown = cli.json("athlete", "show", kim)
    assert shown["locked"] and "swelling" in shown["lock_reason"]
    assert cli.json("status", kim)["locked"]
    friday = cli.json("today", kim, "--date", FRI_1)
    assert [s["kind"] for s in friday["sessions"]] == ["mobility"]
    assert friday["warnings"][0]["rule"] == "safety.loading-lock"
    text = _ok(
        cli,
        "checkin",
        kim,
        "--date",
        day(2),
        "--morning-pain",
        "1",
        "--stiffness",
        "1",
        "--sharp-pain",
    )
    assert "Loading is locked" in text and "REFER" in text
    # Warning signs ask for the red-flag questions again before a clearance.
    refused = cli("clear", kim, "--by", "Dr Lee, physiotherapist", "--note", "fine")
    assert refused.exit_code == 2 and "red-flag questions again" in refused.stderr
    _ok(cli, "screen", kim, "--none")
    _ok(cli, "clear", kim, "--by", "Dr Lee, physiotherapist", "--note", "fine")
    assert not cli.json("athlete", "show", kim)["locked"]
    _assert_loading_resumes_tomorrow(cli, kim)
    # The plan shows the days as lived: on that Friday the lock was in force, and a
    # clearance recorded today does not rewrite it (it used to show strength again).
    assert [s["kind"] for s in cli.json("today", kim, "--date", FRI_1)["sessions"]] == ["mobility"]


def _assert_loading_resumes_tomorrow(cli: Cli, handle: str) -> None:
    """After a clearance recorded today the day stays as the lock left it (and says loading
    resumes tomorrow); the plan's loading is back from tomorrow, which says so, and on the
    next strength day."""
    today = cli.json("today", handle)
    assert today["warnings"][0]["rule"] == "safety.cleared-today"
    assert "safety.loading-lock" not in {w["rule"] for w in today["warnings"]}
    assert not {s["kind"] for s in today["sessions"]} & {"strength", "technique"}
    tomorrow = cli.json("today", handle, "--date", (date.today() + timedelta(days=1)).isoformat())
    assert "safety.cleared" in {w["rule"] for w in tomorrow["warnings"]}
    assert "safety.loading-lock" not in {w["rule"] for w in tomorrow["warnings"]}
    monday = cli.json("today", handle, "--date", NEXT_MONDAY)
    assert "strength" in {s["kind"] for s in monday["sessions"]}


def test_baseline_sets_the_reference_mornings_are_measured_against(cli: Cli, kim: str) -> None:
    value = cli.json("baseline", kim, "--morning-pain", "1", "--stiffness", "2")
    assert (value["morning_pain"], value["stiffness"]) == (1, 2)
    assert value["basis"] == f"set by you on {date.today().isoformat()}"
    checked = cli.json("checkin", kim, "--date", MON_1, "--morning-pain", "4", "--stiffness", "4")
    assert checked["baseline"] == value, "an explicit baseline wins over the first mornings"
    assert "Baseline: pain 0/10" in _ok(
        cli, "baseline", kim, "--morning-pain", "0", "--stiffness", "0"
    )
    bad = cli("baseline", kim, "--morning-pain", "12", "--stiffness", "0")
    assert bad.exit_code == 2 and "morning_pain" in bad.stderr


# --- anklet status and anklet history --------------------------------------------------------


def test_status_json_has_the_documented_shape(cli: Cli, kim: str) -> None:
    """The status document; a step up earned on Monday is taken on Tuesday morning's settled
    check-in (a step up waits for the next morning), so Friday carries the raised load."""
    cli.json("checkin", kim, "--date", MON_1, "--morning-pain", "1", "--stiffness", "1")
    cli.json(
        "log",
        kim,
        "--date",
        MON_1,
        "--as-prescribed",
        "--pain",
        "2",
        "--set",
        f"{HEEL_RAISE}:left:4x20@10",
    )
    cli.json("checkin", kim, "--date", day(1), "--morning-pain", "1", "--stiffness", "1")
    cli.json("log", kim, "--date", WED_1, "--as-prescribed", "--pain", "1")
    today = date.today()
    document = cli.json("status", kim)
    assert set(document) >= {
        "stage",
        "locked",
        "decisions",
        "next_retests",
        "adherence",
        "today",
        "baseline",
        "phase",
    }
    assert document["date"] == today.isoformat()
    # Week 5 plans the left ankle a rung up. The stage gate (the phase criteria) first asks for
    # 14 green days before the block: without a morning check-in on them it holds rung 1.
    assert document["stage"] == {"left": 1, "right": 3}
    held = [d for d in document["decisions"] if d["rule"] == "stage.hold"]
    assert held and held[0]["side"] == "left" and "14 of the 14 days" in held[0]["reason"]
    # Fourteen settled mornings make those days green; the lunge is still restricted, so the
    # gate still holds rung 1 and now says that.
    for offset in range(14, 28):
        cli.json("checkin", kim, "--date", day(offset), "--morning-pain", "1", "--stiffness", "1")
    document = cli.json("status", kim)
    assert document["stage"] == {"left": 1, "right": 3}
    held = [d for d in document["decisions"] if d["rule"] == "stage.hold"]
    assert held and held[0]["side"] == "left" and "restricted" in held[0]["reason"]
    assert document["locked"] is False and document["lock_reason"] is None
    assert document["decisions"][-1]["verdict"] in {"progress", "hold"}
    assert all(d["rule"] and d["reason"] and d["source"] for d in document["decisions"])
    assert len(document["decisions"]) <= 10
    for test, when in document["next_retests"].items():
        assert test and date.fromisoformat(when) >= today
    adherence = document["adherence"]
    assert set(adherence) == {"last_7_days", "last_28_days"}
    assert set(adherence["last_7_days"]) == {"days", "prescribed", "done", "percent"}
    assert adherence["last_7_days"]["done"] == 0  # both logs are more than a week old
    assert adherence["last_28_days"]["days"] == 28
    assert adherence["last_28_days"]["prescribed"] > 0
    assert isinstance(document["today"], list)
    assert all({"kind", "title", "items"} <= set(s) for s in document["today"])
    # On the Friday of week 1 the heel raise carries the raised load.
    friday = cli.json("status", kim, "--date", FRI_1)
    assert friday["adherence"]["last_7_days"]["done"] == 2
    (strength,) = [s for s in friday["today"] if s["kind"] == "strength"]
    raised = _item(strength, HEEL_RAISE, "left")
    assert raised["load"].startswith("10.5 kg") and raised["why"]["rule"] == "progress.double.load"


def test_status_and_history_print_tables(cli: Cli, kim: str) -> None:
    fresh = _ok(cli, "status", kim)
    # Nothing logged yet, but the stage gate already speaks for the planned step up.
    assert "Status of kim" in fresh and "stage.hold" in fresh
    cli.json("checkin", kim, "--date", MON_1, "--morning-pain", "1", "--stiffness", "1")
    cli.json(
        "log",
        kim,
        "--date",
        MON_1,
        "--as-prescribed",
        "--pain",
        "2",
        "--set",
        f"{HEEL_RAISE}:left:4x20@10",
    )
    # The step up earned on Monday is decided by Tuesday's settled morning.
    cli.json("checkin", kim, "--date", day(1), "--morning-pain", "1", "--stiffness", "1")
    shown = _wide(cli, "status", kim, "--date", FRI_1)
    assert "Stage: left 1" in shown and "right 3" in shown
    assert "Adherence: last 7 days" in shown and "Latest decisions" in shown
    assert "progress.double.load" in shown and "Today" in shown
    history = _wide(cli, "history", kim, "--days", "92")
    assert "progress.double.load" in history
    assert "Logs of kim" in history and MON_1 in history and "Morning check-ins" in history
    assert "Decisions" in history


def test_history_json_lists_logs_check_ins_and_decisions(cli: Cli, kim: str) -> None:
    """Pain 6/10 steps every item back and, since pain above 5/10 now asks for the red-flag
    questions again, pauses all loading for the whole program (guard.rescreen)."""
    cli.json("checkin", kim, "--date", MON_1, "--morning-pain", "1", "--stiffness", "1")
    cli.json("log", kim, "--date", MON_1, "--as-prescribed", "--pain", "6")
    cli.json("checkin", kim, "--date", day(1), "--morning-pain", "1", "--stiffness", "1")
    document = cli.json("history", kim, "--days", "92")
    assert document["athlete"] == kim
    (logged,) = document["logs"]
    assert (logged["date"], logged["session"], logged["pain"]) == (MON_1, "strength", 6)
    assert all({"target", "actual"} <= set(item) for item in logged["items"])
    assert [c["date"] for c in document["check_ins"]] == [MON_1, day(1)]
    assert {(d["verdict"], d["rule"]) for d in document["decisions"]} == {
        ("regress", "guard.pain-above-5"),
        ("pause", "guard.rescreen"),
    }
    (pause,) = [d for d in document["decisions"] if d["verdict"] == "pause"]
    assert (pause["date"], pause["exercise"]) == (MON_1, "*")
    assert cli("history", "ghost").exit_code == 2


# --- "Done means": weeks of training from the command line ------------------------------------


def _morning(cli: Cli, offset: int, pain: int = 1, stiffness: int = 1, *signs: str) -> Any:
    return cli.json(
        "checkin",
        "kim",
        "--date",
        day(offset),
        "--morning-pain",
        str(pain),
        "--stiffness",
        str(stiffness),
        *signs,
    )


def _strength(cli: Cli, offset: int, pain: int, load: str, *extra: str) -> Any:
    """A strength day with both heel raises at the top of the range; the rest as prescribed."""
    return cli.json(
        "log",
        "kim",
        "--date",
        day(offset),
        "--as-prescribed",
        "--pain",
        str(pain),
        "--set",
        f"{HEEL_RAISE}:left:4x20@{load}",
        "--set",
        f"{HEEL_RAISE}:right:3x20@{load}",
        *extra,
    )


def _verdicts(document: Any, exercise: str = HEEL_RAISE, side: str = "left") -> list[Any]:
    return [
        (d["verdict"], d["rule"], d["change"])
        for d in document["decisions"]
        if (d["exercise"], d["side"]) == (exercise, side)
    ]


def test_three_weeks_of_training_move_up_hold_step_back_and_refer(cli: Cli, kim: str) -> None:
    """Weeks of logs and mornings: the load goes up, holds, steps back, pauses and refers.

    Under the safety rules a session that earns a step up only holds
    (guard.awaiting-next-morning); the settled check-in of the next morning takes the step.
    Pain above 5/10 pauses all loading (guard.rescreen) on top of the step back, and after the
    re-screening and the clearance the plan's loading returns from the next day, never on
    the days that were lived under the lock."""
    # Week 1: good sessions, settled mornings. The load goes up by the smallest step, twice,
    # each time on the morning after the session.
    _morning(cli, 0)
    monday = _strength(cli, 0, pain=2, load="10")
    waits = ("hold", "guard.awaiting-next-morning", "same load and sets next time")
    assert _verdicts(monday) == [waits]
    assert _verdicts(monday, HEEL_RAISE, "right") == [waits]
    tuesday = _morning(cli, 1)
    assert _verdicts(tuesday) == [("progress", "progress.double.load", "load 10 kg → 10.5 kg")]
    assert _verdicts(tuesday, HEEL_RAISE, "right")[0][0] == "progress"
    assert {d["date"] for d in tuesday["decisions"]} == {day(1)}
    _morning(cli, 2)
    wednesday = cli.json("log", kim, "--date", day(2), "--as-prescribed", "--pain", "1")
    assert {d["rule"] for d in wednesday["decisions"]} == {"progress.double.reps"}
    _morning(cli, 3)
    _morning(cli, 4)
    friday = cli.json("today", kim, "--date", day(4))
    (planned,) = [s for s in friday["sessions"] if s["kind"] == "strength"]
    assert _item(planned, HEEL_RAISE, "left")["load"].startswith("10.5 kg")
    friday_log = _strength(cli, 4, pain=2, load="10.5")
    assert _item(friday_log, HEEL_RAISE, "left")["target"]["load_kg"] == 10.5
    assert _verdicts(friday_log) == [waits]
    saturday = _morning(cli, 5)
    assert _verdicts(saturday) == [("progress", "progress.double.load", "load 10.5 kg → 11 kg")]

    # Week 2: pain rises. 4/10 holds; a stiffer morning after it steps back; pain 6 steps back.
    _morning(cli, 7)
    held = _strength(cli, 7, pain=4, load="11")
    assert _verdicts(held) == [("hold", "guard.pain-4-5", "same load and sets next time")]
    worse = _morning(cli, 8, 2, 3)
    assert ("regress", "guard.morning-above-baseline", "the last step up is taken back") in (
        _verdicts(worse)
    )
    assert not worse["locked"]
    _morning(cli, 9)
    cli.json("log", kim, "--date", day(9), "--as-prescribed", "--pain", "2")
    _morning(cli, 10)
    _morning(cli, 11)
    recovered = _strength(cli, 11, pain=2, load="10.5")
    # A green session, but this week's mornings average worse than last week's (the stiff
    # morning of day 8): the weekly check holds progression this week (Silbernagel 2007).
    assert _verdicts(recovered)[0][:2] == ("hold", "guard.weekly-rise")
    _morning(cli, 14)
    painful = _strength(cli, 14, pain=6, load="11")
    assert _verdicts(painful) == [
        ("regress", "guard.pain-above-5", "the last step up is taken back")
    ]
    # Pain above 5/10 also pauses all loading and asks for the red-flag questions again;
    # with the step back of day 8 it is the second in seven days, which pauses heavy work.
    assert _verdicts(painful, "*", "both") == [
        ("pause", "guard.rescreen", "mobility only until cleared"),
        ("pause", "guard.two-regressions-in-7-days", "no heavy, plyometric or impact work"),
    ]
    locks = cli.json("locks", kim)["locks"]
    assert ("guard.rescreen", "all-loading", day(14)) in {
        (lock["rule"], lock["restriction"], lock["since"]) for lock in locks
    }

    # Week 3: swelling the next morning. The program refers and locks loading too.
    referred = _morning(cli, 15, 3, 3, "--swelling")
    assert referred["locked"]
    assert [(d["verdict"], d["rule"]) for d in referred["decisions"]] == [
        ("refer", "guard.warning-signs")
    ]
    later = cli.json("today", kim, "--date", day(16))
    assert {s["kind"] for s in later["sessions"]} <= {"mobility", "retest"}
    assert later["warnings"][0]["rule"] == "safety.loading-lock"

    # `anklet status` explains it: the lock and why, and every recent decision with its rule.
    status = cli.json("status", kim, "--date", day(16))
    assert status["locked"] and "swelling" in status["lock_reason"]
    assert "pain 6/10" in status["lock_reason"]
    newest = status["decisions"][0]
    assert (newest["verdict"], newest["rule"], newest["date"]) == (
        "refer",
        "guard.warning-signs",
        day(15),
    )
    assert all(d["rule"] and d["reason"] and d["source"] for d in status["decisions"])
    assert status["adherence"]["last_28_days"]["done"] == 7
    table = _wide(cli, "status", kim, "--date", day(16))
    assert "Loading locked" in table and "guard.warning-signs" in table
    assert "refer" in table.lower() and "regress" in table.lower()

    # The whole story stays in the history, each change with its rule.
    story = cli.json("history", kim, "--days", "92")
    rules = {(d["verdict"], d["rule"]) for d in story["decisions"]}
    assert {
        ("progress", "progress.double.load"),
        ("hold", "guard.pain-4-5"),
        ("regress", "guard.morning-above-baseline"),
        ("regress", "guard.pain-above-5"),
        ("pause", "guard.rescreen"),
        ("refer", "guard.warning-signs"),
    } <= rules
    assert [log["date"] for log in story["logs"]] == [
        day(0),
        day(2),
        day(4),
        day(7),
        day(9),
        day(11),
        day(14),
    ]
    # The red-flag questions again, then a clinician clears the athlete: the locks are lifted,
    # and the plan's loading returns from tomorrow; the days lived under the lock stay so.
    _ok(cli, "screen", kim, "--none")
    _ok(cli, "clear", kim, "--by", "Dr Lee", "--note", "fine to load again")
    assert not cli.json("status", kim)["locked"]
    assert cli.json("locks", kim)["locks"] == []
    _assert_loading_resumes_tomorrow(cli, kim)
    lived = cli.json("today", kim, "--date", day(18))
    assert not {s["kind"] for s in lived["sessions"]} & {"strength", "technique"}


def test_interactive_log_of_a_logged_day_asks_before_replacing(cli: Cli, kim: str) -> None:
    """Issue 5: logging a day twice asks before replacing (--replace skips the question)."""
    cli.json("log", kim, "--date", MON_1, "--as-prescribed", "--pain", "1")
    answers = "\n" * 24 + "5\n" + "\n\n\n" + "\n" + "\n"
    kept = cli("log", kim, "--date", MON_1, input=answers + "n\n")
    assert kept.exit_code == 0, kept.output
    assert "already logged. Replace it?" in kept.stdout
    assert [log["pain"] for log in cli.json("history", kim, "--days", "92")["logs"]] == [1]
    replaced = cli("log", kim, "--date", MON_1, input=answers + "y\n")
    assert replaced.exit_code == 0, replaced.output
    assert [log["pain"] for log in cli.json("history", kim, "--days", "92")["logs"]] == [5]


def test_a_negative_load_in_set_names_the_load(cli: Cli, kim: str) -> None:
    result = cli("log", kim, "--date", MON_1, "--set", f"{HEEL_RAISE}:left:3x10@-5", "--pain", "1")
    assert result.exit_code == 2
    assert "--set load: '-5' is not allowed; expected 0 to 500 kg" in result.stderr


def test_what_history_json_prints_is_accepted_by_log_file(
    cli: Cli, kim: str, tmp_path: Path
) -> None:
    """A printed log, or a whole history (its log picked by --date and --session), logs the
    same session again: what was done, the warning signs, pain, notes."""
    first = cli.json(
        "log",
        kim,
        "--date",
        FRI_1,
        "--session",
        "strength",
        "--set",
        f"{HEEL_RAISE}:left:4x14@5",
        "--as-prescribed",
        "--pain",
        "3",
        "--notes",
        "windy",
        "--tightness",
    )
    cli.json(
        "log", kim, "--date", WED_1, "--session", "technique", "--as-prescribed", "--pain", "1"
    )
    printed = tmp_path / "log.json"
    printed.write_text(json.dumps(first), encoding="utf-8")
    history = tmp_path / "history.json"
    history.write_text(json.dumps(cli.json("history", kim, "--days", "92")), encoding="utf-8")

    def done(document: dict[str, Any]) -> list[Any]:
        return [(i["exercise"], i["side"], i["actual"]) for i in document["items"]]

    again = cli.json("log", kim, "--file", str(printed), "--replace")
    assert done(again) == done(first)
    assert (again["pain"], again["notes"], again["unusual_tightness"]) == (3, "windy", True)

    ambiguous = cli("log", kim, "--file", str(history), "--replace")
    assert ambiguous.exit_code == 2
    assert "2 of its 2 logs fit" in ambiguous.output and "--date" in ambiguous.output
    picked = cli.json("log", kim, "--file", str(history), "--date", FRI_1, "--replace")
    assert done(picked) == done(first) and picked["session"] == "strength"
    none = cli("log", kim, "--file", str(history), "--date", MON_1)
    assert none.exit_code == 2 and "0 of its 2 logs fit" in none.output


# --- reads beside a writer (issue 13, point 4) -----------------------------------------------
# A command that only reads answers while another program holds SQLite's write lock: its
# transactions open deferred (bootstrap.READING_ONLY, as the server's GETs do), and opening
# the database reads the schema revision the same way, so it never waits for the lock. Before,
# every command began with BEGIN IMMEDIATE and a read failed after the busy timeout.

READS = (
    ("status", "kim"),
    ("history", "kim"),
    ("today", "kim"),
    ("week", "kim"),
    ("plan", "show", "kim"),
    ("plan", "history", "kim"),
    ("assessments", "kim"),
    ("locks", "kim"),
    ("runs", "kim"),
    ("athlete", "list"),
    ("athlete", "show", "kim"),
    ("caseload",),
)


# How long the check-in below waits for the lock before it is refused: a short wait, so the
# test does not sit out the product's 5 s (the setting is the one a user has).
BUSY_TIMEOUT_MS = 200


def test_read_commands_answer_while_another_connection_holds_the_write_lock(
    cli: Cli, kim: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, str(BUSY_TIMEOUT_MS))
    logged = cli("log", kim, "--date", START.isoformat(), "--as-prescribed", "--pain", "2")
    assert logged.exit_code == 0, logged.output
    writer = sqlite3.connect(cli.db, timeout=0, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the write lock, held as a long import would
    writer.execute("UPDATE athletes SET name = name")
    try:
        # A command that asked for the write lock would wait out the busy timeout and then
        # fail with "try again" (the check-in below does, after the setting's wait): answering
        # at all shows it never asked, with no clock in the test.
        for command in READS:
            result = cli(*command, "--json")
            assert result.exit_code == 0, (command, result.output)
        for fmt in ("ical", "json"):
            target = str(tmp_path / f"kim.{fmt}")
            exported = cli("export", kim, "--format", fmt, "--output", target)
            assert exported.exit_code == 0, exported.output
        # A write still waits for the lock, then says to try again: never a traceback.
        refused = cli("checkin", kim, "--morning-pain", "1", "--stiffness", "1")
        assert refused.exit_code != 0 and "try again" in refused.output
        assert f"for more than {BUSY_TIMEOUT_MS / 1000:g} s" in refused.output
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# --- an edit guarded by the version it was made on (issue 13, point 3) -----------------------


def _one_line_stale(result: Any, current: int) -> None:
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert "changed elsewhere" in result.stderr and f"version {current}" in result.stderr


def test_log_if_version_replaces_only_the_version_named(cli: Cli, kim: str) -> None:
    first = cli.json("log", kim, "--date", MON_1, "--as-prescribed", "--pain", "2")
    assert first["version"] == 1
    out = _ok(
        cli, "log", kim, "--date", MON_1, "--as-prescribed", "--pain", "3", "--if-version", "1"
    )
    assert "(pain 3/10). Version 2." in out  # naming the version implies --replace
    # Another terminal still holds version 1: refused in one line, nothing written.
    stale = cli("log", kim, "--date", MON_1, "--as-prescribed", "--pain", "6", "--if-version", "1")
    _one_line_stale(stale, 2)
    logs = cli.json("history", kim, "--days", "92")["logs"]
    assert [(log["pain"], log["version"]) for log in logs] == [(3, 2)]


def test_checkin_if_version_replaces_only_the_version_named(cli: Cli, kim: str) -> None:
    morning = ["checkin", kim, "--date", day(1), "--stiffness", "2"]
    assert cli.json(*morning, "--morning-pain", "1")["version"] == 1
    out = _ok(cli, *morning, "--morning-pain", "2", "--if-version", "1")
    assert "Version 2." in out
    stale = cli(*morning, "--morning-pain", "5", "--if-version", "1")
    _one_line_stale(stale, 2)
    mornings = cli.json("history", kim, "--days", "92")["check_ins"]
    assert [(m["morning_pain"], m["version"]) for m in mornings] == [(2, 2)]


@pytest.mark.parametrize("command", ["log", "checkin"])
def test_if_version_is_a_positive_whole_number(cli: Cli, kim: str, command: str) -> None:
    values = (
        ["--as-prescribed", "--pain", "2"]
        if command == "log"
        else ["--morning-pain", "1", "--stiffness", "1"]
    )
    result = cli(command, kim, "--date", MON_1, *values, "--if-version", "0")
    assert result.exit_code == 2 and "--if-version" in result.stderr


def test_if_version_of_a_day_with_nothing_stored_is_refused(cli: Cli, kim: str) -> None:
    """A version names a stored log or morning: on a day with none (a slip of the date), it
    was recorded as new before; now one line, exit 2, nothing written."""
    log = cli("log", kim, "--date", MON_1, "--as-prescribed", "--pain", "2", "--if-version", "1")
    assert log.exit_code == 2 and "no strength session of" in log.stderr
    assert log.stderr.count("\n") == 1
    morning = ["--morning-pain", "1", "--stiffness", "1", "--if-version", "1"]
    checked = cli("checkin", kim, "--date", day(1), *morning)
    assert checked.exit_code == 2 and "no check-in of the morning" in checked.stderr
    history = cli.json("history", kim, "--days", "92")
    assert history["logs"] == [] and history["check_ins"] == []
