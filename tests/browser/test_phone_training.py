"""Training with a phone: ticks and a running hold survive a reload, the screen is kept awake
while a hold or the metronome runs, and the end of a hold vibrates and is announced."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}
# Records what the page asks of the hardware, where headless chromium has none.
HARDWARE = """
window.__vibrations = [];
navigator.vibrate = (pattern) => { window.__vibrations.push(pattern); return true; };
"""


def test_ticks_and_a_running_hold_survive_a_reload(browser: Any, base_url: str, demo: str) -> None:
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    context.add_init_script(HARDWARE)
    page = context.new_page()
    page.goto(f"/athletes/{demo}/today")
    first = page.locator(".checklist .item").first
    first.locator("input[data-done]").check()
    timer = page.locator("[data-timer]").first
    seconds = int(timer.get_attribute("data-seconds") or "0")
    timer.locator("[data-timer-start]").click()
    assert page.evaluate("() => Object.keys(window.anklet.wake.reasons).length") == 1
    assert page.get_attribute("html", "data-wake") in {"wanted", "held"}

    page.reload()
    first = page.locator(".checklist .item").first
    assert first.locator("input[data-done]").is_checked()
    assert "done" in (first.get_attribute("class") or "")
    timer = page.locator("[data-timer]").first
    assert "running" in (timer.get_attribute("class") or "")
    left = int(timer.locator("[data-timer-left]").inner_text())
    assert 0 < left <= seconds

    # The same hold, nearly over, read back after another reload: it ends on this device.
    key = page.evaluate("() => Object.keys(localStorage).find(k => k.startsWith('anklet.timer.'))")
    page.evaluate(
        "(key) => localStorage.setItem(key, JSON.stringify({endsAt: Date.now() + 1200}))", key
    )
    page.reload()
    page.wait_for_selector("[data-timer].finished", timeout=5000)
    assert page.evaluate("() => window.__vibrations") == [200]
    page.wait_for_function("() => document.getElementById('announcer').textContent !== ''")
    assert page.inner_text("#announcer") == "Hold finished."
    assert page.get_attribute("html", "data-wake") == "off"
    context.close()


def test_the_metronome_is_announced_and_keeps_the_screen_on(
    browser: Any, base_url: str, demo: str
) -> None:
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    page = context.new_page()
    page.goto(f"/athletes/{demo}/assess")
    assert page.evaluate("() => 'guided-test' in window.anklet.wake.reasons")
    page.click("[data-step-next]")
    assert page.evaluate("() => document.activeElement.textContent").startswith("2.")
    page.locator("#step-heel-left [data-metronome-toggle]").click()
    page.wait_for_function("() => document.getElementById('announcer').textContent !== ''")
    assert "60 beats a minute" in page.inner_text("#announcer")
    assert page.evaluate("() => 'metronome' in window.anklet.wake.reasons")
    page.locator("#step-heel-left [data-metronome-toggle]").click()
    page.wait_for_function(
        "() => document.getElementById('announcer').textContent.startsWith('Metronome stopped')"
    )
    assert not page.evaluate("() => 'metronome' in window.anklet.wake.reasons")
    context.close()
