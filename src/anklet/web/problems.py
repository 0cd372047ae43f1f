"""Errors as RFC 9457 problem details (`application/problem+json`), never a traceback."""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from anklet.domain.errors import (
    Action,
    AnkletError,
    Conflict,
    Hint,
    InvalidValue,
    NotFound,
    StorageUnavailable,
)

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
        )
    if isinstance(error, NotFound):
        return problem(404, "not-found", "Not found", str(error), **hint_fields(error.hint))
    if isinstance(error, Conflict):
        return problem(
            409, "conflict", "Conflict with what is stored", str(error), **hint_fields(error.hint)
        )
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


def _plain(value: Any) -> Any:
    """JSON-safe copy of a value for a problem body."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # NaN and infinity are not JSON
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if k != "ctx"}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)
