"""A runner drops watch files on the app (Playwright in chromium, SQLite and PostgreSQL): the
import's summary, the progress page's running charts drawing the imported values on one time
axis, the cadence cue's metronome on a running technique day, the squat depth of a squat
technique day, and the import table on a phone."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.web.app import create_app
from tests.browser.conftest import _free_port
from tests.helpers import FakeClock
from tests.run_files import START, bad_crc, fit_run, tcx_run

TODAY = date(2026, 6, 1)  # the day after the 10 km run
API = "/api/v1"
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Served:
    url: str
    client: TestClient  # the same app in process, for seeding and reading the API


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    import uvicorn

    folder = tmp_path_factory.mktemp("runs-browser")
    if request.param == "sqlite":
        path = folder / "anklet.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    anklet = Anklet(
        settings=build_settings(db=url, environ={}), engine=engine, clock=FakeClock(TODAY)
    )
    app = create_app(anklet=anklet)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started
    with TestClient(app) as client:
        _seed(client)
        yield Served(f"http://127.0.0.1:{port}", client)
    server.should_exit = True
    thread.join(timeout=10)
    if request.param == "postgres":
        from tests.conftest import empty_postgres

        empty_postgres(engine)
    engine.dispose()


def _seed(client: TestClient) -> None:
    """sam runs and squats (goal both): screened, tested, an eight-week plan from 26 Oct."""
    athlete = {
        "handle": "sam",
        "name": "Sam Runner",
        "birth_year": 1990,
        "sex": "male",
        "goal": "both",
        "days": ["mon", "wed", "fri"],
        "equipment": ["band", "step", "wall", "box"],
    }
    assert client.post(f"{API}/athletes", json=athlete).status_code == 201
    assert client.post(f"{API}/athletes/sam/screenings", json={"yes": []}).status_code == 201
    test = {
        "date": "2026-05-27",
        "rater": "trained",
        "confirm_date": True,
        "left": {"lunge": 8.5, "heel_raise_reps": 18, "pain": 0},
        "right": {"lunge": 11.0, "heel_raise_reps": 26, "pain": 0},
    }
    assert client.post(f"{API}/athletes/sam/assessments", json=test).status_code == 201
    plan = client.post(f"{API}/athletes/sam/plans", json={"start": "2026-05-25"})
    assert plan.status_code == 201, plan.text


@pytest.fixture(scope="module")
def watch_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("watch-files")
    ten_k = fit_run(every_s=5)
    files = {
        "10k.fit": ten_k.data,
        "treadmill.fit": fit_run(
            sub_sport="treadmill",
            distance_m=6000,
            moving_s=2000,
            start=START - timedelta(days=3),
            every_s=5,
        ).data,
        "long.tcx": tcx_run(start=START - timedelta(days=14)).data,
        "ride.fit": fit_run(sport="cycling", start=START - timedelta(days=2), every_s=10).data,
        "crc.fit": bad_crc(ten_k.data),
        "10k-again.fit": ten_k.data,
    }
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def _technique_day(client: TestClient, rule: str) -> str:
    for offset in range(14):
        day = (TODAY + timedelta(days=offset)).isoformat()
        document = client.get(f"{API}/athletes/sam/today", params={"date": day}).json()
        rules = [
            item["why"]["rule"]
            for session in document["sessions"]
            for item in session["items"]
            if session["kind"] == "technique"
        ]
        if rule in rules:
            return day
    raise AssertionError(f"no {rule} day in two weeks")


def test_a_runner_uploads_watch_files_and_sees_them_beside_the_ankle(
    browser: Any, served: Served, watch_files: list[Path]
) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{served.url}/athletes/sam/runs")
        page.set_input_files("#f-files", [str(path) for path in watch_files])
        page.click("#runs-submit")
        page.wait_for_selector("#import-report")
        counts = page.inner_text("#import-counts")
        assert counts == "3 imported, 1 duplicates skipped, 2 refused."
        rows = page.locator("#import-table tbody tr")
        outcomes = {
            rows.nth(i).locator("td").nth(0).inner_text(): rows.nth(i).get_attribute("data-outcome")
            for i in range(rows.count())
        }
        assert outcomes == {
            "10k.fit": "imported",
            "treadmill.fit": "imported",
            "long.tcx": "imported",
            "ride.fit": "refused",
            "crc.fit": "refused",
            "10k-again.fit": "duplicate",
        }
        assert page.locator(".running-warning[data-rule='running-load.long-run-spike']").count()

        api = served.client.get(f"{API}/athletes/sam/runs").json()
        page.goto(f"{served.url}/athletes/sam/progress")
        for name in ("weekly_distance", "cadence", "ground_contact", "balance", "run_lunge"):
            page.wait_for_selector(f"#chart-{name}[data-rendered='true']")
        drawn = page.evaluate(
            """() => ({
                cadence: window.ankletCharts.cadence.data("cadence"),
                gct: window.ankletCharts.ground_contact.data("ground_contact"),
                weekly: window.ankletCharts.weekly_distance.data("weekly"),
                lunge: window.ankletCharts.run_lunge.data("lunge"),
            })"""
        )
        assert [(r["date"], r["cadence_spm"]) for r in drawn["cadence"]] == [
            (r["date"], r["cadence_spm"]) for r in api["runs"]
        ]
        assert [r["ground_contact_ms"] for r in drawn["gct"]] == [
            r["ground_contact_ms"] for r in api["runs"] if r["ground_contact_ms"] is not None
        ]
        assert [r["distance_km"] for r in drawn["weekly"]] == [
            w["distance_km"] for w in api["weekly"]
        ]
        assert [r["value"] for r in drawn["lunge"]] == [r["value"] for r in api["lunge"]]
        caption = page.inner_text("#running figure:first-of-type figcaption")
        assert "Frandsen 2025" in caption and "not forecasts" in caption
    finally:
        page.close()


def test_a_running_technique_day_plays_the_metronome_at_the_target_rate(
    browser: Any, served: Served, watch_files: list[Path]
) -> None:
    files = [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in watch_files]
    served.client.post(f"{API}/athletes/sam/runs", files=files)
    day = _technique_day(served.client, "technique.running")
    target = served.client.get(f"{API}/athletes/sam/runs").json()["cadence_cue"]["target_spm"]
    # The cue changes how sam runs, not what the plan holds: strides stay behind the pogo
    # gate (no green days logged yet).
    planned = served.client.get(f"{API}/athletes/sam/today", params={"date": day}).json()
    exercises = {item["exercise"] for s in planned["sessions"] for item in s["items"]}
    assert {"forefoot-strides", "pogo-hop"} & exercises == set()
    page = browser.new_page()
    try:
        page.goto(f"{served.url}/athletes/sam/today?date={day}")
        box = page.locator("#cadence-metronome")
        assert box.get_attribute("data-bpm") == str(target)
        assert f"{target} steps a minute" in page.inner_text("#cadence-cue")
        box.locator("[data-metronome-toggle]").click()
        page.wait_for_function("() => window.ankletMetronome.clicks >= 2")
        assert page.evaluate("() => window.ankletMetronome.bpm") == target
        box.locator("[data-metronome-toggle]").click()
    finally:
        page.close()


def test_a_squat_technique_day_logs_the_depth_and_shows_a_bad_value_again(
    browser: Any, served: Served
) -> None:
    day = _technique_day(served.client, "technique.squat")
    page = browser.new_page()
    try:
        page.goto(f"{served.url}/athletes/sam/today?date={day}")
        page.fill("#f-depth", "5")
        page.click("#squat-depth-submit")
        page.wait_for_selector("#error-depth")
        assert "expected a box height of 10 to 80 cm" in page.inner_text("#error-depth")
        assert page.input_value("#f-depth") == "5"
        page.fill("#f-depth", "full")
        page.click("#squat-depth-submit")
        page.wait_for_selector("#squat-depth-form")
        assert "error-depth" not in page.content()
    finally:
        page.close()
    depths = served.client.get(f"{API}/athletes/sam/runs").json()["squat_depth"]
    assert [(d["date"], d["full"]) for d in depths] == [(day, True)]


def test_the_import_table_fits_a_phone(
    browser: Any, served: Served, watch_files: list[Path]
) -> None:
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(f"{served.url}/athletes/sam/runs")
        page.set_input_files("#f-files", [str(path) for path in watch_files])
        page.click("#runs-submit")
        page.wait_for_selector("#import-report")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
    finally:
        page.close()


def test_the_form_without_a_file_is_shown_again_with_the_reason(
    browser: Any, served: Served
) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{served.url}/athletes/sam/runs")
        page.click("#runs-submit")
        page.wait_for_selector("#error-files")
        assert "one or more FIT, TCX or GPX files" in page.inner_text("#error-files")
    finally:
        page.close()
