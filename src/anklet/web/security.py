"""Local safety for a server on 127.0.0.1: Host checks against DNS rebinding, security
headers, and one place where authorization will be added (accounts come in a later issue)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from fastapi import Request, Response
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.types import ASGIApp

from anklet.web.problems import problem

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "testserver"})
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # Everything is served from here: no CDN, no inline script from elsewhere.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' "
    "'unsafe-inline'; script-src 'self'; frame-ancestors 'none'",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class LocalSafety(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        super().__init__(app)
        self.allowed_hosts = frozenset(allowed_hosts) | LOCAL_HOSTS

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        host = host_name(request.headers.get("host", ""))
        if host not in self.allowed_hosts:
            # A page from another site that resolved its own name to 127.0.0.1.
            return problem(
                421, "wrong-host", "Misdirected request", f"host {host!r} is not served here"
            )
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def host_name(header: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1'; '[::1]:8000' -> '[::1]'."""
    if header.startswith("["):
        return header[: header.find("]") + 1]
    return header.split(":", 1)[0]


def authorize(request: Request) -> None:
    """Every route depends on this: today one local user may do everything; accounts and
    coach rosters (a later issue) check here, in one place."""
    del request
