"""Small helpers shared by the repositories."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Connection, CursorResult, Update, bindparam, update


def new_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    assert key is not None, "insert without a primary key"
    return int(key[0])


# A new athlete's history version starts at a random point, not 0: a deleted athlete's id may
# be given again (SQLite reuses the highest id), and the replay and situation caches key on
# (id, version), so a new history must never meet a cached entry of an old one.
HISTORY_VERSION_START_MAX = 2**30


def fresh_history_version() -> int:
    import secrets

    return secrets.randbelow(HISTORY_VERSION_START_MAX)


TOUCHED = "anklet.touched"  # connection.info key: athlete id -> writes in this transaction
TOUCHED_AT = "anklet.touched_at"  # athlete id -> the history version its first write made
KEPT = "anklet.kept"  # connection.info key: athlete id -> its writes when its state was kept


def touch(connection: Connection, athlete_id: int) -> None:
    """Note a write to `athlete_id`'s history, before making it.

    The first write of a transaction adds one to the athlete's history version at once, which
    takes the athlete's row lock until commit: writers of one athlete then follow each other
    (on PostgreSQL as SQLite's BEGIN IMMEDIATE already does), each seeing what the one before
    committed, and since every write takes that row first, they cannot deadlock. The stamp
    also changes within the transaction at every write (storage.unit_of_work)."""
    touched: dict[int, int] = connection.info.setdefault(TOUCHED, {})
    if athlete_id not in touched:
        version = connection.execute(_bump(), {"b_athlete": athlete_id}).scalar()
        if version is not None:
            connection.info.setdefault(TOUCHED_AT, {})[athlete_id] = int(version)
    touched[athlete_id] = touched.get(athlete_id, 0) + 1


@cache
def _bump() -> Update:
    """The statement of `touch`, built once (on first use: the tables import this module)."""
    from anklet.storage.tables import athletes

    return (
        update(athletes)
        .where(athletes.c.id == bindparam("b_athlete"))
        .values(history_version=athletes.c.history_version + 1)
        .returning(athletes.c.history_version)
    )


def touched_version(connection: Connection, athlete_id: int) -> int | None:
    """The history version this transaction's first write moved the athlete to (None: not
    written yet). The transaction holds the athlete's row from that write until it ends, so
    it is the version every later statement of it would read: no need to read it again."""
    versions: dict[int, int] = connection.info.get(TOUCHED_AT, {})
    return versions.get(athlete_id)


def writes_in_transaction(connection: Connection, athlete_id: int) -> int:
    touched: dict[int, int] = connection.info.get(TOUCHED, {})
    return touched.get(athlete_id, 0)


# connection.info key: athlete id -> the history version read with the athlete's row in this
# transaction (SqlAthletes.by_handle), for the history stamp of a read (storage.unit_of_work).
VERSION_READ = "anklet.version_read"


def note_version_read(connection: Connection, athlete_id: int, version: int) -> None:
    connection.info.setdefault(VERSION_READ, {})[athlete_id] = version


def version_read(connection: Connection, athlete_id: int) -> int | None:
    """The history version read with the athlete's row in this transaction, if it was."""
    versions: dict[int, int] = connection.info.get(VERSION_READ, {})
    return versions.get(athlete_id)
