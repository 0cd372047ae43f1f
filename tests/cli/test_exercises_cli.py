"""`anklet exercises list|show`: filters, JSON with every field, custom catalogues, clean errors.

The catalogue needs no database: these run against the real Typer app with no --db at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from anklet.cli.app import app

# Wide output so Rich tables do not wrap the words the tests look for.
ENV = {"COLUMNS": "200", "ANKLET_CATALOGUE": ""}

ISSUE_FIELDS = {
    "id", "name", "aliases", "category", "targets", "muscles", "stage", "equipment", "per_side",
    "knee", "dosing", "minutes", "cues", "faults", "regressions", "progressions", "gates",
    "contraindications", "sources",
}  # fmt: skip
DOSING_FIELDS = {"stage", "sets", "reps", "hold_s", "tempo", "rest_s", "load"}

CUSTOM = """
[[exercise]]
id = "stair-calf-walk"
name = "Stair calf walk"
category = "integration"
stage = 3
targets = ["plantarflexion"]
summary = "Walking up stairs on the balls of the feet."
cues = ["Heels never touch", "Tall posture", "Slow and steady"]
sources = ["coach's own drill"]
regressions = ["tempo-heel-raise"]

[[exercise.dosing]]
stage = 3
sets = 3
reps = 20
"""


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, ["exercises", *args], env={**ENV, **(env or {})})


def run_json(*args: str, env: dict[str, str] | None = None) -> Any:
    result = run(*args, "--json", env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_shows_at_least_30_exercises() -> None:
    """Done means the list shows at least 30 exercises, in a table and in JSON."""
    document = run_json("list")
    assert document["count"] == len(document["exercises"]) >= 30
    table = run("list")
    assert table.exit_code == 0
    assert "kneeling-ankle-rock" in table.stdout and "pogo-hop" in table.stdout


def test_list_json_carries_every_field_the_issue_names() -> None:
    """Each exercise in --json has all issue-3 fields, dosing included."""
    for exercise in run_json("list")["exercises"]:
        assert set(exercise) >= ISSUE_FIELDS, exercise["id"]
        for dose in exercise["dosing"]:
            assert set(dose) >= DOSING_FIELDS


@pytest.mark.parametrize(
    ("option", "value", "check"),
    [
        ("--stage", "4", lambda e: e["stage"] == 4),
        ("--target", "eversion", lambda e: "eversion" in e["targets"]),
        ("--equipment", "wobble-board", lambda e: "wobble-board" in e["equipment"]),
        ("--equipment", "none", lambda e: e["equipment"] == []),
        ("--category", "plyometric", lambda e: e["category"] == "plyometric"),
    ],
)
def test_each_filter_keeps_only_matching_exercises(option: str, value: str, check: Any) -> None:
    """A filter narrows the list and every exercise left matches it."""
    everything = run_json("list")["count"]
    kept = run_json("list", option, value)["exercises"]
    assert 0 < len(kept) < everything
    assert all(check(exercise) for exercise in kept)


def test_filters_combine() -> None:
    """Stage and target together: stage-1 plantarflexion work only."""
    kept = run_json("list", "--stage", "1", "--target", "plantarflexion")["exercises"]
    assert kept and all(e["stage"] == 1 and "plantarflexion" in e["targets"] for e in kept)


def test_the_test_category_lists_the_two_tests() -> None:
    """The two measurements are listed as tests."""
    ids = [e["id"] for e in run_json("list", "--category", "test")["exercises"]]
    assert ids == ["knee-to-wall-lunge", "paced-single-leg-heel-raise"]


@pytest.mark.parametrize(
    ("option", "value", "allowed"),
    [
        ("--stage", "5", "1, 2, 3 or 4"),
        ("--target", "knees", "dorsiflexion, plantarflexion, eversion"),
        ("--equipment", "rope", "band, cable, step, wobble-board, box, weights, wall, or none"),
        ("--category", "cardio", "mobility, soft-tissue, strength"),
    ],
)
def test_a_bad_filter_value_exits_2_naming_option_value_and_allowed(
    option: str, value: str, allowed: str
) -> None:
    """A clean one-line message and exit code 2, never a traceback."""
    result = run("list", option, value)
    assert result.exit_code == 2
    assert option in result.stderr and value in result.stderr and allowed in result.stderr
    assert "Traceback" not in result.output


def test_show_prints_cues_dosing_gates_chain_and_sources() -> None:
    """Everything a user needs while training, for one exercise."""
    result = run("show", "pogo-hop")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for expected in (
        "Double-leg pogo hops",
        "Bounce from the ankles, knees quiet",
        "Dosing per stage",
        "paced single-leg heel raise of at least 20 reps on each side",
        "heel-raise limb symmetry (LSI) of at least 90 %",
        "pogo-hop <- penguin-march <- tempo-variation-calf-raise",
        "pogo-hop -> single-leg-hop",
        "Potach & Chu 2016",
        "[U]",
    ):
        assert expected in text, expected


def test_show_prints_the_week_by_week_hsr_ladder() -> None:
    """The HSR block's steps appear with the dosing."""
    text = run("show", "hsr-straight-knee-calf-raise").stdout
    assert "week 1: 3 × 15" in text and "weeks 9-12: 4 × 6" in text


def test_show_json_adds_the_chains_to_every_field() -> None:
    """--json carries every field plus the main regression and progression chains."""
    document = run_json("show", "tempo-heel-raise")
    assert set(document) >= ISSUE_FIELDS
    assert document["regression_chain"] == ["isometric-calf-hold", "ankle-hinge", "ankle-circles"]
    assert document["progression_chain"][0] == "single-leg-heel-raise"
    assert document["gates"] == [
        {
            "metric": "recent-pain",
            "threshold": 3,
            "at_most": True,
            "note": "",
            "text": "pain of at most 3/10 over the last 7 days",
        }
    ]


def test_show_finds_an_exercise_by_alias() -> None:
    """'WBLT' is the lunge test."""
    assert run_json("show", "WBLT")["id"] == "knee-to-wall-lunge"


def test_an_unknown_id_suggests_the_closest_match() -> None:
    """A typo gets 'did you mean' and exit code 2."""
    result = run("show", "tibialis-rase")
    assert result.exit_code == 2
    assert "no exercise named 'tibialis-rase'; did you mean 'tibialis-raise'?" in result.stderr


def test_a_custom_catalogue_file_is_merged(tmp_path: Path) -> None:
    """--catalogue FILE adds the user's exercises to list and show."""
    path = tmp_path / "mine.toml"
    path.write_text(CUSTOM, encoding="utf-8")
    ids = [e["id"] for e in run_json("list", "--catalogue", str(path))["exercises"]]
    assert "stair-calf-walk" in ids
    shown = run_json("show", "stair-calf-walk", "--catalogue", str(path))
    assert shown["origin"] == str(path)


def test_the_catalogue_file_can_come_from_the_environment(tmp_path: Path) -> None:
    """ANKLET_CATALOGUE is used when --catalogue is not given."""
    path = tmp_path / "mine.toml"
    path.write_text(CUSTOM, encoding="utf-8")
    document = run_json("show", "stair-calf-walk", env={"ANKLET_CATALOGUE": str(path)})
    assert document["name"] == "Stair calf walk"


def test_a_broken_custom_file_exits_2_naming_file_exercise_and_field(tmp_path: Path) -> None:
    """The loader's precise message reaches the user unchanged."""
    path = tmp_path / "broken.toml"
    path.write_text(CUSTOM.replace("stage = 3\ntargets", "stage = 9\ntargets"), encoding="utf-8")
    result = run("list", "--catalogue", str(path))
    assert result.exit_code == 2
    assert f"{path}, exercise 'stair-calf-walk', field 'stage'" in result.stderr


def test_exercises_need_no_database(tmp_path: Path) -> None:
    """A --db path that cannot exist is never touched by the catalogue commands."""
    missing = tmp_path / "no" / "such" / "folder" / "anklet.db"
    result = CliRunner().invoke(app, ["--db", str(missing), "exercises", "list", "--json"], env=ENV)
    assert result.exit_code == 0, result.output
    assert not missing.parent.exists()


def test_literal_help_texts_name_every_choice() -> None:
    """The filter help is written out (start-up speed); it must still list every choice."""
    from anklet.cli import exercises as cli_exercises
    from anklet.domain.athlete import Equipment
    from anklet.domain.exercises import STAGE_LABELS, Category, Target

    for stage, label in STAGE_LABELS.items():
        assert f"{int(stage)} {label}" in cli_exercises.STAGE_HELP
    assert all(t.value in cli_exercises.TARGET_HELP for t in Target)
    assert all(e.value in cli_exercises.EQUIPMENT_HELP for e in Equipment)
    assert all(c.value in cli_exercises.CATEGORY_HELP for c in Category)
