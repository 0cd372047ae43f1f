"""One transaction per use case, on one connection shared by the repositories.

Repositories are built on first use, so a command that only lists athletes does not import
the screening, assessment, plan or training-log code (start-up time, docs/performance.md).
"""

from __future__ import annotations

import threading
import uuid
import weakref
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from anklet.domain.errors import StorageBusy
from anklet.storage.engine import READ_ONLY, SQLITE_BUSY_TIMEOUT_MS, WriterQueue, writer_queue
from anklet.storage.rows import (
    KEPT,
    TOUCHED,
    TOUCHED_AT,
    VERSION_READ,
    touched_version,
    version_read,
)

if TYPE_CHECKING:
    from anklet.storage.account_repository import SqlAccounts
    from anklet.storage.archive import SqlArchive
    from anklet.storage.assessment_repository import SqlAssessments
    from anklet.storage.athlete_repository import SqlAthletes
    from anklet.storage.coach_change_repository import SqlCoachChanges
    from anklet.storage.log_repository import SqlBaselines, SqlCheckIns, SqlSessionLogs
    from anklet.storage.plan_repository import SqlPlans
    from anklet.storage.receipt_repository import SqlReceipts
    from anklet.storage.run_repository import SqlRuns, SqlSquatDepths
    from anklet.storage.safety_repositories import SqlClearances, SqlLockEvents, SqlScreenings
    from anklet.storage.state_repository import SqlStates


# A token per engine, in every history stamp: two databases (or two copies of one file, whose
# history versions are the same) never share a remembered replay (services.memo).
_ENGINE_TOKENS: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()
_TOKENS_LOCK = threading.Lock()


def _engine_token(engine: Engine) -> str:
    with _TOKENS_LOCK:
        found = _ENGINE_TOKENS.get(engine)
        if found is None:
            found = _ENGINE_TOKENS[engine] = uuid.uuid4().hex
        return found


class SqlUnitOfWork:
    """`read_only`: a use case that only reads opens a deferred transaction, which on SQLite
    takes no lock and never waits for a writer; it cannot commit."""

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._queue: WriterQueue | None = None
        self.read_only = read_only

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

    @property
    def runs(self) -> SqlRuns:
        from anklet.storage.run_repository import SqlRuns

        return SqlRuns(self.connection)

    @property
    def squat_depths(self) -> SqlSquatDepths:
        from anklet.storage.run_repository import SqlSquatDepths

        return SqlSquatDepths(self.connection)

    @property
    def states(self) -> SqlStates:
        from anklet.storage.state_repository import SqlStates

        return SqlStates(self.connection)

    @property
    def receipts(self) -> SqlReceipts:
        from anklet.storage.receipt_repository import SqlReceipts

        return SqlReceipts(self.connection)

    @property
    def coach_changes(self) -> SqlCoachChanges:
        from anklet.storage.coach_change_repository import SqlCoachChanges

        return SqlCoachChanges(self.connection)

    @property
    def accounts(self) -> SqlAccounts:
        from anklet.storage.account_repository import SqlAccounts

        return SqlAccounts(self.connection)

    @property
    def archive(self) -> SqlArchive:
        from anklet.storage.archive import SqlArchive

        return SqlArchive(self.connection)

    def history_stamp(self, athlete_id: int) -> tuple[object, ...]:
        """The athlete's committed history version, and this transaction's own writes to it
        so far: a new key for every write (committed or not).

        Before the transaction writes, the version is the one read with the athlete's row
        (rows.version_read: every use case finds its athlete first), else one indexed row.
        On PostgreSQL (READ COMMITTED, each statement sees what is committed when it runs)
        what a key is given to must be read no earlier than the version in it, or a newer
        version's key could be given an older history: the athlete's row is read before
        anything a situation or a replay is built from, and the key is taken before they
        are read, so whatever is remembered under it is at least as new as its version (a
        later read of the row only gives a newer one). SQLite reads one snapshot per
        transaction. Once the transaction has written, the key is its own (below), with the
        version its first write moved the athlete to."""
        writes = self._touched().get(athlete_id, 0)
        version = (
            touched_version(self.connection, athlete_id)
            if writes
            else version_read(self.connection, athlete_id)
        )
        if version is None:
            version = self.states.version(athlete_id)
        store = _engine_token(self._engine)
        if writes:
            # Uncommitted writes are this transaction's alone: never share their key.
            return (store, athlete_id, version, self._token, writes)
        return (store, athlete_id, version)

    def stamp_on_commit(self, athlete_id: int) -> tuple[object, ...]:
        # The version this transaction bumped (rows.touch) and holds the row of
        # (SqlStates.version gives it without a read): it is the committed one after the
        # commit, until the next writer's.
        return (_engine_token(self._engine), athlete_id, self.states.version(athlete_id))

    def _touched(self) -> dict[int, int]:
        found: dict[int, int] = self.connection.info.setdefault(TOUCHED, {})
        return found

    def __enter__(self) -> SqlUnitOfWork:
        # The writer's turn is taken here and given back in __exit__'s `finally`, not in the
        # engine's "begin" / "commit" / "rollback" events: Python runs __exit__ on every way
        # out of the `with` (a return, any exception, KeyboardInterrupt), whereas a
        # transaction can end without either event (a connection invalidated after an error,
        # or dropped unclosed and rolled back by the pool), and "commit" fires before the
        # COMMIT has run. The turn also covers any later transaction of this unit of work
        # (one begun again after a commit), and a writer waits for it before it checks out a
        # connection, so queued writers do not hold the pool's connections the readers need.
        queue = None if self.read_only else writer_queue(self._engine)
        if queue is not None and not queue.gate.acquire(queue.timeout_ms / 1000):
            raise _busy(queue.timeout_ms)
        self._queue = queue
        try:
            self._connection = self._open()
        except BaseException:  # BEGIN failed (another process's writer, say): nothing to end
            self._queue = None
            if queue is not None:
                queue.gate.release()
            raise
        self._token = uuid.uuid4().hex
        return self

    def _open(self) -> Connection:
        connection = self._engine.connect()
        connection.info[READ_ONLY] = self.read_only
        try:
            connection.begin()
        except OperationalError as error:
            connection.close()
            raise busy_or_same(error, self._busy_timeout_ms()) from error
        connection.info[TOUCHED] = {}
        connection.info[TOUCHED_AT] = {}
        connection.info[VERSION_READ] = {}  # the info outlives the transaction (pool)
        return connection

    def _busy_timeout_ms(self) -> int:
        queue = writer_queue(self._engine)
        return SQLITE_BUSY_TIMEOUT_MS if queue is None else queue.timeout_ms

    def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.states.drop_stale()
        self._touched().clear()
        self.connection.info.pop(TOUCHED_AT, None)
        self.connection.info.pop(VERSION_READ, None)  # the next transaction reads anew
        self.connection.info.pop(KEPT, None)
        self.connection.commit()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Whatever was not committed is rolled back: a failed use case writes nothing.
        try:
            self.connection.info.pop(TOUCHED, None)
            self.connection.info.pop(TOUCHED_AT, None)
            self.connection.info.pop(VERSION_READ, None)
            self.connection.info.pop(KEPT, None)
            self.connection.rollback()
            self.connection.close()
        finally:
            self._connection = None
            queue, self._queue = self._queue, None
            if queue is not None:
                queue.gate.release()
        if isinstance(exc, OperationalError):
            busy = busy_or_same(exc, self._busy_timeout_ms())
            if busy is not exc:
                raise busy from exc


def busy_or_same(error: OperationalError, timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Exception:
    """SQLite's "database is locked" after the busy timeout, as the error every interface
    answers with "try again shortly" (503 with Retry-After); any other error unchanged."""
    if "database is locked" in str(error.orig) or "database is busy" in str(error.orig):
        return _busy(timeout_ms)
    return error


def _busy(timeout_ms: int) -> StorageBusy:
    return StorageBusy(
        f"database: another write held the database for more than "
        f"{timeout_ms / 1000:g} s; nothing was written, try again",
        retry_after_s=RETRY_AFTER_S,
    )


# A writer waits up to the busy timeout; a second try after this long usually gets through.
RETRY_AFTER_S = 2
