"""A fixture's story (an athlete screened, tested and given a plan, say) played once per test
process and database kind, then copied for each test. Played through the API or the
services it took 0.2 to 2 s a test; its rows copied into the empty database take a few
milliseconds. tests/web/test_stories_copied.py holds a copy to the story: the same rows in every
table, the same next ids, the same clock.

The copy is of the rows only: what the services remember in memory (services.memo) is not
copied, and needs not be, since every entry is keyed by its engine and each test has its own.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from anklet.storage.tables import all_tables


@dataclass(frozen=True)
class Played:
    rows: dict[str, list[dict[str, Any]]]  # table -> its rows, parents before children
    sequences: dict[str, tuple[int, bool]]  # PostgreSQL: sequence -> (value, is_called)
    clock: dict[str, Any] | None  # the clock's state after the story


# (story, database kind) -> what it left, for this test process (each xdist worker its own).
_PLAYED: dict[tuple[str, str], Played] = {}


def start_from(
    engine: Engine, name: str, story: Callable[[], object], *, clock: object = None
) -> None:
    """Leave the empty database of `engine` (and `clock`, when given) as `story` leaves
    them: the first time in this process the story is played and its checks run; after
    that its rows, sequences and clock are copied."""
    key = (name, engine.dialect.name)
    played = _PLAYED.get(key)
    if played is None:
        story()
        _PLAYED[key] = take(engine, clock)
        return
    put(engine, played, clock)


def take(engine: Engine, clock: object = None) -> Played:
    rows: dict[str, list[dict[str, Any]]] = {}
    sequences: dict[str, tuple[int, bool]] = {}
    with engine.connect() as connection:
        for table in all_tables().sorted_tables:
            # In key order, so a row that points at an earlier row of its table follows it.
            ordered = table.select().order_by(*table.primary_key.columns)
            found = connection.execute(ordered).mappings().all()
            rows[table.name] = [dict(row) for row in found]
        if engine.dialect.name == "postgresql":
            for name, value, is_called in connection.execute(
                text(
                    "SELECT sequencename, COALESCE(last_value, start_value), last_value "
                    "IS NOT NULL FROM pg_sequences WHERE schemaname = current_schema()"
                )
            ):
                sequences[name] = (int(value), bool(is_called))
    state = copy.deepcopy(vars(clock)) if clock is not None else None
    return Played(rows, sequences, state)


def put(engine: Engine, played: Played, clock: object = None) -> None:
    with engine.begin() as connection:
        for table in all_tables().sorted_tables:
            if rows := played.rows.get(table.name):
                connection.execute(table.insert(), rows)
        for name, (value, is_called) in played.sequences.items():
            connection.execute(
                text("SELECT setval(:name, :value, :called)"),
                {"name": name, "value": value, "called": is_called},
            )
    if clock is not None and played.clock is not None:
        vars(clock).update(copy.deepcopy(played.clock))
