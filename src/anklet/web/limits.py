"""Bounded requests: a body is measured before anything parses it. Larger than
MAX_BODY_BYTES (MAX_UPLOAD_BYTES for an upload of watch files) is a 413 problem, JSON nested
deeper than MAX_JSON_DEPTH a 422 problem; the app never holds more than one body's limit in
memory for a request."""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from anklet.bootstrap import READING_ONLY
from anklet.domain.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_BODY_BYTES,
    MAX_JSON_DEPTH,
    MAX_UPLOAD_BYTES,
    json_depth,
)
from anklet.web.problems import problem

BODYLESS = frozenset({"GET", "HEAD", "OPTIONS"})
# Watch files are uploaded here (the API and the page): a larger, still bounded, body.
# An import carries a whole exported history (docs/data.md): its own, larger limit.
IMPORT_PATHS = frozenset({"/api/v1/imports", "/import"})
UPLOAD_PATH = re.compile(r"^(/api/v1)?/athletes/[^/]+/runs$")


def body_limit(scope: Scope) -> int:
    """The most bytes a request to this path may send."""
    path = scope.get("path", "")
    if path in IMPORT_PATHS:
        return MAX_ARCHIVE_BYTES
    return MAX_UPLOAD_BYTES if UPLOAD_PATH.match(path) else MAX_BODY_BYTES


class ReadOnlyRequests:
    """A GET or HEAD only reads (HTTP's safe methods): its transactions are opened read-only,
    so on SQLite a long write never makes the pages and the API's reads wait or fail."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        token = READING_ONLY.set(True)
        try:
            await self.app(scope, receive, send)
        finally:
            READING_ONLY.reset(token)


class BodyLimit:
    """Pure ASGI middleware: it reads the body itself (streamed or not), up to the limit, and
    hands the app the same bytes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in BODYLESS:
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope)
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _too_large(scope, receive, send, f"{declared} bytes declared", limit)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client went away: nothing to answer, nothing written
            body += message.get("body", b"")
            if len(body) > limit:
                await _too_large(scope, receive, send, f"more than {limit} bytes sent", limit)
                return
            if not message.get("more_body", False):
                break
        if _is_json(scope) and not _is_utf8(body):
            refused = problem(
                422,
                "not-utf8",
                "The body is not UTF-8",
                "body: bytes that are not UTF-8; JSON is UTF-8 text (RFC 8259)",
                field="body",
                value=None,
                allowed="a JSON document in UTF-8",
            )
            await refused(scope, receive, send)
            return
        if _is_json(scope) and json_depth(bytes(body)) > MAX_JSON_DEPTH:
            refused = problem(
                422,
                "too-deep",
                "The body is nested too deeply",
                f"body: JSON nested more than {MAX_JSON_DEPTH} deep",
                field="body",
                value=None,
                allowed=f"JSON nested at most {MAX_JSON_DEPTH} deep",
            )
            await refused(scope, receive, send)
            return
        await self.app(scope, _replaying(bytes(body), receive), send)


def _replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # after the body: wait for the disconnect, as the server would

    return replay


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _declared_length(scope: Scope) -> int | None:
    text = _header(scope, b"content-length")
    text = text.strip() if text is not None else None
    if not text or not (text.isascii() and text.isdigit()):
        return None  # absent or malformed: the body is counted as it arrives instead
    return int(text)


def _is_utf8(body: bytearray) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_json(scope: Scope) -> bool:
    kind = (_header(scope, b"content-type") or "").lower()
    return "json" in kind


async def _too_large(
    scope: Scope, receive: Receive, send: Send, found: str, limit: int = MAX_BODY_BYTES
) -> None:
    refused = problem(
        413,
        "too-large",
        "The body is too large",
        f"body: {found}; at most {limit} bytes are read",
        field="body",
        value=None,
        allowed=f"a body of at most {limit} bytes",
    )
    await refused(scope, receive, send)
