"""Browser tests: the real app served by uvicorn in a background thread over a fresh SQLite
file, driven by Playwright in Debian's chromium (launched from its system path, never
downloaded). Without /usr/bin/chromium the tests skip and say why; `make test` installs it.

One server and one browser serve the whole session (each test module uses its own athletes),
so the browser tests stay bounded however many pages they visit."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fastapi import FastAPI

    from anklet.bootstrap import Anklet

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The metronome starts audio from a click; let it play in a headless browser too.
    "--autoplay-policy=no-user-gesture-required",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Served:
    url: str
    anklet: Anklet


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from anklet.settings import build_settings
    from anklet.web.app import create_app

    folder = tmp_path_factory.mktemp("browser")
    settings = build_settings(db=str(folder / "anklet.db"), environ={})
    with serving(create_app(settings)) as served:
        yield served


@contextmanager
def serving(app: FastAPI, host: str = "127.0.0.1") -> Iterator[Served]:
    """The app served by uvicorn in a thread on a free port of `host`, until the block ends."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            lifespan="off",
            # Playwright's request context reuses a kept-alive connection; uvicorn closing it
            # after its default 5 idle seconds raced a request on a busy machine (ECONNRESET).
            timeout_keep_alive=120,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield Served(f"http://{host}:{port}", app.state.anklet)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.anklet.engine.dispose()


@pytest.fixture(scope="session")
def base_url(served: Served) -> str:
    return served.url


@pytest.fixture(scope="session")
def demo(served: Served) -> str:
    """An athlete with four weeks of history (the demo story), for pages that need data."""
    from anklet.services.demo import seed_demo

    anklet = served.anklet
    seed_demo(
        uow=anklet.uow(),
        handle="audit",
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
        weeks=4,
    )
    return "audit"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def full_page_shot(page: Any, path: Path) -> None:
    """A screenshot of the whole page that leaves the page scrolled where it was. Chromium 156
    draws a full page by resizing the view; afterwards its clicks landed off the element
    Playwright aimed at (a log form's button clicked as its form, nothing sent) until the page
    was scrolled again, so the scroll is set back here."""
    scrolled_px = page.evaluate("window.scrollY")
    page.screenshot(path=str(path), full_page=True)
    page.evaluate("y => window.scrollTo(0, y)", scrolled_px)
