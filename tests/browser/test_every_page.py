"""Every page, on a 390 x 844 phone, a 1280 x 800 desktop and a 360 x 740 phone in the dark
theme: nothing scrolls sideways, every tap target on a phone is at least 44 px, and axe-core
(WCAG 2.2 A/AA rules) finds no serious or critical violation. Each page's screenshot goes to
artifacts/screenshots/pages/. The pages of the multi-user server and the pairing page of
`serve --lan` are audited the same way in test_every_server_page.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import full_page_shot

pytestmark = pytest.mark.slow

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
PHONE = {"width": 390, "height": 844}
NARROWEST = {"width": 360, "height": 740}
# name: (viewport, colour scheme); the dark theme follows the system setting.
VIEWPORTS = {
    "phone": (PHONE, "light"),
    "desktop": ({"width": 1280, "height": 800}, "light"),
    # The narrowest phones, in the dark theme.
    "phone-dark": (NARROWEST, "dark"),
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
TAP_PX = 44


def _pages(handle: str, exercise: str) -> list[str]:
    athlete = f"/athletes/{handle}"
    return [
        "/",
        athlete,
        f"{athlete}/edit",
        f"{athlete}/screen",
        f"{athlete}/assess",
        f"{athlete}/assess/result",
        f"{athlete}/plan",
        f"{athlete}/today",
        f"{athlete}/log",
        f"{athlete}/checkin",
        f"{athlete}/status",
        f"{athlete}/progress",
        f"{athlete}/runs",
        f"{athlete}/handout",
        f"{athlete}/report",
        f"{athlete}/data",
        "/caseload",
        "/import",
        "/exercises",
        f"/exercises/{exercise}",
        "/sources",
        "/athletes/nobody-here",
    ]


@pytest.fixture(scope="module", params=sorted(VIEWPORTS))
def audited(request: pytest.FixtureRequest, browser: Any, base_url: str) -> Iterator[Any]:
    """A page in a context of one viewport; the CSP is bypassed only so axe can be injected."""
    viewport, scheme = VIEWPORTS[request.param]
    context = browser.new_context(
        viewport=viewport, color_scheme=scheme, base_url=base_url, bypass_csp=True
    )
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


def _overflow(page: Any) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


SMALL_TARGETS = (Path(__file__).with_name("scripts") / "small_targets.js").read_text()


def _axe(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:4]}"
        for v in found["violations"]
        if v["impact"] in BLOCKING
    ]


def audit(page: Any, viewport: str, path: str, folder: Path) -> list[str]:
    """What is wrong with the page open at `path`: axe's serious and critical violations,
    sideways scrolling, and on a phone tap targets under 44 px; its screenshot goes to
    `folder`. Shared by every module that audits pages."""
    page.wait_for_load_state("networkidle")
    found = _axe(page)
    if (wide := _overflow(page)) > 0:
        found.append(f"scrolls sideways by {wide} px")
    if viewport.startswith("phone") and (small := page.evaluate(SMALL_TARGETS, TAP_PX)):
        found.append(f"tap targets under {TAP_PX} px: {small[:6]}")
    name = path.split("?", maxsplit=1)[0].strip("/").replace("/", "-") or "home"
    full_page_shot(page, folder / f"{viewport}-{name}.png")
    return found


def test_every_page_fits_and_passes_axe(audited: Any, demo: str, screenshots: Path) -> None:
    page = audited
    folder = screenshots / "pages"
    folder.mkdir(exist_ok=True)
    problems: dict[str, list[str]] = {}
    for path in _pages(demo, "knee-to-wall-lunge"):
        page.goto(path)
        if found := audit(page, page.viewport_name, path, folder):
            problems[path] = found
    assert problems == {}, "\n".join(f"{p}: {v}" for p, v in problems.items())
