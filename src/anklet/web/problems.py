"""Errors as RFC 9457 problem details (`application/problem+json`), never a traceback."""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from anklet.domain.errors import (
    Action,
    AnkletError,
    Conflict,
    Hint,
    InvalidValue,
    NotFound,
    StaleVersion,
    StorageBusy,
    StorageUnavailable,
    each_problem,
)
from anklet.domain.receipts import AlreadyRecorded
from anklet.web.rendering import DocumentTooSlow

PROBLEM_TYPE = "https://anklet.invalid/problems/"
MEDIA_TYPE = "application/problem+json"


def problem(status: int, kind: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": PROBLEM_TYPE + kind, "title": title, "status": status, "detail": detail}
    return JSONResponse(body | extra, status_code=status, media_type=MEDIA_TYPE)


def anklet_error(_: Request, error: Exception) -> JSONResponse:
    """A user-caused error: 422 with field, value and what is allowed; 404; 409."""
    if isinstance(error, InvalidValue):
        return problem(
            422,
            "invalid-value",
            "A value is outside its allowed range",
            str(error),
            field=error.field,
            value=_plain(error.value),
            allowed=error.allowed,
            # Every bad value of the request, the first one also in the fields above.
            problems=[
                {"field": p.field, "value": _plain(p.value), "allowed": p.allowed}
                for p in each_problem((error,))
            ],
        )
    if isinstance(error, NotFound):
        # `missing` tells "no such athlete" from "no plan (baseline, log...) yet" without
        # reading the words.
        return problem(
            404,
            "not-found",
            "Not found",
            str(error),
            missing=error.kind,
            **hint_fields(error.hint),
        )
    if isinstance(error, StaleVersion):
        return problem(
            409,
            "stale-version",
            "Changed elsewhere",
            str(error),
            field="version",
            value=error.given,
            allowed=f"the stored version, {error.current}",
            current_version=error.current,
        )
    if isinstance(error, AlreadyRecorded):
        return problem(409, "already-recorded", "Already recorded", str(error))
    if isinstance(error, Conflict):
        return problem(
            409, "conflict", "Conflict with what is stored", str(error), **hint_fields(error.hint)
        )
    if isinstance(error, StorageBusy):
        busy = problem(503, "storage-busy", "The database is busy", str(error))
        busy.headers["Retry-After"] = str(error.retry_after_s)
        return busy
    if isinstance(error, DocumentTooSlow):
        slow = problem(
            503,
            "document-too-slow",
            "The document took too long to draw",
            str(error),
            limit_s=error.limit_s,
        )
        slow.headers["Retry-After"] = str(error.retry_after_s)
        return slow
    if isinstance(error, StorageUnavailable):
        return problem(503, "storage-unavailable", "The database is unavailable", str(error))
    assert isinstance(error, AnkletError)
    return problem(422, "invalid", "The request cannot be carried out", str(error))


API = "/api/v1"


def hint_fields(hint: Hint | None) -> dict[str, Any]:
    """The next step as API fields: `hint` names the action, `href` the route that does it
    (a request body field for a replacement)."""
    if hint is None:
        return {}
    handle = hint.handle
    where = {
        Action.CREATE_PLAN: f"{API}/athletes/{handle}/plans" if handle else None,
        Action.LIST_ATHLETES: f"{API}/athletes",
        Action.LIST_EXERCISES: f"{API}/exercises",
        Action.NEW_HANDLE: None,  # send the same request with "handle": "NEW"
        Action.REPLACE: None,  # send the same request with "replace": true
        Action.SCREEN: f"{API}/athletes/{handle}/screenings" if handle else None,
    }[hint.action]
    return {"hint": hint.action.value} | ({"href": where} if where else {})


def validation_error(_: Request, error: Exception) -> JSONResponse:
    """Pydantic's own checks (types, missing fields) in the same problem shape."""
    assert isinstance(error, RequestValidationError)
    first = error.errors()[0] if error.errors() else {}
    if first.get("type") == "json_invalid":
        # Pydantic puts the character position in `loc`; say what is wrong instead.
        where = first.get("loc", ("body", "?"))[-1]
        return problem(
            422,
            "invalid-json",
            "The body is not valid JSON",
            f"body: {first.get('msg', 'invalid JSON')} at character {where}",
            field="body",
            value=None,
            allowed="a JSON document",
        )
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")]
    field = ".".join(location) or "request"
    message = first.get("msg", "invalid request")
    return problem(
        422,
        "invalid-value",
        "A value is outside its allowed range",
        f"{field}: {message}",
        field=field,
        value=_plain(first.get("input")),
        allowed=message,
        errors=[_plain(e) for e in error.errors()],
    )


# Titles for the framework's own errors (no route, wrong method, an unreadable body).
HTTP_TITLES = {
    400: ("bad-request", "The request cannot be read"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    415: ("unsupported-media-type", "Unsupported media type"),
}


def http_error(request: Request, error: Exception) -> Response:
    """The framework's errors (an unknown address, a method the route does not take, a body
    it cannot parse) in the same problem shape; a person's browser asking for a page gets
    the error page instead."""
    assert isinstance(error, HTTPException)
    status = error.status_code
    kind, title = HTTP_TITLES.get(status, ("http-error", "The request cannot be carried out"))
    detail = _http_detail(request, error)
    headers = dict(error.headers or {})
    if status == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    if wants_page(request):
        from anklet.web.pages.render import error_page

        return error_page(request, status, title, detail, headers=headers)
    response = problem(status, kind, title, detail)
    response.headers.update(headers)
    return response


def _http_detail(request: Request, error: HTTPException) -> str:
    if error.status_code == 404:
        return f"nothing at {request.url.path}"
    if error.status_code == 405:
        allowed = ", ".join(allowed_methods(request))
        return f"{request.method} is not allowed on {request.url.path}; allowed: {allowed}"
    if error.status_code == 400 and "parsing the body" in str(error.detail):
        return "body: cannot be read; expected UTF-8 text in the declared Content-Type"
    return str(error.detail)


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this address (asked of the routes themselves, so
    included routers count too)."""
    from starlette.routing import Match

    found = []
    for method in METHODS:
        scope = {"type": "http", "path": request.url.path, "method": method, "root_path": ""}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.routes):
            found.append(method)
    return found


def wants_page(request: Request) -> bool:
    """A browser navigating to a page (not the API) asks for HTML."""
    if request.url.path.startswith(API):
        return False
    return "text/html" in request.headers.get("accept", "")


def server_error(request: Request, error: Exception) -> Response:
    """A programming error: a problem body with no internals, never a plain-text 500."""
    del error  # logged by the server; the body names nothing of the code
    return problem(
        500,
        "internal-error",
        "Internal error",
        f"{request.method} {request.url.path} failed inside Anklet; nothing was written",
    )


def _plain(value: Any) -> Any:
    """JSON-safe copy of a value for a problem body."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # NaN and infinity are not JSON
    if isinstance(value, str):
        # A lone surrogate cannot be written as UTF-8: show it escaped, as typed.
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if k != "ctx"}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)
