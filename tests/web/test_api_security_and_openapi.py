"""Local safety (issue 6, point 4) and the API's description (point 3): a foreign Host header
is refused with 421 against DNS rebinding, every answer carries the security headers, and
/api/v1/openapi.json describes every route, with a docs page beside it."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import API, add_sam, problem

ROUTES = {
    ("get", "/athletes"),
    ("post", "/athletes"),
    ("get", "/athletes/{handle}"),
    ("patch", "/athletes/{handle}"),
    ("get", "/screening-questions"),
    ("post", "/athletes/{handle}/screenings"),
    ("post", "/athletes/{handle}/clearances"),
    ("get", "/athletes/{handle}/locks"),
    ("get", "/athletes/{handle}/locks/history"),
    ("post", "/athletes/{handle}/assessments"),
    ("get", "/athletes/{handle}/assessments"),
    ("post", "/athletes/{handle}/plans"),
    ("get", "/athletes/{handle}/plans"),
    ("get", "/athletes/{handle}/plan"),
    ("get", "/athletes/{handle}/today"),
    ("get", "/athletes/{handle}/week"),
    ("post", "/athletes/{handle}/session-logs"),
    ("post", "/athletes/{handle}/check-ins"),
    ("put", "/athletes/{handle}/baseline"),
    ("get", "/athletes/{handle}/status"),
    ("get", "/athletes/{handle}/history"),
    ("get", "/athletes/{handle}/progress"),
    ("get", "/exercises"),
    ("get", "/exercises/{exercise_id}"),
}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.2"])
def test_a_foreign_host_header_is_a_421_problem(client: TestClient, host: str) -> None:
    """A page elsewhere that resolves its own name to 127.0.0.1 cannot reach the data."""
    add_sam(client)
    found = problem(client.get(f"{API}/athletes/sam/status", headers={"host": host}), 421)
    assert host.split(":", maxsplit=1)[0] in found["detail"]


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "[::1]:8000"])
def test_the_local_host_names_are_served(client: TestClient, host: str) -> None:
    assert client.get(f"{API}/exercises", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("path", ["/exercises", "/athletes/nobody/today", "/openapi.json"])
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(API + path).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_the_openapi_document_lists_every_route_with_problem_errors(client: TestClient) -> None:
    document = client.get(f"{API}/openapi.json").json()
    found = {
        (method, path.removeprefix(API))
        for path, operations in document["paths"].items()
        for method in operations
    }
    assert found >= ROUTES
    log = document["paths"][f"{API}/athletes/{{handle}}/session-logs"]["post"]
    assert set(log["responses"]["422"]["content"]) == {"application/problem+json"}
    assert log["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "SessionLogIn"
    )


def test_the_docs_page_answers(client: TestClient) -> None:
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    assert f"{API}/openapi.json" in response.text
    # Offline and under the CSP: no inline code, nothing from another host, the files are ours.
    assert "<script>" not in response.text and "https://" not in response.text
    for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static/vendor/{name}" in response.text
        assert client.get(f"/static/vendor/{name}").status_code == 200


def test_serving_loads_the_catalogue_and_freezes_it_out_of_gc_scans(client: TestClient) -> None:
    """`anklet serve` tunes the collector: long-lived data frozen, fewer gen-0 collections
    (the slowest 1 % of page requests were collector pauses, docs/performance.md)."""
    import gc

    from anklet.web.app import GC_THRESHOLDS, tune_for_serving

    assert isinstance(client.app, FastAPI)
    before = gc.get_threshold()
    try:
        tune_for_serving(client.app)
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
