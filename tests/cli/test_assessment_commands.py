"""`anklet assess` and `anklet assessments`: the JSON shape of issue 2 and clean errors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.cli.conftest import Cli

# The CLI runs on the real clock; sam joined 90 days ago (tests/cli/conftest.py).
FIRST = (date.today() - timedelta(days=30)).isoformat()
SECOND = (date.today() - timedelta(days=16)).isoformat()


def test_two_assessments_show_bands_asymmetry_lsi_and_real_changes(cli: Cli, sam: str) -> None:
    first = cli.json(
        "assess",
        sam,
        "--date",
        FIRST,
        "--rater",
        "trained",
        "--lunge-left",
        "8.9",
        "--lunge-right",
        "11",
        "--heel-raise-left",
        "20",
        "--heel-raise-right",
        "30",
        "--pain-left",
        "2",
    )
    assert first["athlete"] == sam
    assert first["lunge"]["method"] == "distance-cm"
    assert first["lunge"]["left"] == {"value": 8.9, "band": "restricted"}
    assert first["lunge"]["asymmetry"] == {
        "difference": 2.1,
        "percent_of_better": 19.1,
        "class": "meaningful",
        "restricted_side": "left",
    }
    assert first["heel_raise"]["protocol"] == "paced-60bpm"
    assert first["heel_raise"]["left"]["band"] == "below-typical"
    assert first["heel_raise"]["lsi_percent"] == 66.7
    assert first["heel_raise"]["weaker_side"] == "left"
    assert first["changes"] == []
    assert {"lunge-restricted", "heel-raise-lsi"} <= {f["code"] for f in first["findings"]}

    second = cli.json(
        "assess",
        sam,
        "--date",
        SECOND,
        "--rater",
        "trained",
        "--lunge-left",
        "10.1",
        "--lunge-right",
        "11.2",
        "--heel-raise-left",
        "27",
        "--heel-raise-right",
        "29",
    )
    changes = {(c["test"], c["side"]): (c["delta"], c["real"]) for c in second["changes"]}
    assert changes[("lunge", "left")] == (1.2, False)
    assert changes[("heel-raise", "left")] == (7, True)
    assert all(c["since"] == FIRST for c in second["changes"])

    history = cli.json("assessments", sam)
    assert [h["date"] for h in history] == [FIRST, SECOND]
    table = cli("assessments", sam)
    assert "Assessments of sam" in table.stdout


def test_the_table_output_names_bands_and_findings(cli: Cli, sam: str) -> None:
    result = cli("assess", sam, "--lunge-left", "8.9", "--lunge-right", "11")
    assert result.exit_code == 0, result.output
    assert "restricted" in result.stdout
    assert "not a diagnosis" in result.stdout


def test_angle_lunges_need_an_angle_device_and_are_not_compared_with_distances(
    cli: Cli, sam: str
) -> None:
    cli.json("assess", sam, "--date", FIRST, "--lunge-left", "10", "--lunge-right", "10")
    angle = cli.json(
        "assess",
        sam,
        "--date",
        SECOND,
        "--lunge-method",
        "angle-deg",
        "--lunge-device",
        "inclinometer",
        "--lunge-placement",
        "tibial-tuberosity",
        "--lunge-left",
        "38",
        "--lunge-right",
        "40",
    )
    assert angle["changes"] == []
    assert "not-comparable" in {f["code"] for f in angle["findings"]}
    bad = cli(
        "assess", sam, "--lunge-method", "angle-deg", "--lunge-device", "tape", "--lunge-left", "38"
    )
    assert bad.exit_code == 2
    assert "lunge_device" in bad.stderr


def test_interactive_assessment_prints_instructions_and_asks_each_value(cli: Cli, sam: str) -> None:
    answers = "\n".join(["9.5", "11", "22", "", "1", "0", "35", ""]) + "\n"
    result = cli("assess", sam, input=answers)
    assert result.exit_code == 0, result.output
    assert "heel down" in result.stdout and "60 bpm" in result.stdout
    stored = cli.json("assessments", sam)[0]
    assert stored["lunge"]["left"]["value"] == 9.5
    assert stored["heel_raise"]["right"] is None
    assert stored["single_leg_stance_s"] == {"left": 35.0, "right": None}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lunge-left", "30"], "lunge_left: 30.0 is not allowed; expected 0 to 25 cm"),
        (["--lunge-left", "-1"], "lunge_left: -1.0"),
        (
            ["--lunge-method", "angle-deg", "--lunge-device", "phone", "--lunge-left", "75"],
            "0 to 70 degrees",
        ),
        (["--heel-raise-left", "151"], "heel_raise_left: 151"),
        (["--lunge-left", "10", "--pain-left", "11"], "pain_left: 11"),
        (["--lunge-left", "10", "--date", "2999-01-01"], "date: '2999-01-01'"),
        (["--lunge-left", "10", "--date", "yesterday"], "YYYY-MM-DD"),
        (["--lunge-left", "10", "--incline-deg", "5"], "incline_deg: 5"),
        (["--lunge-left", "10", "--heel-raise-protocol", "fast"], "--heel-raise-protocol"),
    ],
)
def test_bad_values_exit_2_and_write_nothing(
    cli: Cli, sam: str, args: list[str], message: str
) -> None:
    result = cli("assess", sam, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert cli.json("assessments", sam) == []


def test_typer_level_errors_also_exit_2(cli: Cli, sam: str) -> None:
    result = cli("assess", sam, "--lunge-left", "ten")
    assert result.exit_code == 2
    assert "--lunge-left" in result.output


def test_unknown_athlete_exits_2(cli: Cli) -> None:
    result = cli("assess", "ghost", "--lunge-left", "10")
    assert result.exit_code == 2
    assert "no athlete named 'ghost'" in result.stderr


def test_imperial_athletes_see_inches_beside_centimetres(cli: Cli) -> None:
    cli("athlete", "add", "pat", "--name", "Pat", "--units", "imperial")
    result = cli("assess", "pat", "--lunge-left", "4", "--lunge-right", "5")  # typed in inches
    assert result.exit_code == 0, result.output
    assert "(4.0 in)" in result.stdout and "(5.0 in)" in result.stdout
    document = cli.json("assessments", "pat")[0]
    assert document["lunge"]["left"]["value"] == 10.16, "stored and exported in cm"


def test_single_leg_stance_is_recorded_and_a_short_one_is_a_finding(cli: Cli, sam: str) -> None:
    """NSCA balance pre-test (Potach & Chu 2016): hopping waits for 30 s on each leg."""
    document = cli.json("assess", sam, "--stance-left", "22", "--stance-right", "41")
    assert document["single_leg_stance_s"] == {"left": 22.0, "right": 41.0}
    short = [f for f in document["findings"] if f["code"] == "stance-short"]
    assert [f["side"] for f in short] == ["left"]
    bad = cli("assess", sam, "--stance-left", "700")
    assert bad.exit_code == 2 and "stance_left: 700.0" in bad.stderr


ANGLE = ("--lunge-method", "angle-deg", "--lunge-device", "inclinometer", "--rater", "trained")


def test_an_angle_without_its_placement_exits_2_naming_the_three_sites(cli: Cli, sam: str) -> None:
    result = cli("assess", sam, *ANGLE, "--lunge-left", "39")
    assert result.exit_code == 2
    assert (
        "lunge_placement: None is not allowed; expected tibial-tuberosity, "
        "15cm-below-tuberosity or posterior-heel for the angle method"
    ) in result.stderr
    typo = cli("assess", sam, *ANGLE, "--lunge-placement", "knee", "--lunge-left", "39")
    assert typo.exit_code == 2
    assert "--lunge-placement: 'knee' is not allowed" in typo.stderr
    assert cli.json("assessments", sam) == []


def test_an_angle_taken_15_cm_below_is_never_compared_with_one_at_the_tuberosity(
    cli: Cli, sam: str
) -> None:
    """39.0° at the tuberosity and 44.9° 15 cm below for the same lunges (J Sci Med Sport
    2017, PMID 28108266): the 6° is the placement, not a gain."""
    at = ("--lunge-placement", "tibial-tuberosity")
    cli.json(
        "assess", sam, "--date", FIRST, *ANGLE, *at, "--lunge-left", "39", "--lunge-right", "39"
    )
    below = ("--lunge-placement", "15cm-below-tuberosity")
    moved = cli.json(
        "assess",
        sam,
        "--date",
        SECOND,
        *ANGLE,
        *below,
        "--lunge-left",
        "44.9",
        "--lunge-right",
        "45",
    )
    assert moved["lunge"]["placement"] == "15cm-below-tuberosity"
    assert moved["lunge"]["bands_indicative"] is True
    assert moved["changes"] == []
    codes = {f["code"] for f in moved["findings"]}
    assert {"not-comparable", "lunge-bands-indicative"} <= codes
    table = cli("assessments", sam)
    assert table.exit_code == 0, table.output


def test_a_left_only_re_test_is_labelled_left_side_only(cli: Cli, sam: str) -> None:
    cli.json("assess", sam, "--date", FIRST, "--lunge-left", "8.0", "--lunge-right", "11.0")
    retest = cli.json("assess", sam, "--date", SECOND, "--lunge-left", "10.5")
    assert retest["lunge"]["one_side_only"] == "left"
    assert [(c["side"], c["since_kind"]) for c in retest["changes"]] == [("left", "previous")]
    both = cli.json("assessments", sam)[0]
    assert both["lunge"]["one_side_only"] is None
    shown = cli("assess", sam, "--lunge-left", "10.6")
    assert shown.exit_code == 0, shown.output
    assert "left side only" in shown.stdout


def test_a_10_percent_asymmetry_on_a_short_lunge_is_meaningful(cli: Cli, sam: str) -> None:
    """10.0 vs 8.7 cm: under 2 cm but 13 % of the better side (Hoch & McKeon 2011)."""
    document = cli.json("assess", sam, "--lunge-left", "10", "--lunge-right", "8.7")
    assert document["lunge"]["asymmetry"]["class"] == "meaningful"
    assert document["lunge"]["asymmetry"]["restricted_side"] == "right"


def test_a_16_year_old_is_told_the_norms_are_adult_ones(cli: Cli) -> None:
    cli("athlete", "add", "lee", "--name", "Lee", "--birth-year", str(date.today().year - 16))
    document = cli.json("assess", "lee", "--lunge-left", "11", "--heel-raise-left", "30")
    note = next(f for f in document["findings"] if f["code"] == "adult-norms-under-20")
    assert note["message"].startswith("At 16, your results are compared with adult")


def test_while_loading_is_locked_the_heel_raise_exits_2_and_the_lunge_is_recorded(
    cli: Cli, sam: str
) -> None:
    assert cli.json("screen", sam, "--yes", "2")["locked"] is True
    refused = cli("assess", sam, "--lunge-left", "10", "--heel-raise-left", "25")
    assert refused.exit_code == 2
    assert "heel_raise_left: 25 is not allowed" in refused.stderr
    assert "while loading is locked" in refused.stderr
    assert cli.json("assessments", sam) == []
    lunge = cli.json("assess", sam, "--lunge-left", "10", "--stance-left", "40")
    assert lunge["lunge"]["left"]["value"] == 10


def test_the_guided_test_leaves_the_heel_raise_out_while_loading_is_locked(
    cli: Cli, sam: str
) -> None:
    cli.json("screen", sam, "--yes", "2")
    answers = "\n".join(["9.5", "11", "1", "0", "35", "40"]) + "\n"
    result = cli("assess", sam, input=answers)
    assert result.exit_code == 0, result.output
    assert "heel raise is left out today" in result.stdout
    stored = cli.json("assessments", sam)[0]
    assert stored["heel_raise"] is None
    assert stored["single_leg_stance_s"] == {"left": 35.0, "right": 40.0}


def test_the_guided_angle_test_refuses_a_placement_as_soon_as_it_is_typed(
    cli: Cli, sam: str
) -> None:
    # An unknown place, then none at all (an angle needs one): each said at once and asked
    # again, before the heel raise is asked for.
    answers = "\n".join(["39", "41", "shin", "", "posterior-heel", "", "", "", "", "", ""]) + "\n"
    result = cli("assess", sam, "--lunge-method", "angle-deg", input=answers)
    assert result.exit_code == 0, result.output
    assert (
        "error: placement: 'shin' is not allowed; expected tibial-tuberosity, "
        "15cm-below-tuberosity or posterior-heel. Try again."
    ) in result.stderr
    assert "error: placement: '' is not allowed; expected" in result.stderr
    assert "(an angle needs one). Try again." in result.stderr
    assert result.output.index("'shin' is not allowed") < result.output.index("Heel raises left")
    assert cli.json("assessments", sam)[0]["lunge"]["placement"] == "posterior-heel"


def test_the_guided_angle_test_asks_where_the_device_sat(cli: Cli, sam: str) -> None:
    answers = "\n".join(["39", "41", "tibial-tuberosity", "", "", "", "", "", ""]) + "\n"
    result = cli("assess", sam, "--lunge-method", "angle-deg", input=answers)
    assert result.exit_code == 0, result.output
    assert "Where did the device sit" in result.stdout
    stored = cli.json("assessments", sam)[0]
    assert stored["lunge"]["placement"] == "tibial-tuberosity"
