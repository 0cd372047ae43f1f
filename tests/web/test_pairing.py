"""`anklet serve --lan`: a phone pairs once with the printed link and stays paired (a restart
included); any other device, a spent link or a forged cookie is refused with a page saying
how to pair (a problem on the API); this machine needs no pairing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from anklet.cli.serve import pairing_text
from anklet.web.app import create_app
from anklet.web.pairing import DEVICE_COOKIE, PairedDevices

PHONE = ("192.168.1.50", 51000)
OTHER_PHONE = ("192.168.1.77", 52000)
LAN_HOST = "192.168.1.10:8000"


@pytest.fixture
def devices(tmp_path: Path) -> PairedDevices:
    return PairedDevices(tmp_path / "paired-devices.json")


def _client(anklet: Anklet, devices: PairedDevices, peer: tuple[str, int]) -> TestClient:
    app = create_app(anklet=anklet, allowed_hosts={"192.168.1.10"}, paired_devices=devices)
    return TestClient(app, base_url=f"http://{LAN_HOST}", client=peer, follow_redirects=False)


@pytest.fixture
def phone(anklet: Anklet, devices: PairedDevices) -> Iterator[TestClient]:
    with _client(anklet, devices, PHONE) as client:
        yield client


def test_an_unpaired_device_is_refused_with_a_page_that_says_how_to_pair(
    phone: TestClient,
) -> None:
    page = phone.get("/")
    assert page.status_code == 401
    assert "Pair this device first" in page.text and "anklet serve --lan" in page.text
    assert page.headers["content-security-policy"]  # the refusal carries the headers too
    api = phone.get("/api/v1/athletes")
    assert api.status_code == 401
    assert api.headers["content-type"].startswith("application/problem+json")
    assert phone.post("/api/v1/athletes", json={"handle": "x", "name": "X"}).status_code == 401


def test_the_link_pairs_one_device_once_and_the_cookie_lasts(
    anklet: Anklet, devices: PairedDevices, phone: TestClient, tmp_path: Path
) -> None:
    paired = phone.get(f"/pair?token={devices.token}")
    assert paired.status_code == 303 and paired.headers["location"] == "/"
    cookie = paired.cookies[DEVICE_COOKIE]
    set_cookie = paired.headers["set-cookie"].lower()
    assert "max-age=34560000" in set_cookie and "httponly" in set_cookie
    assert phone.get("/").status_code == 200
    assert phone.get("/api/v1/athletes").status_code == 200
    # Only a hash is kept on disk, never the cookie itself.
    stored = (tmp_path / "paired-devices.json").read_text(encoding="utf-8")
    assert cookie not in stored and len(json.loads(stored)["devices"]) == 1

    # The link is spent: another phone cannot use it.
    with _client(anklet, devices, OTHER_PHONE) as other:
        spent = other.get(f"/pair?token={devices.token}")
        assert spent.status_code == 401 and "already used" in spent.text
        other.cookies.set(DEVICE_COOKIE, "forged-" + cookie)
        assert other.get("/").status_code == 401

    # A restart (a new token, the same file) keeps the phone paired.
    restarted = PairedDevices(tmp_path / "paired-devices.json")
    assert restarted.token != devices.token
    with _client(anklet, restarted, OTHER_PHONE) as same_phone_later:
        same_phone_later.cookies.set(DEVICE_COOKIE, cookie)
        assert same_phone_later.get("/").status_code == 200


def test_a_wrong_token_pairs_nobody(devices: PairedDevices, phone: TestClient) -> None:
    assert phone.get("/pair?token=guess").status_code == 401
    assert phone.get("/pair").status_code == 401
    # ... and does not spend the real one.
    assert phone.get(f"/pair?token={devices.token}").status_code == 303


def test_this_machine_needs_no_pairing(anklet: Anklet, devices: PairedDevices) -> None:
    with _client(anklet, devices, ("127.0.0.1", 40000)) as local:
        assert local.get("/").status_code == 200


def test_the_host_check_still_holds_on_the_lan(anklet: Anklet, devices: PairedDevices) -> None:
    app = create_app(anklet=anklet, allowed_hosts={"192.168.1.10"}, paired_devices=devices)
    with TestClient(app, base_url="http://evil.example:8000", client=PHONE) as client:
        assert client.get(f"/pair?token={devices.token}").status_code == 421
    assert not devices.path.exists()


def test_the_pairing_text_holds_the_link_and_a_qr_code_that_fits_80_columns() -> None:
    link = "http://192.168.1.10:8000/pair?token=abcdefghijklmnopqrstuvwxyz012345"
    text = pairing_text(link, "http://127.0.0.1:8000/")
    assert f"\n{link}\n" in text
    drawn = [line for line in text.splitlines() if "█" in line or "▀" in line or "▄" in line]
    assert len(drawn) >= 12 and all(len(line) <= 80 for line in text.splitlines())


def test_the_pairing_text_says_plain_http_needs_the_connection_and_https_does_not() -> None:
    plain = pairing_text("http://192.168.1.10:8000/pair?token=t", "http://127.0.0.1:8000/")
    assert "Over plain http the phone's pages need the connection" in plain
    assert "--tls-cert" in plain and all(len(line) <= 80 for line in plain.splitlines())
    secure = pairing_text(
        "https://192.168.1.10:8000/pair?token=t", "https://127.0.0.1:8000/", offline=True
    )
    assert "need the connection" not in secure


def test_over_https_the_pairing_cookie_is_secure(anklet: Anklet, devices: PairedDevices) -> None:
    app = create_app(anklet=anklet, allowed_hosts={"192.168.1.10"}, paired_devices=devices)
    with TestClient(app, base_url=f"https://{LAN_HOST}", client=PHONE) as phone:
        paired = phone.get(f"/pair?token={devices.token}", follow_redirects=False)
    assert paired.status_code == 303
    assert "secure" in paired.headers["set-cookie"].lower()
