"""With no connection: the installed app opens today, the week, the log form and the library
from what its service worker kept; a session logged offline waits on the device ("waiting to
sync"), is sent when the connection returns and lands once, even when it is sent again.

Playwright's offline switch does not reach a service worker's own requests, so this module
serves the app from a server of its own, stopped while the phone is offline (the same
database as the shared server) and started again on the same address (the worker and the
queue belong to that origin)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from anklet.services.demo import seed_demo
from anklet.services.training import history
from tests.browser.conftest import Served, _free_port

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}
HANDLE = "offline-runner"


class Switchable:
    """The app on one port that can be stopped and started again."""

    def __init__(self, served: Served) -> None:
        from anklet.web.app import create_app

        self.app = create_app(anklet=served.anklet)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        import uvicorn

        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        for _ in range(200):
            if self._server.started:
                return
            time.sleep(0.05)
        raise AssertionError("uvicorn did not start")

    def stop(self) -> None:
        assert self._server is not None and self._thread is not None
        self._server.should_exit = True
        self._thread.join(timeout=10)


@pytest.fixture(scope="module")
def switchable(served: Served) -> Iterator[Switchable]:
    server = Switchable(served)
    server.start()
    yield server
    if server._thread is not None and server._thread.is_alive():
        server.stop()


def _logs(served: Served) -> list[str]:
    view = history(uow=served.anklet.uow(), handle=HANDLE)
    return [f"{log.day} {log.kind.value} {log.notes}" for log in view.logs]


REQUEUE = """(entry) => new Promise((resolve, reject) => {
  const opening = indexedDB.open("anklet", 1);
  opening.onsuccess = () => {
    const tx = opening.result.transaction("queue", "readwrite");
    tx.objectStore("queue").put(entry);
    tx.oncomplete = () => { opening.result.close(); resolve(true); };
    tx.onerror = () => reject(tx.error);
  };
})"""


def test_today_opens_offline_and_a_queued_log_lands_once(
    browser: Any, served: Served, switchable: Switchable
) -> None:
    anklet = served.anklet
    seed_demo(
        uow=anklet.uow(),
        handle=HANDLE,
        catalogue=anklet.catalogue,
        norm_table=anklet.norm_table,
        clock=anklet.clock,
        weeks=2,
    )
    before = _logs(served)
    context = browser.new_context(viewport=PHONE, base_url=switchable.url)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"/athletes/{HANDLE}/today")
    # The worker is installed and has kept this athlete's week.
    page.wait_for_function("() => document.documentElement.dataset.offline === 'ready'")
    online_items = page.locator(".checklist .item").count()
    assert online_items >= 1

    context.set_offline(True)
    switchable.stop()
    page.goto(f"/athletes/{HANDLE}/today")
    assert page.locator(".checklist .item").count() == online_items
    page.goto("/exercises")
    first = page.locator("main a[href^='/exercises/']").first
    first.click()
    page.wait_for_load_state()
    assert page.locator("#offline-missing").count() == 0, "an exercise page was not kept"
    page.goto(f"/athletes/{HANDLE}/assess")
    assert page.locator("#offline-missing").count() == 0, "the guided tests were not kept"

    page.goto(f"/athletes/{HANDLE}/log")
    page.fill("#f-pain", "2")
    page.fill("#f-notes", "logged with no signal")
    page.click("#log-submit")
    page.wait_for_selector("#sync-waiting")
    assert "Waiting to sync" in page.inner_text("#sync-waiting")
    assert page.get_attribute("html", "data-sync") == "waiting"
    assert page.inner_text("#log-submit") == "Waiting to sync"
    assert _logs(served) == before
    queued = page.evaluate("() => window.anklet.offline.waiting()")
    assert len(queued) == 1 and queued[0]["key"].startswith("anklet-")

    # The connection returns: the page sends what waited, once.
    switchable.start()
    context.set_offline(False)
    page.wait_for_selector("#sync-sent")
    assert "Synced" in page.inner_text("#sync-sent")
    assert page.get_attribute("html", "data-sync") == "clear"
    after = _logs(served)
    assert len(after) == len(before) + 1 and after[-1].endswith("logged with no signal")

    # The same write sent again (an answer lost on the way): the first answer, no second log.
    page.evaluate(REQUEUE, queued[0])
    page.evaluate("() => window.anklet.offline.flush()")
    assert page.evaluate("() => window.anklet.offline.waiting()") == []
    assert _logs(served) == after
    assert problems == []
    context.close()


def test_a_queued_write_the_server_refuses_says_so(
    browser: Any, served: Served, switchable: Switchable
) -> None:
    """A write refused when it is sent (here: the same morning checked in from elsewhere in
    the meantime) is not retried for ever: the page says what the server said."""
    context = browser.new_context(viewport=PHONE, base_url=switchable.url)
    page = context.new_page()
    page.goto(f"/athletes/{HANDLE}/checkin")
    page.wait_for_function("() => document.documentElement.dataset.offline === 'ready'")
    context.set_offline(True)
    switchable.stop()
    page.goto(f"/athletes/{HANDLE}/checkin")
    page.click("#checkin-submit")
    page.wait_for_selector("#sync-waiting")
    assert "the morning check-in of" in page.inner_text("#sync-waiting")
    switchable.start()
    context.set_offline(False)
    page.wait_for_selector(".sync-refused")
    refused = page.inner_text(".sync-refused")
    assert "Not saved: the server refused the morning check-in" in refused
    assert "already checked in" in refused
    assert page.evaluate("() => window.anklet.offline.waiting()") == []
    context.close()
