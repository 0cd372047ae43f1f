"""One transaction per use case, on one connection shared by the repositories.

Repositories are built on first use, so a command that only lists athletes does not import
the screening, assessment, plan or training-log code (start-up time, docs/performance.md).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

if TYPE_CHECKING:
    from anklet.storage.assessment_repository import SqlAssessments
    from anklet.storage.athlete_repository import SqlAthletes
    from anklet.storage.log_repository import SqlBaselines, SqlCheckIns, SqlSessionLogs
    from anklet.storage.plan_repository import SqlPlans
    from anklet.storage.safety_repositories import SqlClearances, SqlLockEvents, SqlScreenings


# The tables whose rows the engine replays (services.engine), with an athlete_id and a
# recorded_at column each.
HISTORY_TABLES = (
    "session_logs",
    "check_ins",
    "baselines",
    "screenings",
    "clearances",
    "lock_events",
    "assessments",
)


class Memo:
    """A small, thread-safe, least-recently-used map (the web app serves from threads)."""

    def __init__(self, size: int = 64) -> None:
        self._items: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> object | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple[object, ...], value: object) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_MEMOS: weakref.WeakKeyDictionary[Engine, Memo] = weakref.WeakKeyDictionary()


class SqlUnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    @property
    def connection(self) -> Connection:
        assert self._connection is not None, "used outside `with uow:`"
        return self._connection

    @property
    def athletes(self) -> SqlAthletes:
        from anklet.storage.athlete_repository import SqlAthletes

        return SqlAthletes(self.connection)

    @property
    def screenings(self) -> SqlScreenings:
        from anklet.storage.safety_repositories import SqlScreenings

        return SqlScreenings(self.connection)

    @property
    def clearances(self) -> SqlClearances:
        from anklet.storage.safety_repositories import SqlClearances

        return SqlClearances(self.connection)

    @property
    def lock_events(self) -> SqlLockEvents:
        from anklet.storage.safety_repositories import SqlLockEvents

        return SqlLockEvents(self.connection)

    @property
    def assessments(self) -> SqlAssessments:
        from anklet.storage.assessment_repository import SqlAssessments

        return SqlAssessments(self.connection)

    @property
    def plans(self) -> SqlPlans:
        from anklet.storage.plan_repository import SqlPlans

        return SqlPlans(self.connection)

    @property
    def session_logs(self) -> SqlSessionLogs:
        from anklet.storage.log_repository import SqlSessionLogs

        return SqlSessionLogs(self.connection)

    @property
    def check_ins(self) -> SqlCheckIns:
        from anklet.storage.log_repository import SqlCheckIns

        return SqlCheckIns(self.connection)

    @property
    def baselines(self) -> SqlBaselines:
        from anklet.storage.log_repository import SqlBaselines

        return SqlBaselines(self.connection)

    def history_stamp(self, athlete_id: int) -> tuple[object, ...]:
        """Count and latest time of each table the engine replays, in one query."""
        from sqlalchemy import text

        parts = " UNION ALL ".join(
            [
                f"SELECT '{table}', COUNT(*), MAX(recorded_at) FROM {table} WHERE athlete_id = :a"
                for table in HISTORY_TABLES
            ]
            # A new plan changes what the views show; plans are stamped when created.
            + ["SELECT 'plans', COUNT(*), MAX(created_at) FROM plans WHERE athlete_id = :a"]
        )
        rows = self.connection.execute(text(parts), {"a": athlete_id}).all()
        return (athlete_id, *(tuple(row) for row in rows))

    @property
    def memo(self) -> Memo:
        """One memo per engine: it lives and dies with the connection pool, so two databases
        (or two tests) never share an entry."""
        found = _MEMOS.get(self._engine)
        if found is None:
            found = _MEMOS.setdefault(self._engine, Memo())
        return found

    def __enter__(self) -> SqlUnitOfWork:
        connection = self._engine.connect()
        connection.begin()
        self._connection = connection
        return self

    def commit(self) -> None:
        self.connection.commit()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Whatever was not committed is rolled back: a failed use case writes nothing.
        self.connection.rollback()
        self.connection.close()
        self._connection = None
