"""Bounded lists: GET /athletes answers a page at a time (limit with a stated default and
maximum, a cursor in the Link header that stays right when athletes are added between pages),
as does `anklet athlete list`; the OpenAPI document describes both parameters."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from anklet.web.api.athletes import PAGE_DEFAULT, PAGE_MAX
from tests.web.conftest import API, created, ok, problem


def _add(client: TestClient, handle: str) -> None:
    created(client.post(f"{API}/athletes", json={"handle": handle, "name": handle.title()}))


def _next(link: str | None) -> str | None:
    found = re.fullmatch(r'<([^>]+)>; rel="next"', link or "")
    return found.group(1) if found else None


@pytest.mark.postgres
def test_the_athlete_list_pages_through_everyone_once(client: TestClient) -> None:
    for handle in ("eve", "ann", "dan", "bob", "cat"):
        _add(client, handle)
    seen: list[str] = []
    address: str | None = f"{API}/athletes?limit=2"
    pages = 0
    while address:
        response = client.get(address)
        page = [athlete["handle"] for athlete in ok(response)]
        assert len(page) <= 2
        seen += page
        pages += 1
        address = _next(response.headers.get("link"))
        if pages == 1:
            _add(client, "aaron")  # sorts before the cursor: not shown, nothing repeated
    assert seen == ["ann", "bob", "cat", "dan", "eve"] and pages == 3


def test_the_default_page_and_the_bounds(client: TestClient) -> None:
    for number in range(PAGE_DEFAULT + 1):
        _add(client, f"a{number:03d}")
    first = client.get(f"{API}/athletes")
    assert len(ok(first)) == PAGE_DEFAULT
    assert _next(first.headers.get("link")) == f"{API}/athletes?after=a049&limit={PAGE_DEFAULT}"
    assert problem(client.get(f"{API}/athletes?limit=0"), 422)["field"] == "limit"
    assert problem(client.get(f"{API}/athletes?limit={PAGE_MAX + 1}"), 422)["field"] == "limit"
    assert "link" not in client.get(f"{API}/athletes?limit={PAGE_MAX}").headers


def test_openapi_describes_the_page(client: TestClient) -> None:
    operation = client.get(f"{API}/openapi.json").json()["paths"][f"{API}/athletes"]["get"]
    limit = next(p for p in operation["parameters"] if p["name"] == "limit")["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, PAGE_MAX, PAGE_DEFAULT)
    assert "Link" in operation["responses"]["200"]["headers"]
