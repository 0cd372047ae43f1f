"""Every door lists the same plan revisions, each with its date, its reason and its source
(issue 14, point 3): `plan show` (text and JSON), the API's plan and the plan page.

A plan made two weeks ago, then a re-test, a red flag that locks and a clearance that lifts
it: three changes to the same plan, derived from the one situation all doors read. The
command line runs on the real clock, so the story is dated from the real today.
"""

from __future__ import annotations

import html
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

TODAY = SystemClock().today()
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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


def _story(client: TestClient) -> None:
    add_sam(client)
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": []}))
    assess(client, (TODAY - timedelta(days=20)).isoformat(), 7.0, 10.5, (16, 25))
    start = TODAY - timedelta(days=14)
    created(client.post(f"{API}/athletes/sam/plans", json={"start": start.isoformat()}))
    assess(client, (TODAY - timedelta(days=3)).isoformat(), 8.5, 11.0, (18, 26))
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": [5]}))
    created(
        client.post(
            f"{API}/athletes/sam/clearances", json={"note": "x-ray clear", "cleared_by": "A&E"}
        )
    )


def _cli(database_url: str, *args: str) -> str:
    result = CliRunner().invoke(app, ["--db", database_url, "plan", "show", "sam", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _label(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _page_revisions(page: str) -> list[dict[str, str]]:
    """Each revision of the page: its rule, date, words and source, as a reader sees them."""
    listed = re.search(r'<ol class="revisions">(.*?)</ol>', page, re.S)
    assert listed is not None, "the plan page lists the revisions"
    found = []
    for rule, day, rest in re.findall(
        r'<li data-rule="([^"]+)"><time datetime="([^"]+)">[^<]+</time>(.*?)</li>',
        listed.group(1),
        re.S,
    ):
        text, source = rest.split('<span class="source"', 1)
        shown = html.unescape(re.sub(r"<[^>]+>", "", source.split(">", 1)[1]))
        found.append(
            {"rule": rule, "date": day, "text": html.unescape(text.strip()), "shown": shown}
        )
    return found


def test_plan_show_the_api_and_the_plan_page_list_the_same_dated_revisions(
    client: TestClient, database_url: str
) -> None:
    _story(client)
    api: list[dict[str, Any]] = ok(client.get(f"{API}/athletes/sam/plan"))["revisions"]
    rules = [r["rule"] for r in api]
    assert {"revision.retest", "revision.locked", "revision.cleared"} <= set(rules), rules
    assert all(r["date"] and r["text"] and r["source"] for r in api)
    assert [r["date"] for r in api] == sorted(r["date"] for r in api), "oldest first"

    assert json.loads(_cli(database_url, "--json"))["revisions"] == api

    text = _cli(database_url, "--why")
    listed = text.split("Changes since the plan was made:\n", 1)[1].split("\n\n", 1)[0]
    # One entry per revision; a long one is wrapped at 80 columns, the rest indented under it.
    entries: list[str] = []
    for line in listed.splitlines():
        if line.startswith("    "):
            entries[-1] += " " + line.strip()
        else:
            entries.append(line)
    assert len(entries) == len(api)
    for entry, revision in zip(entries, api, strict=True):
        day = date.fromisoformat(revision["date"])
        expected = (
            f"  {_label(day)}  {revision['text']} "
            f"(rule {revision['rule']}; source: {revision['source']})"
        )
        assert " ".join(entry.split()) == " ".join(expected.split())

    page = client.get("/athletes/sam/plan")
    assert page.status_code == 200, page.text
    shown = _page_revisions(page.text)
    assert [(r["rule"], r["date"], r["text"]) for r in shown] == [
        (r["rule"], r["date"], r["text"]) for r in api
    ]
    for on_page, revision in zip(shown, api, strict=True):
        assert on_page["shown"].startswith(f"{revision['rule']} · ")
        assert on_page["shown"].removeprefix(f"{revision['rule']} · ") == revision["source"]
