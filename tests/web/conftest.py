"""API tests: FastAPI's test client over the real app, on an SQLite file and on PostgreSQL,
with a clock the tests control so every date in a response is known."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlalchemy import update

from anklet.bootstrap import Anklet
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.storage.tables import athletes
from anklet.web.app import create_app
from tests.helpers import TODAY, FakeClock
from tests.stories import start_from

API = "/api/v1"
PROBLEM = "application/problem+json"
# sam's plan starts a week before TODAY (both Mondays); sam trains Monday, Wednesday, Friday.
PLAN_START = TODAY - timedelta(days=7)
FIRST_TEST = TODAY - timedelta(days=14)
SECOND_TEST = TODAY - timedelta(days=8)


@pytest.fixture
def anklet(database_url: str) -> Iterator[Anklet]:
    engine = make_engine(database_url)
    yield Anklet(
        settings=build_settings(db=database_url, environ={}), engine=engine, clock=FakeClock()
    )
    engine.dispose()


@pytest.fixture
def client(anklet: Anklet) -> Iterator[TestClient]:
    with TestClient(create_app(anklet=anklet)) as test_client:
        yield test_client


def created(response: Response) -> Any:
    assert response.status_code == 201, response.text
    return response.json()


def ok(response: Response) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def problem(response: Response, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status; its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://") and body["title"] and body["detail"]
    return body


def joined_days_ago(client: TestClient, handle: str, days: int) -> None:
    """The athlete was added `days` before TODAY: earlier tests and mornings of a story then
    need no date confirmation."""
    assert isinstance(client.app, FastAPI)
    anklet: Anklet = client.app.state.anklet
    added = datetime(TODAY.year, TODAY.month, TODAY.day, 9) - timedelta(days=days)
    with anklet.engine.begin() as connection:
        connection.execute(
            update(athletes).where(athletes.c.handle == handle).values(created_at=added)
        )


def add_sam(client: TestClient) -> None:
    created(
        client.post(
            f"{API}/athletes",
            json={
                "handle": "sam",
                "name": "Sam Runner",
                "birth_year": 1990,
                "sex": "male",
                "days": ["mon", "wed", "fri"],
                "equipment": ["band", "step", "wall"],
            },
        )
    )
    joined_days_ago(client, "sam", 60)


def assess(client: TestClient, day: str, left: float, right: float, reps: tuple[int, int]) -> Any:
    return created(
        client.post(
            f"{API}/athletes/sam/assessments",
            json={
                "date": day,
                "rater": "trained",
                "left": {"lunge": left, "heel_raise_reps": reps[0], "pain": 1},
                "right": {"lunge": right, "heel_raise_reps": reps[1], "pain": 0},
            },
        )
    )


@pytest.fixture
def sam(client: TestClient) -> str:
    """sam, screened clear, tested twice, with an eight-week plan from PLAN_START (played
    once per worker and database, then copied: tests/stories.py)."""
    assert isinstance(client.app, FastAPI)
    served: Anklet = client.app.state.anklet
    start_from(served.engine, "web-sam", lambda: _play_sam(client), clock=served.clock)
    return "sam"


def _play_sam(client: TestClient) -> None:
    add_sam(client)
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": []}))
    assess(client, FIRST_TEST.isoformat(), 7.0, 10.5, (16, 25))
    assess(client, SECOND_TEST.isoformat(), 8.5, 11.0, (18, 26))
    created(client.post(f"{API}/athletes/sam/plans", json={"start": PLAN_START.isoformat()}))
