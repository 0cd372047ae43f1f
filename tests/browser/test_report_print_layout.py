"""The printable pages in a real browser (issue 10, points 2-3): Chromium prints the progress
report and the handout on A4 and on Letter; each PDF is read back with poppler for its paper
and its words, the two papers hold the same text, nothing overflows the printed column, the
toolbar is not printed, and the pages keep the CSP (no console error). The first printed page
on each paper goes to artifacts/screenshots/ to compare by eye; so does a phone view."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _free_port
from tests.helpers import FakeClock
from tests.pdf_reading import assert_paper, pdf_text
from tests.report_story import NAME, play_story

pytestmark = pytest.mark.slow

PAPERS = {"a4": "A4", "letter": "Letter"}
# What differs between papers by design: the page footers (their count and numbers), where
# lines break (pdftotext joins a word hyphenated at a line end) and where pages break (a
# table's head repeats).
FOOTERS = re.compile(rf"page \d+ of \d+|Progress report: {NAME}|Training handout: {NAME}")


@pytest.fixture(scope="module")
def story_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over the report story, its clock on the story's today."""
    import uvicorn

    from anklet.bootstrap import Anklet
    from anklet.settings import build_settings
    from anklet.storage.engine import make_engine
    from anklet.storage.schema import ensure_schema
    from anklet.web.app import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('print') / 'anklet.db'}"
    engine = make_engine(url)
    ensure_schema(engine)
    core = Anklet(settings=build_settings(db=url, environ={}), engine=engine, clock=FakeClock())
    play_story(core.uow())
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(anklet=core), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


def _first_page_png(pdf: Path, target: Path) -> None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm is missing: `make test` installs poppler-utils")
    subprocess.run(
        [tool, "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
        check=True,
    )


def _words(pdf: Path) -> set[str]:
    """The words, as a set: a row moved to the next page reads back elsewhere, and a table's
    head repeats on every page it spans."""
    return set(re.findall(r"\w+", re.sub(r"[\-\u2010]", "", FOOTERS.sub(" ", pdf_text(pdf)))))


@pytest.mark.parametrize(
    ("name", "address"),
    [("report", "/athletes/rae/report?version=clinician"), ("handout", "/athletes/rae/handout")],
)
def test_chromium_prints_the_same_document_on_a4_and_letter(
    browser: Any, story_url: str, screenshots: Path, tmp_path: Path, name: str, address: str
) -> None:
    context = browser.new_context(base_url=story_url, viewport={"width": 1000, "height": 1200})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    words = {}
    for paper, chromium_format in PAPERS.items():
        separator = "&" if "?" in address else "?"
        response = page.goto(f"{address}{separator}paper={paper}")
        assert response is not None and response.status == 200
        assert page.locator("#print-button").is_visible()
        page.emulate_media(media="print")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} on {paper}: {overflow} px wider than the page"
        pdf = tmp_path / f"{name}-{paper}.pdf"
        page.pdf(path=str(pdf), format=chromium_format, print_background=True)
        page.emulate_media(media="screen")
        assert_paper(pdf, paper)
        text = pdf_text(pdf)
        assert NAME in text
        assert "Download PDF" not in text and "Print" not in text.split(NAME)[0], "no toolbar"
        words[paper] = _words(pdf)
        _first_page_png(pdf, screenshots / f"40-{name}-print-{paper}")
    assert words["a4"] == words["letter"], "the same words on both papers"
    assert problems == []
    context.close()


def test_the_handout_reads_on_a_phone(browser: Any, story_url: str, screenshots: Path) -> None:
    context = browser.new_context(base_url=story_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/athletes/rae/handout?weeks=3")
    assert page.locator("h1").inner_text() == f"Training handout: {NAME}"
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px of sideways scrolling on a phone"
    page.screenshot(path=str(screenshots / "41-handout-phone.png"), full_page=False)
    context.close()
