"""Small helpers shared by the repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, CursorResult


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    assert key is not None, "insert without a primary key"
    return int(key[0])


TOUCHED = "anklet.touched"  # connection.info key: athlete id -> writes in this transaction


def touch(connection: Connection, athlete_id: int) -> None:
    """Note a write to `athlete_id`'s history: the unit of work bumps the athlete's history
    version at commit, and the stamp changes within the transaction at once."""
    touched: dict[int, int] = connection.info.setdefault(TOUCHED, {})
    touched[athlete_id] = touched.get(athlete_id, 0) + 1
