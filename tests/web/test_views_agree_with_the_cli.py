"""The command line shows the same days as the API and the pages (issue 14, "Done means"):
`anklet today --json` and `anklet week --json` against the API's today and week and the
today page, on the random histories of tests/web/test_views_agree.py, on both databases.

The command line runs on the real clock, so the app's clock stands on the real today too and
the story is dated from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from anklet.bootstrap import Anklet, SystemClock
from anklet.cli.app import app
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.web.app import create_app
from tests.helpers import FakeClock
from tests.web.conftest import API, add_sam, assess, created, ok
from tests.web.test_views_agree import SEEDS, _play, _shape

TODAY = SystemClock().today()


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    engine = make_engine(database_url)
    anklet = Anklet(
        settings=build_settings(db=database_url, environ={}),
        engine=engine,
        clock=FakeClock(today=TODAY),
    )
    with TestClient(create_app(anklet=anklet)) as test_client:
        yield test_client
    engine.dispose()


def _cli(database_url: str, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--db", database_url, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _page_exercises(client: TestClient, day: date) -> list[str]:
    page = client.get("/athletes/sam/today", params={"date": day.isoformat()})
    assert page.status_code == 200, page.text
    return re.findall(r'data-exercise="([^"]+)"', page.text)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_command_line_the_api_and_the_pages_show_the_same_days(
    client: TestClient, database_url: str, seed: int
) -> None:
    add_sam(client)
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": []}))
    assess(client, (TODAY - timedelta(days=14)).isoformat(), 7.0, 10.5, (16, 25))
    assess(client, (TODAY - timedelta(days=8)).isoformat(), 8.5, 11.0, (18, 26))
    start = (TODAY - timedelta(days=7)).isoformat()
    created(client.post(f"{API}/athletes/sam/plans", json={"start": start}))
    _play(client, seed, TODAY)
    week = ok(client.get(f"{API}/athletes/sam/week", params={"date": TODAY.isoformat()}))
    cli_week = _cli(database_url, "week", "sam", "--date", TODAY.isoformat())
    assert [d["date"] for d in cli_week] == [d["date"] for d in week]
    assert any(i for d in cli_week for _, i in _shape(d["sessions"])), "a week with work in it"
    for shown, typed in zip(week, cli_week, strict=True):
        day = date.fromisoformat(shown["date"])
        assert _shape(typed["sessions"]) == _shape(shown["sessions"]), day
        today = _cli(database_url, "today", "sam", "--date", shown["date"])
        api = ok(client.get(f"{API}/athletes/sam/today", params={"date": shown["date"]}))
        assert _shape(today["sessions"]) == _shape(api["sessions"]), day
        assert [w["text"] for w in today["warnings"]] == [w["text"] for w in api["warnings"]]
        expected = [i["exercise"] for s in today["sessions"] for i in s["items"]]
        assert _page_exercises(client, day) == expected, day
