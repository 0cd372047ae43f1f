"""The exercise library in a real browser: typing a search narrows the list in place (HTMX
swaps only the list, the address follows), a filter narrows it further, an exercise opens with
its dosing and chain; and an athlete's details are edited. Screenshots go to
artifacts/screenshots/ like the walkthrough's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import full_page_shot

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}


def test_the_library_narrows_as_you_type_and_an_athlete_is_edited(
    browser: Any, base_url: str, screenshots: Path
) -> None:
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    page = context.new_page()
    problems: list[str] = []
    expected = "status of 422"  # the edit sent with a bad value, on purpose
    page.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and expected not in m.text else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/exercises" in r.url else None)

    def shot(name: str) -> None:
        full_page_shot(page, screenshots / f"{name}.png")

    # The library, from the navigation.
    page.goto("/")
    page.click("#nav-exercises")
    page.wait_for_url("**/exercises")
    cards = page.locator("#exercise-list li.exercise")
    everything = cards.count()
    assert everything > 10
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { document.querySelector('h1').dataset.marker = 'kept'; }")
    shot("16-library")

    # Type a search: the list narrows without a page load (the marker on the heading stays).
    page.locator("#f-q").press_sequentially("heel raise", delay=30)
    page.wait_for_function(
        "(n) => document.querySelectorAll('#exercise-list li.exercise').length < n",
        arg=everything,
    )
    # The address follows the search, so reloading or sharing it shows the same list.
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'heel raise'")
    narrowed = cards.count()
    assert 0 < narrowed < everything
    shown = [card.get_attribute("data-exercise") for card in cards.all()]
    plain = page.request.get("/exercises?q=heel+raise").text()  # the page without JavaScript
    assert shown == [
        line.split('data-exercise="')[1].split('"')[0]
        for line in plain.splitlines()
        if '<li class="exercise"' in line
    ]
    assert page.get_attribute("h1", "data-marker") == "kept"  # swapped in place, no reload
    assert any("q=heel%20raise" in url for url in requests)
    assert f"{narrowed} of {everything} exercises" in page.inner_text("#exercise-count")
    shot("17-library-search")

    # A filter narrows it further, again in place.
    page.select_option("#f-stage", "1")
    page.wait_for_function(
        "(n) => document.querySelectorAll('#exercise-list li.exercise').length !== n",
        arg=narrowed,
    )
    assert cards.count() < narrowed
    for text in cards.all_inner_texts():
        assert "stage 1" in text, text
    assert page.get_attribute("h1", "data-marker") == "kept"

    # An exercise's page: dosing per stage, the chain, sources.
    page.select_option("#f-stage", "")
    page.wait_for_function(
        "(n) => document.querySelectorAll('#exercise-list li.exercise').length === n",
        arg=narrowed,
    )
    cards.first.locator("a").click()
    page.wait_for_url("**/exercises/*")
    assert page.locator("#dosing tr").count() >= 1
    assert page.locator("#sources li").count() >= 1
    assert page.is_visible("#chain")
    shot("18-exercise")

    # Edit an athlete: prefilled, a bad value is shown beside its field, then saved.
    page.goto("/")
    page.fill("#f-handle", "kim")
    page.fill("#f-name", "Kim Lifter")
    page.click("#athlete-form button[type=submit]")
    page.wait_for_url("**/athletes/kim")
    page.click("#edit-athlete")
    page.wait_for_url("**/athletes/kim/edit")
    assert page.input_value("#f-name") == "Kim Lifter"
    assert page.is_checked("input[name=days][value=mon]")
    page.fill("#f-name", "")
    page.click("#edit-submit")
    assert "1 to 80 characters" in page.inner_text("#error-name")
    page.fill("#f-name", "Kim Squatter")
    page.fill("#f-minutes", "45")
    page.check("input[name=days][value=sat]")
    page.check("input[name=equipment][value=band]")
    shot("19-edit-athlete")
    page.click("#edit-submit")
    page.wait_for_url("**/athletes/kim")
    assert "Kim Squatter" in page.inner_text("h1")
    assert "45 min" in page.inner_text("main") and "sat" in page.inner_text("main")
    shot("20-overview-edited")

    context.close()
    assert problems == [], problems
