"""Helpers shared by tests: a controllable clock, a row counter and the reference data the
plan services read."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypedDict

from sqlalchemy import Engine, text

from anklet.domain.exercises import Catalogue
from anklet.domain.norms import HeelRaiseNorms
from anklet.storage.tables import all_tables

TODAY = date(2026, 6, 15)


class FakeClock:
    """A clock that starts at noon on TODAY and moves one second per reading."""

    def __init__(self, today: date = TODAY) -> None:
        self._today = today
        self._now = datetime(today.year, today.month, today.day, 12)

    def now(self) -> datetime:
        self._now += timedelta(seconds=1)
        return self._now

    def today(self) -> date:
        return self._today

    def advance(self, delta: timedelta) -> None:
        """Move the clock on (idle sessions, expiring links, throttling windows)."""
        self._now += delta
        self._today = self._now.date()


class Reference(TypedDict):
    """The catalogue and norms every plan service takes by keyword (spread with **)."""

    catalogue: Catalogue
    norm_table: HeelRaiseNorms


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table: a failed use case must leave these unchanged."""
    with engine.connect() as connection:
        return {
            table.name: connection.execute(text(f"SELECT COUNT(*) FROM {table.name}")).scalar_one()
            for table in all_tables().sorted_tables
        }
