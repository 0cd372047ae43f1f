"""Printed documents within a stated time (issue 13): the handout and the progress report are
drawn (charts by vl-convert, the PDF by WeasyPrint) in a process of their own that is killed
when ANKLET_REPORT_TIME_LIMIT_S (default 30 s) runs out; the request is then a 503
problem+json with Retry-After (an error page on the pages), no drawing process is left, and
the same server draws the next document. Before, a document that never finished held its
worker for ever.

A limit of a thousandth of a second stands in for a document that never ends: no PDF or chart
is drawn that fast (sending the page to the drawing process alone takes longer)."""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from anklet.domain.errors import InvalidValue
from anklet.settings import Settings, build_settings
from anklet.web.app import create_app
from anklet.web.rendering import Budget, idle_drawers, stop_drawers
from tests.report_story import play_story
from tests.stories import start_from
from tests.web.conftest import API, problem

pytestmark = pytest.mark.slow

TOO_SHORT_S = 0.001


def _busy_drawers() -> int:
    """Drawing processes alive that are not kept idle: ones left drawing after an answer."""
    return len(multiprocessing.active_children()) - idle_drawers()


@pytest.fixture
def rae(anklet: Anklet) -> str:
    start_from(anklet.engine, "rae", lambda: play_story(anklet.uow()))
    return "rae"


def _client(anklet: Anklet, limit_s: float) -> TestClient:
    settings = dataclasses.replace(anklet.settings, report_time_limit_s=limit_s)
    bounded = Anklet(settings=settings, engine=anklet.engine, clock=anklet.clock)
    return TestClient(create_app(anklet=bounded))


@pytest.fixture
def hurried(anklet: Anklet, rae: str) -> Iterator[TestClient]:
    with _client(anklet, TOO_SHORT_S) as client:
        yield client


@pytest.mark.parametrize(
    "path",
    [
        "handout?format=pdf",
        "progress-report?format=pdf",
        "progress-report?format=html&version=clinician",  # the charts alone
    ],
)
def test_a_document_past_the_limit_is_a_503_with_retry_after_and_no_process_left(
    hurried: TestClient, path: str
) -> None:
    response = hurried.get(f"{API}/athletes/rae/{path}")
    body = problem(response, 503)
    assert body["type"].endswith("/document-too-slow") and body["limit_s"] == TOO_SHORT_S
    assert "0.001 s" in body["detail"] and "try again" in body["detail"]
    assert response.headers["retry-after"] == "1"
    assert _busy_drawers() == 0  # the one drawing was killed and reaped


def test_the_report_page_past_the_limit_says_so_and_the_next_document_is_drawn(
    anklet: Anklet, hurried: TestClient
) -> None:
    page = hurried.get("/athletes/rae/report")
    assert page.status_code == 503 and page.headers["retry-after"] == "1"
    assert "text/html" in page.headers["content-type"]
    assert "took too long to draw" in page.text
    # The same database and process, with the default limit: drawn as before.
    with _client(anklet, Settings.report_time_limit_s) as patient:
        pdf = patient.get(f"{API}/athletes/rae/handout?format=pdf")
        assert pdf.status_code == 200, pdf.text
        assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
        report = patient.get("/athletes/rae/report")
        assert report.status_code == 200 and "<svg" in report.text
    assert _busy_drawers() == 0 and idle_drawers() >= 1  # kept for the next document
    stop_drawers()
    assert multiprocessing.active_children() == []


def test_what_the_drawing_process_returns_or_raises_comes_back_as_is() -> None:
    budget = Budget("check", Settings.report_time_limit_s)
    assert budget.run(sorted, "drawn") == ["a", "d", "n", "r", "w"]
    with pytest.raises(ValueError, match="invalid literal"):
        budget.run(int, "not a number")
    assert budget.run(len, "drawn") == 5  # the same process goes on drawing
    assert _busy_drawers() == 0


@pytest.mark.parametrize("text", ["0", "-1", "601", "abc", "nan", "inf"])
def test_the_limit_is_a_stated_range(text: str) -> None:
    with pytest.raises(InvalidValue, match=r"ANKLET_REPORT_TIME_LIMIT_S.*at most 600 seconds"):
        build_settings(db="x.db", environ={"ANKLET_REPORT_TIME_LIMIT_S": text})


def test_the_limit_defaults_to_thirty_seconds_and_takes_a_fraction() -> None:
    assert build_settings(db="x.db", environ={}).report_time_limit_s == 30.0
    environ = {"ANKLET_REPORT_TIME_LIMIT_S": "2.5"}
    assert build_settings(db="x.db", environ=environ).report_time_limit_s == 2.5
