"""`anklet screen` and `anklet clear`: the lock shows on the athlete until cleared."""

from __future__ import annotations

from tests.cli.conftest import Cli


def test_none_means_no_red_flags(cli: Cli, sam: str) -> None:
    screening = cli.json("screen", sam, "--none")
    assert screening == screening | {"action": "none", "locked": False, "flags": []}


def test_a_same_day_flag_locks_until_cleared(cli: Cli, sam: str) -> None:
    screening = cli.json("screen", sam, "--yes", "2,7")
    assert screening["action"] == "same-day"
    assert screening["locked"] is True
    assert [(f["question"], f["action"]) for f in screening["flags"]] == [
        (2, "same-day"),
        (7, "soon"),
    ]
    assert all(f["advice"] for f in screening["flags"])

    shown = cli.json("athlete", "show", sam)
    assert shown["locked"] is True
    assert "red flag 2" in shown["lock_reason"]

    cleared = cli("clear", sam, "--note", "Seen by Dr Lee; scan clear")
    assert cleared.exit_code == 0, cleared.output
    assert cli.json("athlete", "show", sam)["locked"] is False


def test_interactive_screening_asks_every_question(cli: Cli, sam: str) -> None:
    answers = "n\n" * 5 + "y\ny\n" + "n\n" * 4  # yes to 6, only during exercise
    result = cli("screen", sam, input=answers)
    assert result.exit_code == 0, result.output
    for number in range(1, 11):
        assert f"{number}. " in result.stdout
    assert "strongest action soon" in result.stdout


def test_clear_without_a_lock_and_bad_answers_exit_2(cli: Cli, sam: str) -> None:
    assert cli("clear", sam, "--note", "x").exit_code == 2
    bad = cli("screen", sam, "--yes", "1,42")
    assert bad.exit_code == 2
    assert "--yes: '1,42'" in bad.stderr
    assert cli("screen", sam, "--yes", "1", "--none").exit_code == 2
    assert cli.json("athlete", "show", sam)["screenings"] == 0
