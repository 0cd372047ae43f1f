"""A new user completes the whole loop in a real browser: create an athlete, screen, the guided
test with the metronome running, results, plan, today, log, check-in and the progress charts
drawn from the data they logged. A screenshot of each page goes to artifacts/screenshots/."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import full_page_shot

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}


def test_a_new_user_walks_through_the_app(browser: Any, base_url: str, screenshots: Path) -> None:
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    def shot(name: str) -> None:
        full_page_shot(page, screenshots / f"{name}.png")

    # Create an athlete who trains every day, so today has a session.
    page.goto("/")
    page.fill("#f-handle", "sam")
    page.fill("#f-name", "Sam Runner")
    for day in ("tue", "thu", "sat", "sun"):
        page.check(f"input[name=days][value={day}]")
    shot("01-athletes")
    page.click("#athlete-form button[type=submit]")
    page.wait_for_url("**/athletes/sam")
    assert "Answer the red-flag questions" in page.inner_text("#lock-banner")
    shot("02-overview")

    # Screen: no flags.
    page.click("text=1. Safety screen")
    page.wait_for_url("**/screen")
    assert page.locator("ol.questions > li").count() == 10
    shot("03-screen")
    page.click("#screen-form button[type=submit]")
    assert "No red flags" in page.inner_text("#screen-action")
    shot("04-screen-result")

    # The guided test, one step at a time.
    page.click("#next-assess")
    page.wait_for_url("**/assess")
    assert page.is_visible("#step-lunge") and not page.is_visible("#step-heel-left")
    page.fill("#f-lunge_left", "8")
    page.fill("#f-lunge_right", "11.5")
    shot("05-assess-lunge")
    page.click("[data-step-next]")
    left = page.locator("#step-heel-left")
    left.locator("[data-metronome-toggle]").click()
    beat = left.locator("[data-beat]")
    page.wait_for_function("() => window.ankletMetronome.clicks >= 3", timeout=6000)
    first = beat.get_attribute("data-beats")
    page.wait_for_function(
        "(first) => document.querySelector('#step-heel-left [data-beat]').dataset.beats !== first",
        arg=first,
    )
    assert int(left.locator("[data-beat-count]").inner_text()) >= 3
    assert page.evaluate("() => window.ankletMetronome.context !== null")  # Web Audio is clicking
    for _ in range(18):
        left.locator("[data-tap]").click()
    assert page.input_value("#f-heel_raise_left") == "18"
    shot("06-assess-heel-left")
    page.click("[data-step-next]")
    assert page.evaluate("() => window.ankletMetronome.running === null")  # stopped with the step
    right = page.locator("#step-heel-right")
    for _ in range(26):
        right.locator("[data-tap]").click()
    right.locator("[data-undo]").click()
    assert page.input_value("#f-heel_raise_right") == "25"
    page.click("[data-step-next]")
    shot("07-assess-finish")
    page.click("#assess-submit")
    page.wait_for_url("**/assess/result")
    assert "72.0%" in page.inner_text("#lsi")
    assert "left" in page.inner_text("#result-lunge")
    shot("08-assess-result")

    # Plan.
    page.click("#next-plan")
    page.wait_for_url("**/plan")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#calendar")
    assert page.locator("#calendar .week").count() == 8
    assert page.locator("#calendar .kind.retest").count() >= 1
    shot("09-plan")

    # Today: a checklist with reasons and cues one tap away.
    page.goto("/athletes/sam/today")
    items = page.locator(".checklist .item")
    assert items.count() >= 1
    assert page.locator(".item .reason").first.inner_text().strip()
    cues = page.locator(".item details.cues").first
    if cues.count():
        cues.locator("summary").click()
        assert cues.locator("li").first.is_visible()
    timer = page.locator("[data-timer]").first
    if timer.count():
        timer.locator("[data-timer-start]").click()
        start = int(timer.get_attribute("data-seconds") or "0")
        page.wait_for_function(
            "([el, s]) => Number(el.querySelector('[data-timer-left]').textContent) < s",
            arg=[timer.element_handle(), start],
        )
    items.first.locator("input[data-done]").check()
    shot("10-today")
    page.set_viewport_size({"width": 900, "height": 1000})
    page.screenshot(path=str(screenshots / "today.png"), full_page=False)
    page.set_viewport_size(PHONE)

    # Log the session: targets prefilled, pain on the slider.
    page.goto("/athletes/sam/log")
    assert page.locator("#log-form fieldset.logitem").count() >= 1
    page.fill("#f-pain", "3")
    assert page.inner_text("#pain-value") == "3"
    shot("11-log")
    page.click("#log-submit")
    page.wait_for_url("**/status")
    shot("12-status-after-log")

    # Morning check-in.
    page.goto("/athletes/sam/checkin")
    page.fill("#f-morning_pain", "1")
    page.fill("#f-stiffness", "2")
    shot("13-checkin")
    page.click("#checkin-submit")
    page.wait_for_url("**/status")
    shot("14-status")

    # Progress: the charts carry what was assessed and logged, and vega drew them.
    page.goto("/athletes/sam/progress")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-chart]')].every(b => b.dataset.rendered)"
    )
    for box in page.locator("[data-chart]").all():
        assert box.get_attribute("data-rendered") == "true", box.inner_text()
        assert box.locator("svg").count() + box.locator("canvas").count() >= 1
    specs = {
        name: json.loads(page.locator(f"#spec-{name}").text_content() or "{}")
        for name in ("lunge", "heel_raise", "lsi", "pain", "adherence")
    }
    today = date.today().isoformat()
    lunge = {(r["side"], r["value"]) for r in specs["lunge"]["data"]["values"]}
    assert lunge == {("left", 8), ("right", 11.5)}
    reps = {(r["side"], r["reps"]) for r in specs["heel_raise"]["data"]["values"]}
    assert reps == {("left", 18), ("right", 25)}
    assert [r["lsi_percent"] for r in specs["lsi"]["data"]["values"]] == [72.0]
    pain = specs["pain"]["layer"][0]["data"]["values"]
    assert {"date": today, "measure": "pain during session", "value": 3} in pain
    assert {"date": today, "measure": "morning pain", "value": 1} in pain
    assert {"date": today, "measure": "morning stiffness", "value": 2} in pain
    drawn = page.evaluate("() => window.ankletCharts.lunge.data('lunge')")
    assert sorted((r["side"], r["value"], r["noise"]) for r in drawn) == sorted(
        (r["side"], r["value"], r["noise"]) for r in specs["lunge"]["data"]["values"]
    )
    drawn_pain = page.evaluate("() => window.ankletCharts.pain.data('pain')")
    assert len(drawn_pain) == len(pain)
    shot("15-progress")
    page.set_viewport_size({"width": 900, "height": 1400})
    page.screenshot(path=str(screenshots / "progress.png"), full_page=False)

    context.close()
    assert problems == [], problems
