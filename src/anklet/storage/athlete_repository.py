"""Athletes on SQLAlchemy Core. Repositories never commit: the unit of work does."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from anklet.domain.accounts import AthleteScope
from anklet.domain.athlete import Athlete, Equipment, Goal, Sex, UnitSystem, Weekday
from anklet.domain.errors import Conflict, StaleVersion
from anklet.storage.rows import fresh_history_version, new_id, note_version_read
from anklet.storage.tables import athletes


def athlete_values(athlete: Athlete) -> dict[str, Any]:
    return {
        "handle": athlete.handle,
        "name": athlete.name,
        "birth_year": athlete.birth_year,
        "sex": athlete.sex.value,
        "goal": athlete.goal.value,
        "days": ",".join(day.value for day in athlete.days),
        "minutes": athlete.minutes,
        "equipment": ",".join(sorted(item.value for item in athlete.equipment)),
        "units": athlete.units.value,
        "body_mass_kg": athlete.body_mass_kg,
    }


# Every request of one athlete reads the athlete's row by handle: built once.
_BY_HANDLE = select(athletes).where(athletes.c.handle == bindparam("b_handle"))
# The athletes last read, by what their row holds (the history version aside: every write
# moves it, and the record does not hold it). An Athlete is frozen, so one found is as good
# as one built, and building one (its enums, its days and equipment) costs more than the
# look-up; a row that changed is another key.
_RECORD = tuple(c.name for c in athletes.c if c.name != "history_version")


def athlete_from(row: Mapping[Any, Any]) -> Athlete:
    return _athlete_of(tuple(row[name] for name in _RECORD))


@functools.lru_cache(maxsize=256)
def _athlete_of(record: tuple[Any, ...]) -> Athlete:
    return _built(dict(zip(_RECORD, record, strict=True)))


def _built(row: Mapping[Any, Any]) -> Athlete:
    return Athlete(
        id=row["id"],
        handle=row["handle"],
        name=row["name"],
        birth_year=row["birth_year"],
        sex=Sex(row["sex"]),
        goal=Goal(row["goal"]),
        days=tuple(Weekday(day) for day in row["days"].split(",") if day),
        minutes=row["minutes"],
        equipment=frozenset(Equipment(item) for item in row["equipment"].split(",") if item),
        units=UnitSystem(row["units"]),
        body_mass_kg=row["body_mass_kg"],
        version=row["version"],
    )


class SqlAthletes:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete: Athlete, *, created_at: datetime) -> Athlete:
        values = athlete_values(athlete) | {
            "created_at": created_at,
            "history_version": fresh_history_version(),  # storage.rows
        }
        try:
            with self._db.begin_nested():
                result = self._db.execute(insert(athletes).values(values))
        except IntegrityError:
            # Another process took the handle between our check and this insert.
            raise Conflict(f"the handle {athlete.handle!r} is already taken") from None
        return dataclasses.replace(athlete, id=new_id(result))

    def update(
        self,
        athlete: Athlete,
        *,
        fields: Collection[str] | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Write `fields` (default: all) of the athlete and add one to its version, in one
        statement; with `expected_version`, only if the stored version is still that one
        (else StaleVersion naming the stored one). Returns the new version (0: no such row)."""
        values = athlete_values(athlete)
        chosen = {key: values[key] for key in (values if fields is None else fields)}
        statement = update(athletes).where(athletes.c.id == athlete.id)
        if expected_version is not None:
            statement = statement.where(athletes.c.version == expected_version)
        statement = statement.values(chosen | {"version": athletes.c.version + 1})
        changed = self._db.execute(statement.returning(athletes.c.version)).scalar()
        if changed is not None:
            return int(changed)
        current = self._db.execute(
            select(athletes.c.version).where(athletes.c.id == athlete.id)
        ).scalar()
        if current is None or expected_version is None:
            return 0  # an UPDATE that matches no row changes nothing
        raise StaleVersion("athlete", athlete.handle, given=expected_version, current=current)

    def by_handle(self, handle: str) -> Athlete | None:
        row = self._db.execute(_BY_HANDLE, {"b_handle": handle}).mappings()
        found = row.first()
        if found is None:
            return None
        # The row carries the history version: the read's history stamp takes it from here
        # instead of reading it again (SqlUnitOfWork.history_stamp).
        note_version_read(self._db, found["id"], found["history_version"])
        return athlete_from(found)

    def created_at(self, athlete_id: int) -> datetime:
        query = select(athletes.c.created_at).where(athletes.c.id == athlete_id)
        created: datetime = self._db.execute(query).scalar_one()
        return created

    def all(
        self,
        *,
        after: str | None = None,
        limit: int | None = None,
        scope: AthleteScope | None = None,
    ) -> Sequence[Athlete]:
        query = select(athletes).order_by(athletes.c.handle).limit(limit)
        if scope is not None:
            from anklet.storage.account_tables import visible_athletes

            query = query.where(visible_athletes(scope, athletes.c.id))
        if after is not None:
            query = query.where(athletes.c.handle > after)
        return [athlete_from(row) for row in self._db.execute(query).mappings()]
