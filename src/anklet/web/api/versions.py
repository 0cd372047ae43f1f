"""Optimistic concurrency on the API: a record's version travels as an ETag, comes back in
If-Match (or a body's `version`), and a write made on an older version is a 409 naming the
stored one (web.problems, StaleVersion)."""

from __future__ import annotations

from typing import Annotated, Any, Protocol

from fastapi import Header, Response

from anklet.domain.errors import InvalidValue
from anklet.web.api.schemas import problem_responses

# Longer than any version's ETag ('W/"1000000000"'); a longer header is refused as a 422.
IF_MATCH_MAX_CHARS = 40

IfMatch = Annotated[
    str | None,
    Header(
        max_length=IF_MATCH_MAX_CHARS,
        description="the ETag of the record as read: the write is refused with 409 if it "
        "changed since",
    ),
]


def etag_header(kind: str) -> dict[str, Any]:
    return {
        "ETag": {
            "description": f'the {kind}\'s version, e.g. "3": If-Match names it to change it',
            "schema": {"type": "string"},
        }
    }


def versioned_responses(kind: str, status: int = 200) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI answers of a route that returns a versioned record and may refuse a stale
    write."""
    return {
        status: {"headers": etag_header(kind)},
        409: problem_responses()[409]
        | {"description": "Changed elsewhere since the version named (stale-version)"},
    }


def etag(version: int) -> str:
    return f'"{version}"'


def if_match_version(header: str | None, kind: str) -> int | None:
    """The version an If-Match header names ('"3"' or W/"3"); None for none or "*"."""
    if header is None or header.strip() == "*":
        return None
    tag = header.strip().removeprefix("W/").strip('"')
    if not (tag.isascii() and tag.isdigit()) or len(tag) > 10:
        raise InvalidValue("If-Match", header, f'the ETag of the {kind}, e.g. "3"')
    return int(tag)


def expected_version(header: str | None, body_version: int | None, kind: str) -> int | None:
    """The version the write was made on, from If-Match or the body (both: the same)."""
    expected = if_match_version(header, kind)
    if body_version is not None:
        if expected is not None and expected != body_version:
            raise InvalidValue("version", body_version, f"the version If-Match names ({expected})")
        expected = body_version
    return expected


class VersionedEdit(Protocol):
    """An edit's body: the fields it changes, and the version it was made on, if named."""

    version: int | None

    def model_dump(self, *, exclude_none: bool, exclude: set[str]) -> dict[str, Any]: ...


def edit_of(
    header: str | None, body: VersionedEdit, kind: str
) -> tuple[int | None, dict[str, Any]]:
    """The version an edit names (If-Match or the body) and the fields it changes; an edit
    that changes nothing is refused."""
    expected = expected_version(header, body.version, kind)
    given = body.model_dump(exclude_none=True, exclude={"version"})
    if not given:
        raise InvalidValue("body", "{}", "at least one field to change")
    return expected, given


def send_etag(response: Response, version: int) -> None:
    """The record's version, as the ETag the next write names in If-Match."""
    response.headers["ETag"] = etag(version)
