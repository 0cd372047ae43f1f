"""`anklet import-runs`, `anklet runs`, `anklet squat-depth`, and the running part of status
and today, through the real Typer app on an SQLite file and on PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.run_files import START, bad_crc, fit_run, gpx_run, tcx_run, truncated

DAY = (START + timedelta(days=1)).date().isoformat()


@pytest.fixture
def db_cli(database_url: str) -> Cli:
    cli = Cli(database_url)
    result = cli("athlete", "add", "sam", "--name", "Sam", "--goal", "running")
    assert result.exit_code == 0, result.output
    return cli


@pytest.fixture(scope="module")
def watch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A watch's folder: good runs in a subfolder, the bad files beside them."""
    folder = tmp_path_factory.mktemp("watch")
    (folder / "2026").mkdir()
    ten_k = fit_run(every_s=5)  # a record every 5 s, as smart recording writes
    files = {
        "2026/10k.fit": ten_k.data,
        "2026/easy.FIT": fit_run(
            dynamics=False,
            distance_m=5000,
            moving_s=1700,
            start=START - timedelta(days=7),
            serial=None,
            every_s=5,
        ).data,
        "2026/treadmill.fit": fit_run(
            sub_sport="treadmill",
            distance_m=6000,
            moving_s=2000,
            start=START - timedelta(days=3),
            every_s=5,
        ).data,
        "2026/long.tcx": tcx_run(start=START - timedelta(days=14)).data,
        "2026/park.gpx": gpx_run(start=START - timedelta(days=21)).data,
        "copy-of-10k.fit": ten_k.data,
        "ride.fit": fit_run(sport="cycling", start=START - timedelta(days=2), every_s=10).data,
        "cut.fit": truncated(ten_k.data),
        "crc.fit": bad_crc(ten_k.data),
        "notes.gpx": b"these are not coordinates",
        "readme.txt": b"not looked at: not a run file's name",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_a_folder_imports_its_runs_and_reports_the_rest(db_cli: Cli, watch: Path) -> None:
    result = db_cli("import-runs", "sam", str(watch))
    assert result.exit_code == 1, result.output  # the batch ended; some files were refused
    out = result.stdout
    assert "5 imported, 1 duplicates skipped, 4 refused." in out
    for name in ("10k.fit", "ride.fit", "cut.fit", "crc.fit", "notes.gpx"):
        assert name in out
    assert "readme.txt" not in out
    again = db_cli("import-runs", "sam", str(watch / "2026"), "--json")
    assert again.exit_code == 0, again.output
    document = json.loads(again.stdout)
    assert (document["imported"], document["duplicates"], document["refused"]) == (0, 5, 0)


def test_the_json_report_gives_each_file_its_outcome_and_reason(db_cli: Cli, watch: Path) -> None:
    result = db_cli("import-runs", "sam", str(watch), "--json")
    assert result.exit_code == 1
    files = {Path(f["file"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["ride.fit"]["reason"] == "not a run: cycling"
    assert "bad CRC" in files["crc.fit"]["reason"]
    assert "truncated" in files["cut.fit"]["reason"]
    assert files["10k.fit"]["outcome"] == "imported"  # 2026/10k.fit comes first by path
    assert files["copy-of-10k.fit"]["outcome"] == "duplicate"
    run = files["10k.fit"]["run"]
    assert (run["distance_km"], run["cadence_spm"], run["ground_contact_ms"]) == (10, 171, 245)


def test_runs_shows_the_imported_values_beside_the_ankle_results(db_cli: Cli, watch: Path) -> None:
    db_cli("import-runs", "sam", str(watch))
    assessed = db_cli(
        "assess",
        "sam",
        "--lunge-left",
        "8.5",
        "--lunge-right",
        "11",
        "--heel-raise-left",
        "18",
        "--heel-raise-right",
        "26",
        "--date",
        "2026-05-27",
        "--yes",
    )
    assert assessed.exit_code == 0, assessed.output
    document = db_cli.json("runs", "sam", "--date", DAY)
    by_date = {run["date"]: run for run in document["runs"]}
    ten_k = by_date["2026-05-31"]
    assert ten_k["gct_balance_left_percent"] == 49.6
    assert ten_k["gct_balance_right_percent"] == 50.4
    assert ten_k["utc_offset_min"] == 60
    assert by_date["2026-05-24"]["ground_contact_ms"] is None  # no running dynamics
    assert by_date["2026-05-28"]["sub_sport"] == "treadmill"
    weekly = {week["week"]: week["distance_km"] for week in document["weekly"]}
    assert weekly["2026-05-25"] == 16.0  # treadmill 6 km on Thursday + 10 km on Sunday
    assert [row["value"] for row in document["lunge"]] == [8.5, 11.0]
    assert document["heel_raise_lsi"][0]["lsi_percent"] is not None
    assert "Frandsen 2025" in document["captions"]["weekly_distance"]
    table = db_cli("runs", "sam", "--date", DAY)
    assert table.exit_code == 0 and "Running load" in table.stdout


def test_status_and_today_carry_the_running_load_warnings(db_cli: Cli, tmp_path: Path) -> None:
    """The CLI runs on the real clock: a plan starts near today, so these runs are dated
    from today (8 km ten days ago, 10 km yesterday)."""
    today = date.today()
    for name, days, km in (("before.fit", 10, 8), ("yesterday.fit", 1, 10)):
        start = datetime.combine(today - timedelta(days=days), datetime.min.time()) + timedelta(
            hours=7
        )
        written = fit_run(start=start, distance_m=km * 1000.0, moving_s=km * 300.0, every_s=10)
        (tmp_path / name).write_bytes(written.data)
    assert db_cli("import-runs", "sam", str(tmp_path)).exit_code == 0
    for command in (
        ("screen", "sam", "--none"),
        ("plan", "create", "sam", "--start", (today - timedelta(days=today.weekday())).isoformat()),
    ):
        result = db_cli(*command)
        assert result.exit_code == 0, result.output
    status = db_cli.json("status", "sam")
    rules = [w["rule"] for w in status["running"]["warnings"]]
    assert rules == ["running-load.long-run-spike"]
    day = db_cli.json("today", "sam")
    assert [w["rule"] for w in day["running"]["warnings"]] == rules
    assert set(day["running"]["technique"]) == {
        "focus",
        "cadence_cue",
        "metronome_bpm",
        "log_squat_depth",
    }
    printed = db_cli("status", "sam")
    assert "Running load" in printed.stdout and "Frandsen 2025" in printed.stdout


def test_squat_depth_is_checked_and_trended(db_cli: Cli) -> None:
    bad = db_cli("squat-depth", "sam", "5")
    assert bad.exit_code == 2
    assert "depth: '5' is not allowed; expected a box height of 10 to 80 cm, or \"full\"" in (
        bad.stderr
    )
    assert db_cli("squat-depth", "sam", "35", "--date", "2026-05-29").exit_code == 0
    assert db_cli.json("squat-depth", "sam", "full", "--date", "2026-06-04")["full"] is True
    depths = db_cli.json("runs", "sam")["squat_depth"]
    assert [(d["date"], d["box_height_cm"]) for d in depths] == [
        ("2026-05-29", 35.0),
        ("2026-06-04", None),
    ]


def test_squat_depth_if_version_refuses_a_depth_saved_elsewhere(db_cli: Cli) -> None:
    day = ("--date", "2026-05-29")
    first = db_cli("squat-depth", "sam", "35", *day, "--if-version", "0")
    assert first.exit_code == 0 and "(version 1)" in first.stdout, first.output
    assert db_cli.json("squat-depth", "sam", "40", *day, "--if-version", "1")["version"] == 2
    stale = db_cli("squat-depth", "sam", "full", *day, "--if-version", "1")
    assert stale.exit_code == 2 and "at version 2" in stale.stderr, stale.output
    assert len(stale.stderr.strip().splitlines()) == 1
    depths = db_cli.json("runs", "sam")["squat_depth"]
    assert [(d["box_height_cm"], d["version"]) for d in depths] == [(40.0, 2)]


def test_no_run_files_or_an_unknown_athlete_is_an_error(db_cli: Cli, tmp_path: Path) -> None:
    empty = db_cli("import-runs", "sam", str(tmp_path))
    assert empty.exit_code == 2 and "FIT, TCX or GPX files" in empty.stderr
    (tmp_path / "a.fit").write_bytes(fit_run(moving_s=300, distance_m=1000).data)
    nobody = db_cli("import-runs", "nobody", str(tmp_path))
    assert nobody.exit_code == 2 and "no athlete named 'nobody'" in nobody.stderr


def test_a_missing_file_is_reported_and_the_rest_imported(db_cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.fit").write_bytes(fit_run(moving_s=300, distance_m=1000).data)
    result = db_cli("import-runs", "sam", str(tmp_path / "gone.fit"), str(tmp_path / "a.fit"))
    assert result.exit_code == 1
    assert "1 imported, 0 duplicates skipped, 1 refused." in result.stdout
    assert "cannot be read" in result.stdout


def test_a_large_batch_is_decoded_in_worker_processes_with_the_same_outcomes(
    cli: Cli, tmp_path: Path
) -> None:
    """From PARALLEL_FROM_FILES files on, worker processes decode ahead of the store; the
    outcomes are those of one process, in the same order."""
    from anklet.cli.runs import PARALLEL_FROM_FILES

    assert cli("athlete", "add", "sam", "--name", "Sam").exit_code == 0
    folder = tmp_path / "watch"
    folder.mkdir()
    for index in range(PARALLEL_FROM_FILES):
        written = fit_run(
            start=START + timedelta(days=index),
            moving_s=300,
            distance_m=1000,
            every_s=10,
            serial=100 + index,
        )
        data = truncated(written.data) if index == 3 else written.data
        (folder / f"run-{index:02d}.fit").write_bytes(data)
    (folder / "run-99.fit").write_bytes((folder / "run-00.fit").read_bytes())
    result = cli("import-runs", "sam", str(folder), "--json")
    assert result.exit_code == 1, result.output
    files = json.loads(result.stdout)["files"]
    assert [Path(f["file"]).name for f in files] == sorted(p.name for p in folder.iterdir())
    outcomes = [f["outcome"] for f in files]
    assert outcomes.count("imported") == PARALLEL_FROM_FILES - 1
    assert outcomes[3] == "refused" and outcomes[-1] == "duplicate"
