"""No HTML from data reaches a page unescaped. A custom exercise file replaces every built-in
exercise with names, summaries, cues, loads and notes that carry script and attribute-breaking
markup; the athlete's name and a clearance note carry it too; every page an athlete has is
fetched and none holds the markup as markup, while the escaped text is there."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from anklet import __version__
from anklet.bootstrap import Anklet
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.web.app import create_app
from tests.helpers import TODAY, FakeClock
from tests.web.conftest import API, PLAN_START, assess, created, joined_days_ago

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(2)>'
MARKUP = re.compile(r"<script>alert|<img src=x")
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _poisoned(exercise: dict[str, Any], number: int) -> dict[str, Any]:
    """The exercise with every free text carrying markup; ids, links and numbers unchanged."""
    out = dict(exercise, overrides=True)
    out["name"] = f"{SCRIPT} {number}"
    out["summary"] = f"{SCRIPT}{BREAKOUT}"
    out["cues"] = [f"{SCRIPT} cue {n}" for n in range(len(exercise["cues"]))]
    for key in ("instructions", "faults", "muscles"):
        if key in exercise:
            out[key] = [f"{BREAKOUT} {key} {n}" for n in range(len(exercise[key]))]
    out["notes"] = [f"[U] {SCRIPT} note"]
    for group in ("dosing", "gates", "contraindications"):
        out[group] = [
            {
                **item,
                **({"load": BREAKOUT} if group == "dosing" else {}),
                **({"note": SCRIPT} if "note" in item or group != "dosing" else {}),
            }
            for item in exercise.get(group, [])
        ]
    return out


def _toml(exercises: list[dict[str, Any]]) -> str:
    """A small TOML writer for the catalogue's shapes (texts, numbers, lists, tables)."""
    lines: list[str] = []

    def value(item: Any) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, int | float):
            return repr(item)
        if isinstance(item, str):
            return json.dumps(item)  # a TOML basic string is JSON's string syntax
        return "[" + ", ".join(value(part) for part in item) + "]"

    def table(path: str, body: dict[str, Any]) -> None:
        lines.append(f"[[{path}]]")
        nested = {
            key: items
            for key, items in body.items()
            if isinstance(items, list) and items and isinstance(items[0], dict)
        }
        for key, item in body.items():
            if key not in nested:
                lines.append(f"{key} = {value(item)}")
        for key, items in nested.items():
            for item in items:
                table(f"{path}.{key}", item)

    for exercise in exercises:
        table("exercise", exercise)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def poisoned_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    exercises = []
    folder = resources.files("anklet.data") / "exercises"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            exercises += tomllib.loads(entry.read_text(encoding="utf-8"))["exercise"]
    path = tmp_path_factory.mktemp("catalogue") / "poisoned.toml"
    path.write_text(_toml([_poisoned(e, n) for n, e in enumerate(exercises)]), encoding="utf-8")
    return path


@pytest.fixture
def client(sqlite_template: Path, tmp_path: Path, poisoned_catalogue: Path) -> Iterator[TestClient]:
    db = tmp_path / "anklet.db"
    db.write_bytes(sqlite_template.read_bytes())
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    settings = build_settings(db=url, catalogue=str(poisoned_catalogue), environ={})
    anklet = Anklet(settings=settings, engine=engine, clock=FakeClock())
    with TestClient(create_app(anklet=anklet)) as test_client:
        yield test_client
    engine.dispose()


def _seed(client: TestClient) -> None:
    athlete = {"handle": "sam", "name": f"{SCRIPT}{BREAKOUT}", "days": ["mon", "wed", "fri"]}
    created(client.post(f"{API}/athletes", json=athlete))
    joined_days_ago(client, "sam", 60)
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": []}))
    assess(client, (TODAY - timedelta(days=14)).isoformat(), 7.0, 10.5, (16, 25))
    created(client.post(f"{API}/athletes/sam/plans", json={"start": PLAN_START.isoformat()}))
    log = {"pain": 2, "date": PLAN_START.isoformat(), "notes": f"{SCRIPT}{BREAKOUT}"}
    created(client.post(f"{API}/athletes/sam/session-logs", json=log))
    created(client.post(f"{API}/athletes/sam/check-ins", json={"morning_pain": 1, "stiffness": 1}))
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": [1]}))
    clearance = {"cleared_by": f"Dr {SCRIPT}", "note": f"{SCRIPT}{BREAKOUT}"}
    created(client.post(f"{API}/athletes/sam/clearances", json=clearance))


def test_no_page_prints_markup_from_the_catalogue_or_the_athlete(client: TestClient) -> None:
    _seed(client)
    ids = [item["id"] for item in client.get(f"{API}/exercises").json()["exercises"]]
    assert len(ids) > 20
    week = [PLAN_START + timedelta(days=n) for n in range(7)]
    pages = [
        "/",
        "/sources",
        "/exercises",
        "/athletes/sam",
        "/athletes/sam/edit",
        "/athletes/sam/plan",
        "/athletes/sam/status",
        "/athletes/sam/progress",
        "/athletes/sam/checkin",
        "/athletes/sam/screen",
        "/athletes/sam/assess",
        "/athletes/sam/handout",
        "/athletes/sam/report",
        *[f"/athletes/sam/today?date={day}" for day in week],
        *[f"/athletes/sam/log?date={day}" for day in week],
        *[f"/athletes/sam/log?session={kind}" for kind in ("mobility", "strength", "technique")],
        *[f"/exercises/{exercise}" for exercise in ids],
    ]
    escaped_on = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, (page, response.text[:300])
        found = MARKUP.search(response.text)
        assert found is None, f"{page}: {response.text[max(0, found.start() - 80) : found.end()]}"
        if ESCAPED in response.text:
            escaped_on.append(page)
        # A page's own "version" (the record's, on a form) never takes the footer's place.
        if '<footer class="foot">' in response.text:
            assert f"Anklet {__version__} ·" in response.text, page
    # The markup did reach the pages, as text: the check above could fail.
    assert "/athletes/sam/plan" in escaped_on and f"/exercises/{ids[0]}" in escaped_on
    assert any(page.startswith("/athletes/sam/log") for page in escaped_on)


def test_templates_never_mark_data_safe() -> None:
    folder = resources.files("anklet.web") / "templates"
    for entry in folder.iterdir():
        if entry.name.endswith(".html"):
            assert "|safe" not in entry.read_text().replace(" ", ""), entry.name
