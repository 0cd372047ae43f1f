"""`anklet state rebuild`: the kept state rebuilt from the history, and what was kept before."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import delete, func, select

from anklet.storage.engine import make_engine
from anklet.storage.state_tables import athlete_states, engine_decisions
from tests.cli.conftest import Cli


def _today() -> str:
    return date.today().isoformat()


def _kept_rows(cli: Cli) -> tuple[int, int]:
    engine = make_engine(f"sqlite:///{cli.db}")
    with engine.connect() as connection:
        states = connection.execute(select(func.count()).select_from(athlete_states)).scalar()
        decisions = connection.execute(select(func.count()).select_from(engine_decisions)).scalar()
    engine.dispose()
    return int(states or 0), int(decisions or 0)


def test_a_state_kept_on_every_write_agrees_with_a_rebuild(cli: Cli, sam: str) -> None:
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert cli("screen", sam, "--none").exit_code == 0
    assert (
        cli(
            "checkin", sam, "--date", yesterday, "--morning-pain", "1", "--stiffness", "1"
        ).exit_code
        == 0
    )
    assert cli("checkin", sam, "--morning-pain", "6", "--stiffness", "5").exit_code == 0
    kept, decisions = _kept_rows(cli)
    assert kept == 1
    found = cli.json("state", "rebuild", sam)["rebuilt"]
    assert [r["before"] for r in found] == ["agreed"]
    assert found[0]["decisions"] == decisions


def test_a_missing_state_is_rebuilt_for_every_athlete(cli: Cli, sam: str) -> None:
    assert cli("athlete", "add", "kim", "--name", "Kim").exit_code == 0
    assert cli("screen", sam, "--yes", "8").exit_code == 0  # a red flag: locked
    engine = make_engine(f"sqlite:///{cli.db}")
    with engine.begin() as connection:
        connection.execute(delete(athlete_states))  # as a database from before 0010
    engine.dispose()
    result = cli("state", "rebuild", "--all")
    assert result.exit_code == 0, result.output
    assert "sam: 0 decisions, 2 flags; before: nothing was kept" in result.output
    assert "kim:" in result.output
    assert _kept_rows(cli)[0] == 2
    again = cli.json("state", "rebuild", sam)["rebuilt"][0]
    assert again["before"] == "agreed"
    assert {f["code"] for f in again["flags"]} == {"red-flag", "locked"}


def test_one_handle_or_all_never_both_nor_neither(cli: Cli, sam: str) -> None:
    both = cli("state", "rebuild", sam, "--all")
    assert both.exit_code == 2 and "give one handle, or --all" in both.output
    neither = cli("state", "rebuild")
    assert neither.exit_code == 2
    unknown = cli("state", "rebuild", "nobody")
    assert unknown.exit_code == 2 and "nobody" in unknown.output


def test_the_caseload_lists_the_locked_athlete_first(cli: Cli, sam: str) -> None:
    assert cli("athlete", "add", "kim", "--name", "Kim").exit_code == 0
    assert cli("screen", "kim", "--none").exit_code == 0
    assert cli("screen", sam, "--yes", "8").exit_code == 0
    found = cli.json("caseload")["athletes"]
    assert [r["handle"] for r in found] == ["sam", "kim"]
    text = cli("caseload", "--only", "locked")
    assert text.exit_code == 0 and "sam" in text.output and "kim" not in text.output
    bad = cli("caseload", "--order", "age")
    assert bad.exit_code == 2 and "order" in bad.output
