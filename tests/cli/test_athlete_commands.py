"""`anklet athlete add | edit | list | show`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli


def test_add_then_show_as_json(cli: Cli) -> None:
    result = cli(
        "athlete",
        "add",
        "kim",
        "--name",
        "Kim Lee",
        "--birth-year",
        "1985",
        "--sex",
        "female",
        "--goal",
        "squat",
        "--days",
        "tue,thu,sat",
        "--minutes",
        "45",
        "--equipment",
        "band,box,wall",
        "--units",
        "imperial",
    )
    assert result.exit_code == 0, result.output
    shown = cli.json("athlete", "show", "kim")
    assert shown == shown | {
        "handle": "kim",
        "name": "Kim Lee",
        "birth_year": 1985,
        "sex": "female",
        "goal": "squat",
        "days": ["tue", "thu", "sat"],
        "minutes": 45,
        "equipment": ["band", "box", "wall"],
        "units": "imperial",
        "locked": False,
        "lock_reason": None,
    }


def test_list_shows_every_athlete_in_a_table_and_as_json(cli: Cli, sam: str) -> None:
    cli("athlete", "add", "al", "--name", "Al")
    assert [a["handle"] for a in cli.json("athlete", "list")] == ["al", "sam"]
    table = cli("athlete", "list")
    assert "Athletes" in table.stdout and "sam" in table.stdout


def test_edit_changes_only_what_is_given(cli: Cli, sam: str) -> None:
    assert cli("athlete", "edit", sam, "--minutes", "20").exit_code == 0
    shown = cli.json("athlete", "show", sam)
    assert (shown["minutes"], shown["name"], shown["birth_year"]) == (20, "Sam", 1990)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["athlete", "add", "Bad Handle", "--name", "x"], "handle: 'Bad Handle'"),
        (["athlete", "add", "pat", "--name", "Pat", "--birth-year", "1850"], "birth_year: 1850"),
        (["athlete", "add", "pat", "--name", "Pat", "--sex", "other"], "--sex: 'other'"),
        (["athlete", "add", "pat", "--name", "Pat", "--days", "mon,funday"], "--days: 'funday'"),
        (["athlete", "add", "pat", "--name", "Pat", "--equipment", "rope"], "--equipment: 'rope'"),
        (["athlete", "add", "pat", "--name", "Pat", "--minutes", "0"], "minutes: 0"),
        (["athlete", "add", "sam", "--name", "Again"], "already taken"),
        (["athlete", "show", "ghost"], "no athlete named 'ghost'"),
        (["athlete", "edit", "sam"], "at least one option"),
    ],
)
def test_bad_input_exits_2_with_a_message_naming_field_and_value(
    cli: Cli, sam: str, args: list[str], message: str
) -> None:
    before = cli.json("athlete", "list")
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert cli.json("athlete", "list") == before


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("postgresql://postgres:secret@127.0.0.1:1/none", "cannot open"),
        ("nosuchdialect://x", "is not a usable URL"),
    ],
)
def test_an_unusable_database_is_a_clean_error_that_hides_the_password(
    db: str, message: str
) -> None:
    result = Cli(db)("athlete", "list")
    assert result.exit_code == 2
    assert message in result.stderr
    assert "secret" not in result.stderr
    assert "Traceback" not in result.output


def test_a_file_that_is_not_a_database_is_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list: eggs, milk\n" * 100, encoding="utf-8")
    result = Cli(str(path))("athlete", "list")
    assert result.exit_code == 2, result.output
    assert "cannot open" in result.stderr and "file is not a database" in result.stderr
    assert "Traceback" not in result.output


def test_body_mass_is_optional_shown_and_edited(cli: Cli, sam: str) -> None:
    assert cli.json("athlete", "show", sam)["body_mass_kg"] is None
    assert cli("athlete", "edit", sam, "--body-mass-kg", "104.5").exit_code == 0
    assert cli.json("athlete", "show", sam)["body_mass_kg"] == 104.5
    assert "104.5 kg" in cli("athlete", "show", sam).stdout
    added = cli("athlete", "add", "kim", "--name", "Kim", "--body-mass-kg", "61")
    assert added.exit_code == 0, added.output
    assert cli.json("athlete", "show", "kim")["body_mass_kg"] == 61


@pytest.mark.parametrize("command", ["add", "edit"])
@pytest.mark.parametrize("kg", ["20", "300"])
def test_a_body_mass_outside_30_to_250_kg_exits_2_naming_field_value_and_range(
    cli: Cli, sam: str, command: str, kg: str
) -> None:
    before = cli.json("athlete", "list")
    args = ["add", "pat", "--name", "Pat"] if command == "add" else ["edit", sam]
    result = cli("athlete", *args, "--body-mass-kg", kg)
    assert result.exit_code == 2
    assert f"body_mass_kg: {float(kg)}" in result.stderr
    assert "30 to 250 kg" in result.stderr
    assert "Traceback" not in result.output
    assert cli.json("athlete", "list") == before
