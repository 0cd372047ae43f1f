"""A web page on another site must never write through the user's browser: it cannot create
an athlete, nor record a clearance that lifts a red-flag lock. Checked by Sec-Fetch-Site (or
Origin) in Anklet itself, and JSON bodies need a JSON Content-Type (FastAPI 0.132 and later)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import API, add_sam, created, ok, problem

ATHLETE = {"handle": "eve", "name": "Eve"}


def _athletes(client: TestClient) -> list[str]:
    return [a["handle"] for a in ok(client.get(f"{API}/athletes"))]


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # another port on localhost is another origin
        {"Origin": "https://evil.example"},
        {"Origin": "http://127.0.0.1:9999"},
    ],
    ids=["cross-site", "same-site", "foreign-origin", "other-port"],
)
def test_a_write_from_another_site_is_refused_and_writes_nothing(
    client: TestClient, headers: dict[str, str]
) -> None:
    body = problem(client.post(f"{API}/athletes", json=ATHLETE, headers=headers), 403)
    assert body["type"].endswith("cross-site-write")
    assert "eve" not in _athletes(client)


def test_a_forged_clearance_never_lifts_a_red_flag_lock(client: TestClient) -> None:
    add_sam(client)
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": [2]}))
    forged = client.post(
        f"{API}/athletes/sam/clearances",
        json={"note": "fine", "cleared_by": "nobody"},
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    )
    problem(forged, 403)
    assert ok(client.get(f"{API}/athletes/sam/locks"))["locked"]


def test_a_json_body_without_a_json_content_type_is_not_read(client: TestClient) -> None:
    """A page's fetch() with a Blob body sends no Content-Type and skips the CORS preflight."""
    response = client.post(
        f"{API}/athletes",
        content=json.dumps(ATHLETE).encode(),
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 422
    assert "eve" not in _athletes(client)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},
        {"Origin": "http://testserver"},
    ],
    ids=["a-program", "own-page", "typed-address", "own-origin"],
)
def test_the_apps_own_pages_and_programs_may_write(
    client: TestClient, headers: dict[str, str]
) -> None:
    created(client.post(f"{API}/athletes", json=ATHLETE, headers=headers))
    assert "eve" in _athletes(client)


def test_reads_from_anywhere_are_answered(client: TestClient) -> None:
    ok(client.get(f"{API}/athletes", headers={"Sec-Fetch-Site": "cross-site"}))
