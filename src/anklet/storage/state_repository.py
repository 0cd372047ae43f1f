"""The kept per-athlete state and the engine's decisions on SQLAlchemy Core."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    RowMapping,
    Select,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)

from anklet.domain.caseload import (
    NO_ACTIVITY,
    UNKEPT_ATTENTION,
    CaseloadQuery,
    CaseRow,
    Order,
    regressed_this_week_since,
)
from anklet.domain.coach_flags import Flag
from anklet.domain.kept_state import CaseFlags, KeptState
from anklet.domain.program import SideChoice
from anklet.domain.progression import RULES, Decision, EngineRun, Verdict, copied
from anklet.domain.stored_form import decode, encode
from anklet.storage.account_tables import visible_athletes
from anklet.storage.rows import KEPT, touch, touched_version, writes_in_transaction
from anklet.storage.state_tables import athlete_states, engine_checkpoints, engine_decisions
from anklet.storage.tables import athletes

# What a kept state is read from: every column but the run before the last day, which is as
# large as the run and read only by a write that replaces the last day (SqlStates.day_start).
_KEPT_COLUMNS = tuple(c for c in athlete_states.c if c.name != "day_start")

# The statements every write and read of one athlete runs, built once: building a statement
# costs SQLAlchemy three to five times what running a built one does (docs/performance.md,
# "Statements built once"). Parameters are named b_* so none clashes with a column's name.
_ATHLETE = bindparam("b_athlete", type_=Integer)
_VERSION = select(athletes.c.history_version).where(athletes.c.id == _ATHLETE)
_GET = select(*_KEPT_COLUMNS).where(athlete_states.c.athlete_id == _ATHLETE)
_DAY_START = select(athlete_states.c.day_start).where(athlete_states.c.athlete_id == _ATHLETE)
_DROP_DECISIONS = delete(engine_decisions).where(
    engine_decisions.c.athlete_id == _ATHLETE, engine_decisions.c.seq >= bindparam("b_first")
)
_ADD_DECISIONS = insert(engine_decisions)
_PUT = update(athlete_states).where(athlete_states.c.athlete_id == _ATHLETE)
_MINE = select(engine_decisions).where(engine_decisions.c.athlete_id == _ATHLETE)
# A window: two disjoint parts, each on an index of its own ((athlete, day) and the key):
# SQLite plans an OR of the two as a scan of every decision of the athlete.
_WINDOW = _MINE.where(engine_decisions.c.day >= bindparam("b_since"))
_WINDOW_ONLY = _WINDOW.order_by(engine_decisions.c.seq)
_WINDOW_AND_ALSO = union_all(
    _WINDOW,
    _MINE.where(
        engine_decisions.c.day < bindparam("b_since"),
        engine_decisions.c.seq.in_(bindparam("b_also", expanding=True)),
    ),
).order_by("seq")


class SqlStates:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def hold(self, athlete_id: int) -> int:
        touch(self._db, athlete_id)
        return self.version(athlete_id)

    def fresh(self, athlete_id: int) -> KeptState | None:
        if self._written_since_kept(athlete_id):
            return None
        state = self.get(athlete_id)
        if state is None or state.version != self.version(athlete_id):
            return None
        return state

    def is_fresh(self, athlete_id: int) -> bool:
        if self._written_since_kept(athlete_id):
            return False
        kept_at = self._db.execute(
            select(athlete_states.c.version).where(athlete_states.c.athlete_id == athlete_id)
        ).scalar()
        return kept_at is not None and kept_at == self.version(athlete_id)

    def _written_since_kept(self, athlete_id: int) -> bool:
        """Written in this transaction since the state was kept in it (or never kept)."""
        kept: dict[int, int] = self._db.info.get(KEPT, {})
        writes = writes_in_transaction(self._db, athlete_id)
        return bool(writes) and kept.get(athlete_id) != writes

    def version(self, athlete_id: int) -> int:
        held = touched_version(self._db, athlete_id)
        if held is not None:
            return held
        found = self._db.execute(_VERSION, {"b_athlete": athlete_id}).scalar()
        return int(found or 0)

    def get(self, athlete_id: int) -> KeptState | None:
        row = self._db.execute(_GET, {"b_athlete": athlete_id}).mappings().first()
        return None if row is None else _state_from(row)

    def put(
        self, athlete_id: int, state: KeptState, decisions: Sequence[Decision], *, first: int
    ) -> None:
        """Keep `state`, with `decisions` stored from position `first` on (0 rebuilds them
        all). Takes the athlete's row first (rows.touch), as every history write does, so a
        rebuild and a write of one athlete follow each other."""
        touch(self._db, athlete_id)
        self._db.execute(_DROP_DECISIONS, {"b_athlete": athlete_id, "b_first": first})
        if decisions:
            self._db.execute(
                _ADD_DECISIONS,
                [_decision_row(athlete_id, first + n, d) for n, d in enumerate(decisions)],
            )
        values = _state_values(state)
        done = self._db.execute(_PUT, values | {"b_athlete": athlete_id})
        if done.rowcount == 0:
            self._db.execute(insert(athlete_states).values(athlete_id=athlete_id, **values))
        self._db.info.setdefault(KEPT, {})[athlete_id] = writes_in_transaction(self._db, athlete_id)

    def day_start(self, athlete_id: int) -> EngineRun | None:
        text = self._db.execute(_DAY_START, {"b_athlete": athlete_id}).scalar()
        return None if text is None else _run_from(text)

    def put_day_start(self, athlete_id: int, run: EngineRun) -> None:
        self._db.execute(
            update(athlete_states)
            .where(athlete_states.c.athlete_id == athlete_id)
            .values(day_start=_run_text(run))
        )

    def checkpoint(self, athlete_id: int, before: date) -> tuple[date, EngineRun] | None:
        c = engine_checkpoints.c
        row = self._db.execute(
            select(c.walked_to, c.run)
            .where(c.athlete_id == athlete_id, c.walked_to < before)
            .order_by(c.walked_to.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        run = _run_from(row.run)
        return None if run is None else (row.walked_to, run)

    def put_checkpoint(
        self, athlete_id: int, walked_to: date, run: EngineRun, *, keep: int
    ) -> None:
        c = engine_checkpoints.c
        mine = c.athlete_id == athlete_id
        self._db.execute(delete(engine_checkpoints).where(mine, c.walked_to == walked_to))
        self._db.execute(
            insert(engine_checkpoints).values(
                athlete_id=athlete_id, walked_to=walked_to, run=_run_text(run)
            )
        )
        # The oldest beyond `keep`: those before the keep-th newest (at most a few rows).
        oldest_kept = (
            select(c.walked_to)
            .where(mine)
            .order_by(c.walked_to.desc())
            .offset(keep - 1)
            .limit(1)
            .scalar_subquery()
        )
        self._db.execute(delete(engine_checkpoints).where(mine, c.walked_to < oldest_kept))

    def drop_checkpoints(self, athlete_id: int, from_day: date) -> None:
        c = engine_checkpoints.c
        self._db.execute(
            delete(engine_checkpoints).where(c.athlete_id == athlete_id, c.walked_to >= from_day)
        )

    def drop_stale(self) -> None:
        """Before commit: a state kept before a later write of this transaction no longer
        holds; drop it, so that the next read replays and the next write rebuilds it."""
        kept: dict[int, int] = self._db.info.get(KEPT, {})
        stale = [a for a, at in kept.items() if writes_in_transaction(self._db, a) != at]
        if stale:
            self._db.execute(delete(athlete_states).where(athlete_states.c.athlete_id.in_(stale)))

    def decisions(
        self, athlete_id: int, *, since: date | None = None, also: Collection[int] = ()
    ) -> list[Decision]:
        if since is not None:
            return [d for _, d in self.numbered(athlete_id, since=since, also=also)]
        every = _MINE.order_by(engine_decisions.c.seq)
        rows = self._db.execute(every, {"b_athlete": athlete_id}).mappings()
        return [_decision_from(row) for row in rows]

    def numbered(
        self, athlete_id: int, *, since: date, also: Collection[int] = ()
    ) -> list[tuple[int, Decision]]:
        params: dict[str, Any] = {"b_athlete": athlete_id, "b_since": since}
        statement: Select[Any] | CompoundSelect[Any] = _WINDOW_ONLY
        if also:
            statement, params["b_also"] = _WINDOW_AND_ALSO, sorted(also)
        rows = self._db.execute(statement, params).mappings()
        return [(row["seq"], _decision_from(row)) for row in rows]

    def caseload(self, query: CaseloadQuery, today: date) -> list[CaseRow]:
        s, a = athlete_states.c, athletes.c
        attention = func.coalesce(s.attention, UNKEPT_ATTENTION)
        activity = func.coalesce(s.last_activity_on, date.fromisoformat(NO_ACTIVITY))
        overdue = or_(s.lunge_due_on < today, s.heel_raise_due_on < today)
        regressed = s.last_regression_on >= regressed_this_week_since(today)
        statement = (
            select(
                a.handle,
                a.name,
                s.athlete_id.label("kept"),
                s.as_of,
                s.flags,
                attention.label("attention"),
                s.locked,
                s.red_flag,
                case((regressed, True), else_=False).label("regressed"),
                case((overdue, True), else_=False).label("overdue"),
                s.last_activity_on,
            )
            .select_from(athletes.outerjoin(athlete_states, s.athlete_id == a.id))
            .limit(query.limit + 1)
        )
        if query.scope is not None:
            statement = statement.where(visible_athletes(query.scope, a.id))
        if query.only is not None:
            statement = statement.where(_only(query.only, overdue, regressed))
        if query.order is Order.ATTENTION:
            return self._by_attention(statement, query)
        if query.order is Order.HANDLE:
            statement = statement.order_by(a.handle)
            if query.after is not None:
                statement = statement.where(a.handle > query.after[0])
        else:
            statement = statement.order_by(activity, a.handle)
            if query.after is not None:
                day, handle = str(query.after[0]), query.after[1]
                since = date.fromisoformat(day) if _is_day(day) else date.min
                statement = statement.where(
                    or_(activity > since, and_(activity == since, a.handle > handle))
                )
        return [_case_row(row, query.order) for row in self._db.execute(statement).mappings()]

    def _by_attention(self, statement: Select[Any], query: CaseloadQuery) -> list[CaseRow]:
        """Flagged first, in two reads that each follow an index: the athletes with nothing
        kept (they come first: not knowing is attention too), by handle; then the kept ones
        by their attention score (ix_athlete_states_attention). One sort of the whole
        caseload over a coalesce, as a single query needs, costs about ten times as much at
        10,000 athletes (docs/performance.md)."""
        s, a = athlete_states.c, athletes.c
        wanted = query.limit + 1
        rows: list[CaseRow] = []
        score, handle = query.after if query.after is not None else (UNKEPT_ATTENTION, "")
        if int(score) >= UNKEPT_ATTENTION:
            unkept = statement.where(s.athlete_id.is_(None), a.handle > str(handle))
            unkept = unkept.order_by(a.handle).limit(wanted)
            rows += [_case_row(r, Order.ATTENTION) for r in self._db.execute(unkept).mappings()]
        if len(rows) >= wanted:
            return rows
        kept = statement.where(s.athlete_id.is_not(None)).order_by(s.attention.desc(), a.handle)
        if query.after is not None and int(score) < UNKEPT_ATTENTION:
            kept = kept.where(
                or_(s.attention < score, and_(s.attention == score, a.handle > str(handle)))
            )
        kept = kept.limit(wanted - len(rows))
        rows += [_case_row(r, Order.ATTENTION) for r in self._db.execute(kept).mappings()]
        return rows


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _only(code: str, overdue: ColumnElement[bool], regressed: ColumnElement[bool]) -> Any:
    s = athlete_states.c
    columns: dict[str, Any] = {
        "red-flag": s.red_flag,
        "locked": s.locked,
        "regressions-this-week": regressed,
        "mornings-rising": s.mornings_rising,
        "retest-overdue": overdue,
        "adherence-low": s.adherence_low,
        "plateau": s.plateau,
        "running-load": s.running_load,
    }
    if code == "flagged":
        return or_(s.flag_count > 0, overdue, s.athlete_id.is_(None))
    return columns[code] == literal(True)


def _case_row(row: Any, order: Order) -> CaseRow:
    flags = tuple(Flag(f["code"], f["reason"]) for f in json.loads(row["flags"] or "[]"))
    activity = row["last_activity_on"]
    keys: dict[Order, tuple[int | str, ...]] = {
        Order.ATTENTION: (int(row["attention"]), row["handle"]),
        Order.HANDLE: (row["handle"],),
        Order.LAST_ACTIVITY: (activity.isoformat() if activity else NO_ACTIVITY, row["handle"]),
    }
    return CaseRow(
        handle=row["handle"],
        name=row["name"],
        kept=row["kept"] is not None,
        as_of=row["as_of"],
        flags=flags,
        attention=int(row["attention"]),
        locked=bool(row["locked"]),
        red_flag=bool(row["red_flag"]),
        regressed_this_week=bool(row["regressed"]),
        retest_overdue=bool(row["overdue"]),
        last_activity_on=activity,
        key=keys[order],
    )


def _decision_row(athlete_id: int, seq: int, decision: Decision) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "seq": seq,
        "day": decision.day,
        "verdict": decision.verdict.value,
        "exercise_id": decision.exercise_id,
        "side": decision.side.value,
        "rule": decision.rule,
        "reason": decision.reason,
        "source": decision.source,
        "change": decision.change,
        "origin": decision.origin,
    }


class _KnownRuns:
    """The runs this process stored or read lately, by their stored text: a write reads back
    the state and the day start the write before it stored, and decoding a run costs far
    more than finding its text (a year's run: 0.15 ms against a hash of its 9 kB). A text
    always decodes to the same run, so a run found is never stale; each caller gets a copy
    of its own (progression.copied), since a walk changes the run it is given."""

    def __init__(self, size: int) -> None:
        self._runs: OrderedDict[str, EngineRun] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, text: str) -> EngineRun | None:
        with self._lock:
            found = self._runs.get(text)
            if found is None:
                return None
            self._runs.move_to_end(text)
        return copied(found)

    def put(self, text: str, run: EngineRun) -> None:
        with self._lock:
            self._runs[text] = run
            self._runs.move_to_end(text)
            while len(self._runs) > self._size:
                self._runs.popitem(last=False)


# Two runs a write reads (the state's and the day start) for the athletes written lately.
KNOWN_RUNS = _KnownRuns(64)


def _run_text(run: EngineRun) -> str:
    text = json.dumps(encode(EngineRun, run), separators=(",", ":"))
    KNOWN_RUNS.put(text, copied(run))
    return text


def _run_from(text: str) -> EngineRun | None:
    """A kept run (the state's, the day start, a checkpoint); None when it was kept by an
    older version in a form this one cannot read, or under other rules (progression.RULES):
    as if not kept, so reads replay and the next write keeps it anew."""
    found = KNOWN_RUNS.get(text)
    if found is not None:
        return found
    try:
        run: EngineRun = decode(EngineRun, json.loads(text))
    except (KeyError, TypeError, ValueError):
        return None
    if run.rules != RULES:  # walked under other rules: what it decided may differ now
        return None
    KNOWN_RUNS.put(text, copied(run))
    return run


def _state_values(state: KeptState) -> dict[str, Any]:
    flags = state.flags
    return {
        "version": state.version,
        "run": _run_text(state.run),
        "decision_count": state.decision_count,
        "as_of": flags.as_of,
        "flags": json.dumps([{"code": f.code, "reason": f.reason} for f in flags.flags]),
        "flag_count": flags.count,
        "locked": flags.locked,
        "red_flag": flags.red_flag,
        "mornings_rising": flags.has("mornings-rising"),
        "adherence_low": flags.has("adherence-low"),
        "plateau": flags.has("plateau"),
        "running_load": flags.has("running-load"),
        "attention": flags.attention,
        "last_activity_on": flags.last_activity_on,
        "last_regression_on": flags.last_regression_on,
        "lunge_due_on": flags.lunge_due_on,
        "heel_raise_due_on": flags.heel_raise_due_on,
    }


def _state_from(row: Any) -> KeptState | None:
    run = _run_from(row["run"])
    if run is None:
        # Kept by an older version, in a form this one cannot read: as if never kept (the
        # state is derived), so reads replay and the next write keeps it anew.
        return None
    flags = CaseFlags(
        as_of=row["as_of"],
        flags=tuple(Flag(f["code"], f["reason"]) for f in json.loads(row["flags"])),
        locked=row["locked"],
        red_flag=row["red_flag"],
        last_activity_on=row["last_activity_on"],
        last_regression_on=row["last_regression_on"],
        lunge_due_on=row["lunge_due_on"],
        heel_raise_due_on=row["heel_raise_due_on"],
    )
    return KeptState(row["version"], run, row["decision_count"], flags)


def _decision_from(row: RowMapping) -> Decision:
    return Decision(
        day=row["day"],
        verdict=Verdict(row["verdict"]),
        exercise_id=row["exercise_id"],
        side=SideChoice(row["side"]),
        rule=row["rule"],
        reason=row["reason"],
        source=row["source"],
        change=row["change"],
        origin=row["origin"],
    )
