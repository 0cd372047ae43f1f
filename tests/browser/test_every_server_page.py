"""The pages of the multi-user server (sign-in, joining, a new password, the account, the
audit log, the caseload) and the pairing page of `serve --lan`, audited like every other page
(test_every_page.audit: axe-core, no sideways scrolling, 44 px tap targets on a phone) at
390 x 844 and 1280 x 800, screenshots in artifacts/screenshots/pages/.

Pairing runs in a real browser too: the app is served on this machine's network address, so
the browser's requests come from that address, as a phone's would, not from loopback. An
unpaired browser gets the page that says how to pair; the printed link pairs it, and it stays
paired; a second browser is refused and the spent link pairs nobody."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import serving
from tests.browser.test_every_page import PHONE, audit

pytestmark = pytest.mark.slow

PASSWORD = "a clinic passphrase"
VIEWPORTS = {"phone": PHONE, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A server with accounts: an admin, a coach following one athlete, and an open
    invitation and reset link for the pages that take one."""
    from anklet.domain.accounts import Principal, Role
    from anklet.domain.athlete import Athlete
    from anklet.services.accounts import (
        accept_invitation,
        add_athlete_for,
        create_admin,
        invite,
        issue_reset,
    )
    from anklet.settings import build_settings
    from anklet.storage.passwords import fast_passwords
    from anklet.web.app import create_app

    folder = tmp_path_factory.mktemp("server-pages")
    app = create_app(build_settings(db=str(folder / "clinic.db"), accounts=True, environ={}))
    core = app.state.anklet
    core.__dict__["passwords"] = fast_passwords()
    accounts, clock = core.accounts_uow, core.clock
    admin = Principal(
        create_admin(
            uow=accounts(),
            clock=clock,
            passwords=core.passwords,
            email="ada@clinic.test",
            name="Ada Admin",
            password=PASSWORD,
        )
    )
    coach, _ = accept_invitation(
        uow=accounts(),
        clock=clock,
        passwords=core.passwords,
        secret=invite(uow=accounts(), clock=clock, inviter=admin, role=Role.COACH).secret,
        email="cleo@clinic.test",
        name="Cleo Coach",
        password=PASSWORD,
    )
    add_athlete_for(
        uow=accounts(),
        clock=clock,
        principal=Principal(coach),
        athlete=Athlete(handle="zoe", name="Zoe Runner"),
    )
    links = {
        "join": invite(uow=accounts(), clock=clock, inviter=admin, role=Role.COACH).secret,
        "reset": issue_reset(uow=accounts(), clock=clock, email="cleo@clinic.test").secret,
    }
    with serving(app) as served:
        yield {"url": served.url, **links}


def _signed_in(context: Any, email: str) -> Any:
    page = context.new_page()
    page.goto("/login")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    return page


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_every_page_of_the_server_fits_and_passes_axe(
    browser: Any, clinic: dict[str, str], screenshots: Path, viewport: str
) -> None:
    folder = screenshots / "pages"
    folder.mkdir(exist_ok=True)
    problems: dict[str, list[str]] = {}

    def check(page: Any, path: str, who: str) -> None:
        page.goto(path)
        if found := audit(page, f"{viewport}-server-{who}", path, folder):
            problems[f"{who} {path}"] = found

    # bypass_csp only so that axe can be injected.
    options = {"viewport": VIEWPORTS[viewport], "base_url": clinic["url"], "bypass_csp": True}
    contexts = [browser.new_context(**options) for _ in range(3)]
    try:
        stranger = contexts[0].new_page()
        for path in ("/login", f"/join?token={clinic['join']}", f"/reset?token={clinic['reset']}"):
            check(stranger, path, "signed-out")
        admin = _signed_in(contexts[1], "ada@clinic.test")
        for path in ("/", "/account", "/admin/audit"):
            check(admin, path, "admin")
        coach = _signed_in(contexts[2], "cleo@clinic.test")
        for path in ("/", "/caseload", "/account", "/athletes/zoe"):
            check(coach, path, "coach")
    finally:
        for context in contexts:
            context.close()
    assert problems == {}, "\n".join(f"{p}: {v}" for p, v in problems.items())


@pytest.fixture(scope="module")
def lan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`serve --lan` as the command builds it, on this machine's network address."""
    from anklet.cli.serve import lan_address
    from anklet.domain.errors import InvalidValue
    from anklet.settings import build_settings
    from anklet.web.app import create_app
    from anklet.web.pairing import DEVICES_FILE, PairedDevices

    try:
        address = lan_address()
    except InvalidValue:
        pytest.skip("this machine has no network address to serve --lan on")
    folder = tmp_path_factory.mktemp("lan")
    settings = build_settings(db=str(folder / "anklet.db"), environ={})
    devices = PairedDevices(folder / DEVICES_FILE)
    app = create_app(settings, allowed_hosts={address}, paired_devices=devices)
    with serving(app, host=address) as served:
        yield served.url, devices.token


def test_pairing_in_a_browser_accepted_once_and_refused_otherwise(
    browser: Any, lan: tuple[str, str], screenshots: Path
) -> None:
    url, token = lan
    folder = screenshots / "pages"
    folder.mkdir(exist_ok=True)
    options = {"viewport": PHONE, "base_url": url, "bypass_csp": True}
    phone, other = browser.new_context(**options), browser.new_context(**options)
    try:
        page = phone.new_page()
        refused = page.goto("/")
        assert refused is not None and refused.status == 401
        assert "Pair this device first" in page.content()
        assert audit(page, "phone-lan", "pair-first", folder) == []

        paired = page.goto(f"/pair?token={token}")
        assert paired is not None and paired.status == 200 and page.url == f"{url}/"
        assert page.locator("#athlete-form").count() == 1  # the app itself
        again = page.reload()
        assert again is not None and again.status == 200  # the cookie keeps it paired

        stranger = other.new_page()
        spent = stranger.goto(f"/pair?token={token}")
        assert spent is not None and spent.status == 401  # the link worked once
        refused_again = stranger.goto("/")
        assert refused_again is not None and refused_again.status == 401
        assert "Pair this device first" in stranger.content()
    finally:
        phone.close()
        other.close()
