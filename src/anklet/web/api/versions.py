"""Optimistic concurrency on the API: a record's version travels as an ETag, comes back in
If-Match (or a body's `version`), and a write made on an older version is a 409 naming the
stored one (web.problems, StaleVersion). If-Match is read as RFC 9110 has it: one ETag, a
list of them (any one matching lets the write through), or "*" (any stored record)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Header, Response

from anklet.domain.errors import InvalidValue, StaleVersion
from anklet.web.api.schemas import problem_responses

# A list of a few ETags ('"3", "4"'); a longer header is refused as a 422, and so at most
# a few writes are tried (below).
IF_MATCH_MAX_CHARS = 120

IfMatch = Annotated[
    str | None,
    Header(
        max_length=IF_MATCH_MAX_CHARS,
        description='the ETag of the record as read ("3"), a list of them ("3", "4": any '
        "one), or * (any stored record): the write is refused with 409 if the record is at "
        "none of them",
    ),
]

T = TypeVar("T")
VERSION_DIGITS_MAX = 10  # RECORD_VERSION's maximum, 1_000_000_000, and a little more


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


@dataclass(frozen=True)
class Expected:
    """The versions a write may be made on, as If-Match and the body's `version` name
    them: () names none (no header, or "*"), so the write is made on whatever is stored."""

    versions: tuple[int, ...] = ()

    def apply(self, write: Callable[[int | None], T]) -> T:
        """Make the write on the first named version the record is at. The services check one
        version, in the write's own statement, so each is tried in turn: a write refused as
        stale rolls back whole (its Idempotency-Key too) and the next is tried; the last
        refusal (the record's newest version) is the answer when none matched."""
        if not self.versions:
            return write(None)
        refused: StaleVersion | None = None
        for version in self.versions:
            try:
                return write(version)
            except StaleVersion as stale:
                refused = stale
        assert refused is not None
        raise refused


def _allowed(kind: str) -> str:
    return f'the ETag of the {kind} ("3"), a list of them ("3", "4") or *'


def _version_of(tag: str, header: str, kind: str) -> int | None:
    """The version a strong ETag names; None for a weak one (W/"3"), which never matches:
    If-Match compares ETags strongly (RFC 9110, 13.1.1), and the ones we send are strong."""
    weak = tag.startswith("W/")
    quoted = tag.removeprefix("W/")
    digits = quoted[1:-1]
    well_formed = (
        len(quoted) >= 3
        and quoted[0] == quoted[-1] == '"'
        and digits.isascii()
        and digits.isdigit()
        and len(digits) <= VERSION_DIGITS_MAX
    )
    if not well_formed:
        raise InvalidValue("If-Match", header, _allowed(kind))
    return None if weak else int(digits)


def if_match_versions(header: str | None, kind: str) -> Expected:
    """The versions an If-Match header names, in its order: '"3"', '"3", "4"' (a list: any
    one of them); "*" or no header names none. A weak tag never matches, so a list of weak
    tags only is refused (a 409 would ask for a reload that could never help)."""
    if header is None or header.strip() == "*":
        return Expected()
    # RFC 9110's list rule: elements between commas, empty ones allowed ("3", , "4").
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    if not tags:
        raise InvalidValue("If-Match", header, _allowed(kind))
    found = [_version_of(tag, header, kind) for tag in tags]
    versions = tuple(dict.fromkeys(v for v in found if v is not None))
    if not versions:
        raise InvalidValue(
            "If-Match",
            header,
            f'a strong ETag of the {kind}, as sent ("3"): a weak one (W/"3") never matches',
        )
    return Expected(versions)


def expected_version(header: str | None, body_version: int | None, kind: str) -> Expected:
    """The versions the write may be made on, from If-Match or the body (both: the body's
    must be one If-Match names, and is the one)."""
    expected = if_match_versions(header, kind)
    if body_version is None:
        return expected
    if expected.versions and body_version not in expected.versions:
        named = ", ".join(str(v) for v in expected.versions)
        raise InvalidValue("version", body_version, f"the version If-Match names ({named})")
    return Expected((body_version,))


class VersionedEdit(Protocol):
    """An edit's body: the fields it changes, and the version it was made on, if named."""

    version: int | None

    def model_dump(self, *, exclude_none: bool, exclude: set[str]) -> dict[str, Any]: ...


def edit_of(header: str | None, body: VersionedEdit, kind: str) -> tuple[Expected, dict[str, Any]]:
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
