"""`anklet screen`, `anklet clear` and `anklet locks`: the lock shows on the athlete until a
clearance names it, and the history keeps every lock and clearance in order."""

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

    cleared = cli.json("clear", sam, "--by", "Dr Lee, physiotherapist", "--note", "scan clear")
    assert cleared == cleared | {
        "cleared_by": "Dr Lee, physiotherapist",
        "note": "scan clear",
        "locked": False,
        "lock_reason": None,
    }
    assert [key.rsplit(":", 1)[1] for key in cleared["lifts"]] == ["q2"]
    assert cli.json("athlete", "show", sam)["locked"] is False


def test_interactive_screening_asks_every_question(cli: Cli, sam: str) -> None:
    answers = "n\n" * 5 + "y\ny\n" + "n\n" * 4  # yes to 6, only during exercise
    result = cli("screen", sam, input=answers)
    assert result.exit_code == 0, result.output
    for number in range(1, 11):
        assert f"{number}. " in result.stdout
    assert "strongest action soon" in result.stdout


def test_clear_without_a_lock_and_bad_answers_exit_2(cli: Cli, sam: str) -> None:
    nothing = cli("clear", sam, "--by", "Dr Lee", "--note", "x")
    assert nothing.exit_code == 2 and "nothing to clear" in nothing.stderr
    bad = cli("screen", sam, "--yes", "1,42")
    assert bad.exit_code == 2
    assert "--yes: '1,42'" in bad.stderr
    assert cli("screen", sam, "--yes", "1", "--none").exit_code == 2
    assert cli.json("athlete", "show", sam)["screenings"] == 0


def _two_locks(cli: Cli, sam: str) -> tuple[str, str]:
    """A same-day flag (all loading) and a bone-stress flag (impact): two open locks."""
    cli.json("screen", sam, "--yes", "5")
    cli.json("screen", sam, "--yes", "8")
    locks = cli.json("locks", sam)["locks"]
    assert [(entry["restriction"], entry["rule"]) for entry in locks] == [
        ("all-loading", "screening.red-flag-5"),
        ("impact", "screening.red-flag-8"),
    ]
    assert all(entry["key"] and entry["since"] and entry["reason"] for entry in locks)
    return locks[0]["key"], locks[1]["key"]


def test_clear_needs_who_cleared(cli: Cli, sam: str) -> None:
    _two_locks(cli, sam)
    missing = cli("clear", sam, "--note", "scan clear")
    assert missing.exit_code == 2
    assert "--by: 'missing' is not allowed; expected who cleared you" in missing.stderr
    blank = cli("clear", sam, "--by", "  ", "--note", "scan clear")
    assert blank.exit_code == 2 and "--by: '  '" in blank.stderr
    assert cli.json("locks", sam)["locked"] is True


def test_a_lift_key_that_is_not_open_exits_2_listing_the_open_keys(cli: Cli, sam: str) -> None:
    fracture, bone = _two_locks(cli, sam)
    bad = cli("clear", sam, "--by", "Dr Lee", "--note", "ok", "--lift", "screening:9:q1")
    assert bad.exit_code == 2, bad.output
    assert "--lift: 'screening:9:q1' is not allowed" in bad.stderr
    assert f"the key of an open lock: {fracture}, {bone}" in bad.stderr
    assert len(cli.json("locks", sam)["locks"]) == 2, "a refused clearance lifts nothing"


def test_a_clearance_that_lifts_one_of_two_locks_leaves_the_other_open(cli: Cli, sam: str) -> None:
    fracture, bone = _two_locks(cli, sam)
    cleared = cli(
        "clear", sam, "--by", "Dr Lee, physio", "--note", "x-ray clear", "--lift", fracture
    )
    assert cleared.exit_code == 0, cleared.output
    assert f"lifted: {fracture}" in cleared.stdout and "Still locked" in cleared.stdout
    still = cli.json("locks", sam)
    assert still["locked"] is True
    assert [entry["key"] for entry in still["locks"]] == [bone]
    table = cli("locks", sam)
    assert bone in table.stdout and fracture not in table.stdout
    assert "restricts impact" in table.stdout

    cli.json("clear", sam, "--by", "myself, after re-screening", "--note", "no shin pain")
    assert cli.json("locks", sam) == {"athlete": sam, "locked": False, "locks": []}
    assert "No open locks" in cli("locks", sam).stdout

    history = cli.json("locks", sam, "--history")["entries"]
    assert [(e["kind"], e["key"], e["cleared_by"], e["lifts"]) for e in history] == [
        ("lock", fracture, None, None),
        ("lock", bone, None, None),
        ("clearance", None, "Dr Lee, physio", [fracture]),
        ("clearance", None, "myself, after re-screening", [bone]),
    ]
    assert [e["still_open"] for e in history[:2]] == [False, False]
    printed = cli("locks", sam, "--history").stdout
    assert printed.index(f"LOCK {fracture}") < printed.index("CLEARANCE by Dr Lee, physio")
    assert f"lifted {bone}" in printed
    # `anklet history` carries the same lines.
    assert cli.json("history", sam, "--days", "92")["locks"] == history
    assert "CLEARANCE by myself, after re-screening" in cli("history", sam, "--days", "92").stdout


def test_interactive_clear_lists_the_open_locks_and_asks_which(cli: Cli, sam: str) -> None:
    fracture, bone = _two_locks(cli, sam)
    result = cli("clear", sam, input="2\nDr Lee, physio\nno shin pain\n")
    assert result.exit_code == 0, result.output
    assert f"1. {fracture}" in result.stdout and f"2. {bone}" in result.stdout
    assert [entry["key"] for entry in cli.json("locks", sam)["locks"]] == [fracture]
    everything = cli("clear", sam, input="\nDr Lee\nall clear\n")
    assert everything.exit_code == 0, everything.output
    assert cli.json("locks", sam)["locked"] is False


def test_interactive_clear_checks_each_answer_as_it_is_given(cli: Cli, sam: str) -> None:
    fracture, bone = _two_locks(cli, sam)
    # A lock that is not listed, then nobody named, then nothing said: each is refused as soon
    # as it is typed, with the field, the value and what is allowed, and asked again.
    result = cli("clear", sam, input="7\n2\n  \nDr Lee, physio\n\nno shin pain\n")
    assert result.exit_code == 0, result.output
    assert "error: lift: '7' is not allowed; expected numbers from 1 to 2" in result.stderr
    assert "error: cleared_by: '' is not allowed; expected 1 to" in result.stderr
    assert "error: note: '' is not allowed; expected 1 to" in result.stderr
    assert result.stderr.count("Try again.") == 3
    # The bad lock number was said before the next question was asked.
    assert result.output.index("lift: '7'") < result.output.index("Who cleared you")
    assert [entry["key"] for entry in cli.json("locks", sam)["locks"]] == [fracture]
    entries = cli.json("locks", sam, "--history")["entries"]
    (cleared,) = [entry for entry in entries if entry["kind"] == "clearance"]
    assert (cleared["cleared_by"], cleared["lifts"]) == ("Dr Lee, physio", [bone])


def test_interactive_screening_checks_each_answer_as_it_is_given(cli: Cli, sam: str) -> None:
    answers = "maybe\nn\n" + "n\n" * 4 + "y\nsometimes\ny\n" + "n\n" * 4
    result = cli("screen", sam, input=answers)
    assert result.exit_code == 0, result.output
    assert (
        "error: question 1: 'maybe' is not allowed; expected y or n (Enter: n). Try again."
        in result.stderr
    )
    assert "error: question 6, only during exercise: 'sometimes' is not allowed" in result.stderr
    # Said at once, before question 2 was asked, not after the tenth.
    assert result.output.index("'maybe' is not allowed") < result.output.index("2. ")
    assert "strongest action soon" in result.stdout


def test_locks_of_an_unknown_athlete_exit_2(cli: Cli) -> None:
    assert cli("locks", "ghost").exit_code == 2
    assert cli("locks", "ghost", "--history").exit_code == 2
