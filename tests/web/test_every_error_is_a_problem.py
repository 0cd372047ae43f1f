"""Every error the API gives is an RFC 9457 problem, the framework's own included: an unknown
address (404), a method a route does not take (405, with Allow), a body that is not UTF-8 or
not JSON, a malformed Content-Length; and a lone surrogate in a name or a note is a 422 naming
the field on both databases, never a 500 from the database driver."""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from typing import Any

import pytest
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from anklet.web.app import create_app
from tests.helpers import row_counts
from tests.web.conftest import API, PROBLEM, add_sam, created, problem

JSON = {"content-type": "application/json"}


def test_an_unknown_address_is_a_404_problem(client: TestClient) -> None:
    for path in (f"{API}/nothing-here", f"{API}/athletes/sam/nothing", "/nothing-here"):
        body = problem(client.get(path), 404)
        assert body["type"].endswith("/not-found") and path in body["detail"]


def test_a_browser_asking_for_a_page_that_does_not_exist_gets_a_page(client: TestClient) -> None:
    response = client.get("/nothing-here", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text
    api = client.get(f"{API}/nothing-here", headers={"accept": "text/html"})
    assert api.headers["content-type"] == PROBLEM  # the API stays JSON, whatever is asked


def test_a_method_a_route_does_not_take_is_a_405_problem_naming_the_ones_it_does(
    client: TestClient,
) -> None:
    response = client.delete(f"{API}/athletes")
    body = problem(response, 405)
    assert response.headers["allow"] == "GET, POST"
    assert "DELETE" in body["detail"] and "GET, POST" in body["detail"]
    assert problem(client.put(f"{API}/athletes/sam/status"), 405)


@pytest.mark.parametrize(
    "raw",
    [b'{"handle": "sam", "name": "Sam \xff"}', b"\xfe\xff\x00{", b'{"name": "\xed\xa0\x80"}'],
)
def test_a_json_body_that_is_not_utf8_is_a_422_problem(client: TestClient, raw: bytes) -> None:
    body = problem(client.post(f"{API}/athletes", content=raw, headers=JSON), 422)
    assert body["field"] == "body" and "UTF-8" in body["detail"]


@pytest.mark.parametrize(
    ("raw", "kind"),
    [(b"handle=sam", "application/json"), (b"{'handle': 1}", "application/json")],
)
def test_a_body_that_is_not_json_is_a_422_problem(
    client: TestClient, raw: bytes, kind: str
) -> None:
    body = problem(client.post(f"{API}/athletes", content=raw, headers={"content-type": kind}), 422)
    assert body["field"] == "body"


def test_a_form_body_that_is_not_utf8_on_the_api_is_a_problem(client: TestClient) -> None:
    headers = {"content-type": "application/x-www-form-urlencoded"}
    response = client.post(f"{API}/athletes", content=b"handle=\xff", headers=headers)
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == PROBLEM


LONE = "\ud800"


def _send(client: TestClient, path: str, document: dict[str, Any]) -> Any:
    """JSON with the lone surrogate escaped, as JavaScript's JSON.stringify writes it."""
    return client.post(f"{API}/{path}", content=json.dumps(document).encode(), headers=JSON)


@pytest.mark.postgres
def test_a_lone_surrogate_in_a_name_is_a_422_on_both_databases(
    client: TestClient, anklet: Anklet
) -> None:
    before = row_counts(anklet.engine)
    response = _send(client, "athletes", {"handle": "zed", "name": f"Zed {LONE}"})
    body = problem(response, 422)
    assert body["field"] == "name" and "UTF-8" in body["allowed"]
    assert body["value"] == "Zed \\ud800"  # shown escaped: the problem itself is valid UTF-8
    assert row_counts(anklet.engine) == before
    add_sam(client)
    edit = client.patch(
        f"{API}/athletes/sam", content=json.dumps({"name": LONE}).encode(), headers=JSON
    )
    assert problem(edit, 422)["field"] == "name"


@pytest.mark.postgres
def test_a_lone_surrogate_in_a_note_is_a_422_on_both_databases(
    client: TestClient, sam: str
) -> None:
    log = {"pain": 1, "session": "mobility", "notes": f"ok {LONE}"}
    assert problem(_send(client, f"athletes/{sam}/session-logs", log), 422)["field"] == "notes"
    created(client.post(f"{API}/athletes/sam/screenings", json={"yes": [1]}))
    clearance = {"cleared_by": "Dr Lee", "note": f"scan clear {LONE}"}
    assert problem(_send(client, "athletes/sam/clearances", clearance), 422)["field"] == "note"
    who = {"cleared_by": f"Dr {LONE}", "note": "fine"}
    assert problem(_send(client, "athletes/sam/clearances", who), 422)["field"] == "cleared_by"


def test_a_content_length_that_is_not_ascii_digits_is_not_a_crash(anklet: Anklet) -> None:
    """'²' passes str.isdigit() but not int(): the limit counts the body instead."""
    import asyncio
    import concurrent.futures

    app = create_app(anklet=anklet)
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "method": "POST",
        "path": f"{API}/athletes",
        "raw_path": f"{API}/athletes".encode(),
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1),
        "http_version": "1.1",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/json"),
            (b"content-length", "²".encode("latin-1", "replace")),
        ],
    }
    messages = [{"type": "http.request", "body": b'{"handle": 1}', "more_body": False}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    async def call() -> None:
        async with app.router.lifespan_context(app):
            await app(scope, receive, send)

    # A thread of its own: a browser test's driver may keep an event loop running here.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, call()).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 422
    assert (b"content-type", PROBLEM.encode()) in start["headers"]


def test_a_programming_error_is_a_500_problem_without_internals(anklet: Anklet) -> None:
    """The last resort: an unexpected exception is still a problem body, never plain text."""

    app = create_app(anklet=anklet)

    @app.get(f"{API}/test-only-failure", include_in_schema=False)
    def failing() -> None:
        raise ZeroDivisionError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get(f"{API}/test-only-failure")
    body = problem(response, 500)
    assert "secret" not in response.text and "ZeroDivision" not in response.text
    assert body["type"].endswith("/internal-error")


def test_a_404_names_what_is_missing(client: TestClient) -> None:
    """Found by the stateful schemathesis run: "no such athlete" and "no plan yet" were the
    same answer but for their words."""
    assert problem(client.get(f"{API}/athletes/nobody"), 404)["missing"] == "athlete"
    add_sam(client)
    assert problem(client.get(f"{API}/athletes/sam/plan"), 404)["missing"] == "plan"
    assert problem(client.get(f"{API}/athletes/sam/baseline"), 404)["missing"] == "baseline"
    notes = problem(client.get(f"{API}/athletes/sam/clinical-notes"), 404)
    assert notes["missing"] == "account" and "without accounts" in notes["detail"]
    assert "(accounts are off" not in notes["detail"]
