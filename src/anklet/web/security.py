"""Local safety for a server on 127.0.0.1: Host checks against DNS rebinding, security
headers and refusing writes from other sites. Who may use a route is web.access."""

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
        refused = cross_site_write(request)
        if refused:
            return problem(403, "cross-site-write", "A write from another site", refused)
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Sec-Fetch-Site values a browser sends for a request this app's own pages (or the user,
# typing an address) made; anything else is another site or another origin on this one.
OWN_FETCH_SITES = frozenset({"same-origin", "none"})


def cross_site_write(request: Request) -> str:
    """Why a state-changing request is refused as coming from another site; "" when it may go
    on. Checked here, whatever the framework does with bodies, so that a dependency change can
    never let a web page write (record a clearance, say) through the user's browser.

    A browser says where a request comes from (Sec-Fetch-Site, else Origin); a program such as
    curl or the CLI sends neither and is let through, as the API is for programs too."""
    if request.method not in STATE_CHANGING:
        return ""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return "" if site in OWN_FETCH_SITES else f"Sec-Fetch-Site {site!r}: not this app's page"
    origin = request.headers.get("origin")
    if origin is None:
        return ""
    expected = {f"{scheme}://{request.headers.get('host', '')}" for scheme in ("http", "https")}
    return "" if origin in expected else f"Origin {origin!r} is not this app"


def host_name(header: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1'; '[::1]:8000' -> '[::1]'."""
    if header.startswith("["):
        return header[: header.find("]") + 1]
    return header.split(":", 1)[0]
