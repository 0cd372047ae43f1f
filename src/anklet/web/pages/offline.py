"""The installable app: the web app manifest and the service worker (static/js/sw.js),
served at the root so that the worker's scope is the whole app."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Response

from anklet import __version__
from anklet.web.pages.render import PageRoute

router = APIRouter(route_class=PageRoute)
STATIC = Path(__file__).resolve().parent.parent / "static"
THEME = "#0b6e6e"  # --brand in anklet.css: the header's colour, the phone's bar around it
BACKGROUND = "#f7f8fa"  # --bg: the splash screen while the first page loads
MANIFEST = {
    "name": "Anklet: ankle coach",
    "short_name": "Anklet",
    "description": "An evidence-based coach for ankle dorsiflexion and plantarflexion.",
    "id": "/",
    "start_url": "/",
    "scope": "/",
    "display": "standalone",
    "orientation": "any",
    "theme_color": THEME,
    "background_color": BACKGROUND,
    "icons": [
        {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
        {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
        {
            "src": "/static/icons/icon-maskable-512.png",
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ],
}
# Always asked again: a new worker (a new version) reaches the phone on its next visit.
NO_CACHE = {"Cache-Control": "no-cache"}


@lru_cache(maxsize=1)
def worker_source() -> str:
    """sw.js with its version: the app's, and a digest of the files it keeps, so any change
    to them gives the phone a new worker and fresh caches."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(STATIC).as_posix().encode())
            digest.update(path.read_bytes())
    source = (STATIC / "js" / "sw.js").read_text(encoding="utf-8")
    return source.replace("__ANKLET_VERSION__", f"{__version__}-{digest.hexdigest()[:12]}")


@router.get("/sw.js")
def service_worker() -> Response:
    return Response(worker_source(), media_type="text/javascript", headers=NO_CACHE)


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    return Response(
        json.dumps(MANIFEST, indent=2), media_type="application/manifest+json", headers=NO_CACHE
    )
