"""Pairing for `anklet serve --lan`: the app on the network answers only this machine and the
devices paired with it.

The server prints a one-time pairing link (and its QR code). Opening it gives that device a
long-lived random cookie; only a hash of it is kept, in a small file in the data folder, so a
restart keeps the devices paired and nothing readable there lets another device in. Every
other device gets a page (or, on the API, a problem) that says how to pair.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.types import ASGIApp

from anklet.web.problems import problem

DEVICE_COOKIE = "anklet_device"
PAIR_PATH = "/pair"
# A paired phone stays paired about a year (400 days is what browsers keep a cookie at most).
DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 3600
LOOPBACK_CLIENTS = frozenset({"127.0.0.1", "::1"})
DEVICES_FILE = "paired-devices.json"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class PairedDevices:
    """The hashes of the paired devices' cookies, in a JSON file; and this run's pairing
    token, which works once."""

    def __init__(self, path: Path, token: str | None = None) -> None:
        self.path = path
        self.token = token or secrets.token_urlsafe(24)
        self._used = False
        self._lock = threading.Lock()

    def _read(self) -> list[dict[str, str]]:
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        devices = loaded.get("devices", []) if isinstance(loaded, dict) else []
        return [d for d in devices if isinstance(d, dict) and isinstance(d.get("hash"), str)]

    def knows(self, secret: str | None) -> bool:
        if not secret or len(secret) > 200:
            return False
        wanted = _digest(secret)
        return any(hmac.compare_digest(d["hash"], wanted) for d in self._read())

    def pair(self, token: str) -> str | None:
        """A new device's cookie for this run's token, once; None for any other token."""
        with self._lock:
            if self._used or not hmac.compare_digest(token.encode(), self.token.encode()):
                return None
            self._used = True
            secret = secrets.token_urlsafe(32)
            devices = [*self._read(), {"hash": _digest(secret), "paired_at": _now()}]
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f".{self.path.name}.partial")
            partial.write_text(json.dumps({"devices": devices}, indent=2), encoding="utf-8")
            partial.replace(self.path)
            return secret


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


REFUSED_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pair this device · Anklet</title><link rel="stylesheet" href="/static/css/anklet.css"></head>
<body><main id="main"><h1>Pair this device first</h1>
<p class="banner warn" id="pairing-refused">{reason}</p>
<ol><li>On the computer that runs Anklet, start it with <code>anklet serve --lan</code>.</li>
<li>Scan the QR code it prints with this device's camera, or open the pairing link it prints.</li>
<li>The link works once: each start prints a new one for the next device.</li></ol>
<p>A paired device stays paired for about a year, across restarts.</p></main></body></html>
"""
NOT_PAIRED = "This device is not paired with this Anklet, so it cannot see or change anything."
SPENT = "That pairing link was already used, or it is from an earlier start of Anklet."


def refused(request: Request, reason: str) -> Response:
    if request.url.path.startswith("/api/"):
        return problem(401, "not-paired", "This device is not paired", reason)
    return HTMLResponse(REFUSED_PAGE.format(reason=reason), status_code=401)


class DevicePairing(BaseHTTPMiddleware):
    """Lets through this machine, the paired devices, the pairing link and the stylesheet of
    the refusal page; refuses everyone else."""

    def __init__(self, app: ASGIApp, devices: PairedDevices) -> None:
        super().__init__(app)
        self.devices = devices

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        client = request.client.host if request.client else ""
        path = request.url.path
        if client in LOOPBACK_CLIENTS or path == "/static/css/anklet.css":
            return await call_next(request)
        if path == PAIR_PATH:
            return self._pair(request)
        if self.devices.knows(request.cookies.get(DEVICE_COOKIE)):
            return await call_next(request)
        return refused(request, NOT_PAIRED)

    def _pair(self, request: Request) -> Response:
        if self.devices.knows(request.cookies.get(DEVICE_COOKIE)):
            return RedirectResponse("/", status_code=303)  # paired already
        secret = self.devices.pair(request.query_params.get("token", ""))
        if secret is None:
            return refused(request, SPENT)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            DEVICE_COOKIE,
            secret,
            max_age=DEVICE_COOKIE_MAX_AGE_S,
            httponly=True,
            samesite="lax",
            # Over https (serve --tls-cert) the cookie is never sent over plain http.
            secure=request.url.scheme == "https",
            path="/",
        )
        return response
