"""Bounded requests: a body larger than the limit is a 413 problem before anything parses it,
streamed or declared; JSON nested too deep is a 422 problem, never a RecursionError; nothing
is written either way."""

from __future__ import annotations

import json
from collections.abc import Iterator

from fastapi.testclient import TestClient

from anklet.domain.limits import MAX_BODY_BYTES, MAX_JSON_DEPTH, json_depth
from tests.web.conftest import API, ok, problem


def _athletes(client: TestClient) -> list[str]:
    return [a["handle"] for a in ok(client.get(f"{API}/athletes"))]


def test_a_declared_body_over_the_limit_is_413_and_writes_nothing(client: TestClient) -> None:
    name = "x" * (MAX_BODY_BYTES + 10)
    body = problem(client.post(f"{API}/athletes", json={"handle": "big", "name": name}), 413)
    assert body["field"] == "body" and str(MAX_BODY_BYTES) in body["allowed"]
    assert "big" not in _athletes(client)


def test_a_streamed_body_over_the_limit_is_413_however_it_arrives(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"handle": "big", "name": "'
        for _ in range(MAX_BODY_BYTES // 1024 + 2):
            yield b"y" * 1024
        yield b'"}'

    response = client.post(
        f"{API}/athletes", content=chunks(), headers={"Content-Type": "application/json"}
    )
    problem(response, 413)
    assert "big" not in _athletes(client)


def test_json_nested_too_deep_is_a_422_problem_not_a_crash(client: TestClient) -> None:
    deep = "[" * 5000 + "]" * 5000
    response = client.post(
        f"{API}/athletes", content=deep.encode(), headers={"Content-Type": "application/json"}
    )
    body = problem(response, 422)
    assert body["field"] == "body" and str(MAX_JSON_DEPTH) in body["allowed"]


def test_a_normal_body_still_goes_through(client: TestClient) -> None:
    response = client.post(f"{API}/athletes", json={"handle": "fine", "name": "Fine"})
    assert response.status_code == 201, response.text
    assert "fine" in _athletes(client)


def test_the_depth_scan_skips_strings_and_counts_nesting() -> None:
    assert json_depth(json.dumps({"a": [1, {"b": "[[[[{{{"}]})) == 3
    assert json_depth(b'"\\"[["') == 0
    assert json_depth("[" * 40) == 40


def test_lists_in_bodies_are_bounded(client: TestClient) -> None:
    body = problem(
        client.post(f"{API}/athletes", json={"handle": "many", "name": "M", "days": ["mon"] * 8}),
        422,
    )
    assert body["field"] == "days"
