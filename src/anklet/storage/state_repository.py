"""The kept per-athlete state and the engine's decisions on SQLAlchemy Core."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from anklet.domain.coach_flags import Flag
from anklet.domain.kept_state import CaseFlags, KeptState
from anklet.domain.program import SideChoice
from anklet.domain.progression import Decision, EngineRun, Verdict
from anklet.domain.stored_form import decode, encode
from anklet.storage.rows import KEPT, touch, writes_in_transaction
from anklet.storage.state_tables import athlete_states, engine_decisions
from anklet.storage.tables import athletes


class SqlStates:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def hold(self, athlete_id: int) -> int:
        touch(self._db, athlete_id)
        return self._version(athlete_id)

    def fresh(self, athlete_id: int) -> KeptState | None:
        kept: dict[int, int] = self._db.info.get(KEPT, {})
        writes = writes_in_transaction(self._db, athlete_id)
        if writes and kept.get(athlete_id) != writes:
            return None  # written since it was kept (or never kept) in this transaction
        state = self.get(athlete_id)
        if state is None or state.version != self._version(athlete_id):
            return None
        return state

    def _version(self, athlete_id: int) -> int:
        found = self._db.execute(
            select(athletes.c.history_version).where(athletes.c.id == athlete_id)
        ).scalar()
        return int(found or 0)

    def get(self, athlete_id: int) -> KeptState | None:
        row = (
            self._db.execute(
                select(athlete_states).where(athlete_states.c.athlete_id == athlete_id)
            )
            .mappings()
            .first()
        )
        return None if row is None else _state_from(row)

    def put(
        self, athlete_id: int, state: KeptState, decisions: Sequence[Decision], *, first: int
    ) -> None:
        """Keep `state`, with `decisions` stored from position `first` on (0 rebuilds them
        all). Takes the athlete's row first (rows.touch), as every history write does, so a
        rebuild and a write of one athlete follow each other."""
        touch(self._db, athlete_id)
        self._db.execute(
            delete(engine_decisions).where(
                engine_decisions.c.athlete_id == athlete_id, engine_decisions.c.seq >= first
            )
        )
        if decisions:
            self._db.execute(
                insert(engine_decisions),
                [_decision_row(athlete_id, first + n, d) for n, d in enumerate(decisions)],
            )
        values = _state_values(state)
        done = self._db.execute(
            update(athlete_states).where(athlete_states.c.athlete_id == athlete_id).values(values)
        )
        if done.rowcount == 0:
            self._db.execute(insert(athlete_states).values(athlete_id=athlete_id, **values))
        self._db.info.setdefault(KEPT, {})[athlete_id] = writes_in_transaction(self._db, athlete_id)

    def drop_stale(self) -> None:
        """Before commit: a state kept before a later write of this transaction no longer
        holds; drop it, so that the next read replays and the next write rebuilds it."""
        kept: dict[int, int] = self._db.info.get(KEPT, {})
        stale = [a for a, at in kept.items() if writes_in_transaction(self._db, a) != at]
        if stale:
            self._db.execute(delete(athlete_states).where(athlete_states.c.athlete_id.in_(stale)))

    def decisions(self, athlete_id: int) -> list[Decision]:
        rows = self._db.execute(
            select(engine_decisions)
            .where(engine_decisions.c.athlete_id == athlete_id)
            .order_by(engine_decisions.c.seq)
        ).mappings()
        return [
            Decision(
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
            for row in rows
        ]


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


def _state_values(state: KeptState) -> dict[str, Any]:
    flags = state.flags
    return {
        "version": state.version,
        "run": json.dumps(encode(EngineRun, state.run), separators=(",", ":")),
        "decision_count": state.decision_count,
        "as_of": flags.as_of,
        "flags": json.dumps([{"code": f.code, "reason": f.reason} for f in flags.flags]),
        "flag_count": flags.count,
        "locked": flags.locked,
        "red_flag": flags.red_flag,
        "last_activity_on": flags.last_activity_on,
        "last_regression_on": flags.last_regression_on,
        "lunge_due_on": flags.lunge_due_on,
        "heel_raise_due_on": flags.heel_raise_due_on,
    }


def _state_from(row: Any) -> KeptState:
    run = decode(EngineRun, json.loads(row["run"]))
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
