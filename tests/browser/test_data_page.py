"""A runner's data in a real browser on a phone viewport (issue 10, "done means"): export
the JSON from the athlete's data page (a real download), delete the athlete by typing the
handle, import the downloaded file back from the import page, and find everything again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import full_page_shot

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}


def test_export_delete_and_import_again_from_the_pages(
    browser: Any, base_url: str, screenshots: Path, tmp_path: Path
) -> None:
    context = browser.new_context(viewport=PHONE, base_url=base_url, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    expected = "status of 422"  # the wrong handle typed on purpose
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and expected not in m.text else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto("/")
    page.fill("#f-handle", "ria")
    page.fill("#f-name", "Ria Runner")
    page.click("#athlete-form button[type=submit]")
    page.wait_for_url("**/athletes/ria")
    page.click("#data-link")
    page.wait_for_url("**/athletes/ria/data")
    full_page_shot(page, screenshots / "30-data-page.png")

    with page.expect_download() as download:
        page.click("#export-json")
    saved = tmp_path / "ria.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert exported["athlete"]["name"] == "Ria Runner"

    page.fill("#f-confirm", "ri")
    page.click("#delete-submit")
    assert "exactly" in page.locator("#error-confirm").inner_text()
    page.fill("#f-confirm", "ria")
    page.click("#delete-submit")
    page.wait_for_url(f"{base_url}/")
    assert page.locator("#athletes a[href='/athletes/ria']").count() == 0

    page.click("#import-link")
    page.wait_for_url("**/import")
    page.set_input_files("#f-file", str(saved))
    full_page_shot(page, screenshots / "31-import-page.png")
    page.click("#import-submit")
    page.wait_for_url("**/athletes/ria")
    assert "Ria Runner" in page.locator("h1").inner_text()
    assert problems == []
    context.close()
