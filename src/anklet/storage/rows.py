"""Small helpers shared by the repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    assert key is not None, "insert without a primary key"
    return int(key[0])
