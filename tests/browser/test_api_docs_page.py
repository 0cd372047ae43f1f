"""/api/v1/docs in a real browser, with every request off this machine refused: the vendored
Swagger UI draws the routes of the OpenAPI document under the app's own Content-Security-Policy
(a CSP violation or a script error fails the test)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.slow


def test_the_api_reference_works_offline_and_shows_every_route(
    browser: Any, base_url: str, screenshots: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    page = context.new_page()
    here = urlsplit(base_url).netloc
    outside: list[str] = []

    def only_local(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).netloc == here or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_local)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    response = page.goto("/api/v1/docs")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#swagger-ui[data-rendered='true']")
    page.wait_for_selector(".opblock")

    document = page.request.get("/api/v1/openapi.json").json()
    expected = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
    }
    shown = {
        (
            block.locator(".opblock-summary-method").inner_text().strip(),
            block.locator(".opblock-summary-path").get_attribute("data-path"),
        )
        for block in page.locator(".opblock").all()
    }
    assert shown == expected
    assert ("POST", "/api/v1/athletes/{handle}/session-logs") in shown
    assert "Anklet" in page.locator(".info .title").inner_text()

    # One route opens with its parameters and its problem+json responses.
    page.locator("#operations-sources-sources_show_api_v1_sources__source_id__get").click()
    page.wait_for_selector(".opblock.is-open .parameters")
    page.screenshot(path=str(screenshots / "42-api-docs.png"), full_page=False)
    assert outside == []
    assert problems == []
    context.close()
