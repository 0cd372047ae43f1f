"""The app installs on a phone: a web app manifest linked from every page (name, icons of the
sizes it states, theme, standalone display), a service worker served from the root (its
scope the whole app) under the same Content-Security-Policy, and icons drawn by our own
script (scripts/gen_icons.py), committed as it draws them."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from anklet.web.pages.offline import STATIC

ROOT = Path(__file__).resolve().parents[2]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_every_page_links_the_manifest_and_the_offline_script(client: TestClient) -> None:
    page = client.get("/").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#0b6e6e">' in page
    assert '<script src="/static/js/offline.js" defer></script>' in page
    assert 'id="sync-state"' in page


def test_the_manifest_names_the_app_and_its_icons_are_the_sizes_it_says(
    client: TestClient,
) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["short_name"] == "Anklet" and manifest["name"].startswith("Anklet")
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert manifest["theme_color"] == "#0b6e6e"
    purposes = {icon.get("purpose", "any") for icon in manifest["icons"]}
    assert purposes == {"any", "maskable"}
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200 and served.headers["content-type"] == "image/png"
        width, height = _png_size(served.content)
        assert f"{width}x{height}" == icon["sizes"]
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}


def test_the_service_worker_is_served_from_the_root_with_its_version(
    client: TestClient,
) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    assert "__ANKLET_VERSION__" not in response.text
    assert 'var VERSION = "0.' in response.text
    # The CSP every answer carries covers the worker and the manifest ('self' by default).
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    # Every file the worker keeps at install is served.
    shell = response.text.split("var SHELL_FILES = [", 1)[1].split("];", 1)[0]
    for path in (line.strip().strip('",') for line in shell.splitlines() if line.strip()):
        assert client.get(path).status_code == 200, path
    assert (STATIC / "js" / "sw.js").is_file()


def test_the_committed_icons_are_what_the_script_draws() -> None:
    script = ROOT / "scripts" / "gen_icons.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
