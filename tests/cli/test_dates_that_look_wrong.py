"""`anklet assess` and `anklet checkin` with a date that looks wrong (before the athlete was
added, or more than 365 days ago): refused with exit 2 and "pass --yes" when nobody can
answer, asked about on a terminal, stored with --yes."""

from __future__ import annotations

import os
import pty
import select
import subprocess
from datetime import date, timedelta

from tests.cli.conftest import Cli
from tests.cli.test_entry_point import _anklet

LAST_MONTH = (date.today() - timedelta(days=30)).isoformat()
LAST_YEAR = (date.today() - timedelta(days=400)).isoformat()


def _new_athlete(cli: Cli) -> str:
    """Added today: last month's date is before the athlete was added."""
    added = cli("athlete", "add", "ana", "--name", "Ana")
    assert added.exit_code == 0, added.output
    return "ana"


def test_a_test_dated_before_the_athlete_was_added_exits_2_saying_to_pass_yes(cli: Cli) -> None:
    ana = _new_athlete(cli)
    result = cli("assess", ana, "--date", LAST_MONTH, "--lunge-left", "10")
    assert result.exit_code == 2
    assert f"date: '{LAST_MONTH}' is not allowed" in result.stderr
    assert "before the athlete was added" in result.stderr
    assert result.stderr.rstrip().endswith("pass --yes if the date is right")
    assert cli.json("assessments", ana) == []
    stored = cli.json("assess", ana, "--date", LAST_MONTH, "--lunge-left", "10", "--yes")
    assert stored["date"] == LAST_MONTH


def test_a_check_in_more_than_a_year_ago_exits_2_until_confirmed(cli: Cli, sam: str) -> None:
    """sam joined 90 days ago; 400 days ago is also more than 365 days before today."""
    morning = ("--morning-pain", "1", "--stiffness", "2")
    result = cli("checkin", sam, "--date", LAST_YEAR, *morning)
    assert result.exit_code == 2
    assert f"date: '{LAST_YEAR}' is not allowed" in result.stderr
    assert "pass --yes if the date is right" in result.stderr
    assert cli.json("history", sam, "--days", "92")["check_ins"] == []
    stored = cli.json("checkin", sam, "--date", LAST_YEAR, *morning, "--yes")
    assert stored["date"] == LAST_YEAR


def test_a_check_in_since_the_athlete_joined_needs_no_yes(cli: Cli, sam: str) -> None:
    stored = cli.json(
        "checkin", sam, "--date", LAST_MONTH, "--morning-pain", "0", "--stiffness", "1"
    )
    assert stored["date"] == LAST_MONTH


def _in_a_terminal(args: list[str], answer: bytes) -> tuple[int, str]:
    """Run the installed command on a pseudo-terminal, answer its question, collect output."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        args, stdin=terminal, stdout=terminal, stderr=terminal, close_fds=True
    )
    os.close(terminal)
    output = b""
    answered = False
    while True:
        ready, _, _ = select.select([controller], [], [], 30)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(controller, 1024)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        output += chunk
        if not answered and b"Is it right?" in output:
            os.write(controller, answer)
            answered = True
    os.close(controller)
    return process.wait(timeout=30), output.decode(errors="replace")


def test_on_a_terminal_the_date_is_asked_about_and_a_yes_stores_it(cli: Cli) -> None:
    ana = _new_athlete(cli)
    args = [*_anklet(), "--db", cli.db, "assess", ana, "--date", LAST_MONTH, "--lunge-left", "10"]
    code, output = _in_a_terminal(args, b"y\n")
    assert code == 0, output
    assert f"The date {LAST_MONTH} looks wrong: it is before the athlete was added" in output
    assert [a["date"] for a in cli.json("assessments", ana)] == [LAST_MONTH]


def test_on_a_terminal_a_no_stores_nothing(cli: Cli) -> None:
    ana = _new_athlete(cli)
    args = [*_anklet(), "--db", cli.db, "checkin", ana, "--date", LAST_MONTH]
    code, output = _in_a_terminal([*args, "--morning-pain", "1", "--stiffness", "1"], b"n\n")
    assert code == 2, output
    assert "pass --yes if the date is right" in output
    assert cli.json("history", ana, "--days", "92")["check_ins"] == []
