"""One transaction per use case, on one connection shared by the repositories."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine

from anklet.storage.repositories import SqlAssessments, SqlAthletes, SqlClearances, SqlScreenings


class SqlUnitOfWork:
    athletes: SqlAthletes
    screenings: SqlScreenings
    clearances: SqlClearances
    assessments: SqlAssessments

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def __enter__(self) -> SqlUnitOfWork:
        connection = self._engine.connect()
        connection.begin()
        self._connection = connection
        self.athletes = SqlAthletes(connection)
        self.screenings = SqlScreenings(connection)
        self.clearances = SqlClearances(connection)
        self.assessments = SqlAssessments(connection)
        return self

    def commit(self) -> None:
        assert self._connection is not None, "commit() outside the unit of work"
        self._connection.commit()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._connection is not None
        # Whatever was not committed is rolled back: a failed use case writes nothing.
        self._connection.rollback()
        self._connection.close()
        self._connection = None
