"""On a phone (390 x 844), the safety forms fit and behave: a red flag shows the lock banner
with its clearance form (every open lock ticked, who cleared required), the clearance lifts
the lock, and the log form's pain starts empty and must be chosen. Nothing scrolls sideways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import full_page_shot

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}


def _fits(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a 390 px phone"


def test_the_lock_and_clearance_and_the_log_form_work_on_a_phone(
    browser: Any, base_url: str, screenshots: Path
) -> None:
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto("/")
    page.fill("#f-handle", "pia")
    page.fill("#f-name", "Pia Phone")
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        box = page.locator(f"input[name=days][value={day}]")
        if not box.is_checked():
            box.check()
    page.click("#athlete-form button[type=submit]")
    page.wait_for_url("**/athletes/pia")
    assert "Answer the red-flag questions" in page.inner_text("#lock-banner")
    _fits(page)

    # A same-day red flag (possible clot): the banner and the clearance form.
    page.goto("/athletes/pia/screen")
    page.check("ol.questions > li:nth-child(2) input[type=checkbox]")
    page.click("#screen-form button[type=submit]")
    page.goto("/athletes/pia")
    assert "Loading is locked" in page.inner_text("#lock-banner")
    boxes = page.locator("#clearance-locks input[type=checkbox]")
    assert boxes.count() == 1 and boxes.first.is_checked()
    assert page.get_attribute("#f-cleared_by", "required") is not None
    full_page_shot(page, screenshots / "30-phone-lock-and-clearance.png")
    _fits(page)

    page.fill("#f-cleared_by", "Dr Lee, GP")
    page.fill("#f-note", "scan clear")
    page.click("#clearance-form button[type=submit]")
    page.goto("/athletes/pia")
    assert "Loading is not locked" in page.inner_text("#lock-banner")

    # The log form: no pain chosen for you.
    page.goto("/athletes/pia/plan")
    page.click("#plan-form button[type=submit]")
    page.wait_for_url("**/athletes/pia/plan")
    _fits(page)
    page.goto("/athletes/pia/log")
    assert page.input_value("#f-pain") == ""
    assert page.get_attribute("#f-pain", "required") is not None
    full_page_shot(page, screenshots / "31-phone-log-form.png")
    _fits(page)
    assert problems == []
    context.close()
