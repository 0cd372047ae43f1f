"""Plans on SQLAlchemy Core: one row per plan, note, phase, session and prescription.

A 16-week plan is about 150 sessions and 1,500 prescriptions, so each table is written with
one bulk insert and read with one query: storing or loading a plan is a fixed number of
statements however long it is. Nothing is ever updated in place except `superseded_at`: a new
plan keeps the old one whole as history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from anklet.domain.errors import Conflict
from anklet.domain.program import (
    Phase,
    Plan,
    PlannedSession,
    Prescription,
    Reason,
    SessionKind,
    SideChoice,
)
from anklet.services.ports import PlanSummary
from anklet.storage.plan_tables import plan_notes, plan_phases, plan_sessions, plans, prescriptions
from anklet.storage.rows import new_id, touch

Row = Mapping[Any, Any]


def _why(reason: Reason) -> dict[str, str]:
    return {"why_text": reason.text, "why_rule": reason.rule, "why_source": reason.source}


def _reason(row: Row) -> Reason:
    return Reason(text=row["why_text"], rule=row["why_rule"], source=row["why_source"])


def plan_values(athlete_id: int, plan: Plan, *, created_at: datetime) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "created_at": created_at,
        "start_on": plan.start,
        "weeks": plan.weeks,
        "locked": plan.locked,
        "deload_weeks": ",".join(str(week) for week in plan.deload_weeks),
        "superseded_at": None,
    }


def note_rows(plan_id: int, plan: Plan) -> list[dict[str, Any]]:
    return [
        {
            "plan_id": plan_id,
            "position": position,
            "text": note.text,
            "rule": note.rule,
            "source": note.source,
        }
        for position, note in enumerate(plan.notes)
    ]


def phase_rows(plan_id: int, plan: Plan) -> list[dict[str, Any]]:
    return [
        {
            "plan_id": plan_id,
            "position": position,
            "name": phase.name,
            "first_week": phase.first_week,
            "last_week": phase.last_week,
            "stage_left": phase.stage_left,
            "stage_right": phase.stage_right,
            **_why(phase.why),
        }
        for position, phase in enumerate(plan.phases)
    ]


def session_rows(plan_id: int, plan: Plan) -> list[dict[str, Any]]:
    return [
        {
            "plan_id": plan_id,
            "position": position,
            "day": session.day,
            "week": session.week,
            "kind": session.kind.value,
            "title": session.title,
            **_why(session.why),
        }
        for position, session in enumerate(plan.sessions)
    ]


def prescription_rows(session_ids: Sequence[int], plan: Plan) -> list[dict[str, Any]]:
    """`session_ids[i]` is the id of `plan.sessions[i]`."""
    return [
        {
            "session_id": session_id,
            "position": position,
            "exercise_id": item.exercise_id,
            "exercise_name": item.exercise_name,
            "side": item.side.value,
            "sets": item.sets,
            "reps": item.reps,
            "reps_max": item.reps_max,
            "hold_s": item.hold_s,
            "distance_m": item.distance_m,
            "tempo": item.tempo,
            "rest_s": item.rest_s,
            "load": item.load,
            "minutes": item.minutes,
            "block": item.block,
            **_why(item.why),
        }
        for session_id, session in zip(session_ids, plan.sessions, strict=True)
        for position, item in enumerate(session.items)
    ]


def prescription_from(row: Row) -> Prescription:
    return Prescription(
        exercise_id=row["exercise_id"],
        exercise_name=row["exercise_name"],
        side=SideChoice(row["side"]),
        sets=row["sets"],
        why=_reason(row),
        reps=row["reps"],
        reps_max=row["reps_max"],
        hold_s=row["hold_s"],
        distance_m=row["distance_m"],
        tempo=row["tempo"],
        rest_s=row["rest_s"],
        load=row["load"],
        minutes=row["minutes"],
        block=row["block"],
    )


def phase_from(row: Row) -> Phase:
    return Phase(
        name=row["name"],
        first_week=row["first_week"],
        last_week=row["last_week"],
        stage_left=row["stage_left"],
        stage_right=row["stage_right"],
        why=_reason(row),
    )


def summary_from(row: Row) -> PlanSummary:
    return PlanSummary(
        id=row["id"],
        created_at=row["created_at"],
        start=row["start_on"],
        weeks=row["weeks"],
        superseded_at=row["superseded_at"],
    )


class SqlPlans:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add(self, athlete_id: int, plan: Plan, *, created_at: datetime) -> int:
        """Store `plan` as the athlete's current plan and return its id.

        The previous current plan stays, superseded at `created_at`. Six statements whatever
        the plan's length.
        """
        touch(self._db, athlete_id)  # the athlete's row first: see rows.touch
        self._db.execute(
            update(plans)
            .where(plans.c.athlete_id == athlete_id, plans.c.superseded_at.is_(None))
            .values(superseded_at=created_at)
        )
        values = plan_values(athlete_id, plan, created_at=created_at)
        try:
            plan_id = new_id(self._db.execute(insert(plans).values(values)))
        except IntegrityError as error:
            if "unique" not in str(error.orig).lower():
                raise
            # PostgreSQL: another transaction stored a plan for this athlete after our update.
            raise Conflict(
                "another plan was created for this athlete at the same time; try again"
            ) from None
        self._insert(plan_notes, note_rows(plan_id, plan))
        self._insert(plan_phases, phase_rows(plan_id, plan))
        if plan.sessions:
            self._insert(plan_sessions, session_rows(plan_id, plan))
            # Read the new ids back by position rather than rely on RETURNING order.
            session_ids = self._db.execute(
                select(plan_sessions.c.id)
                .where(plan_sessions.c.plan_id == plan_id)
                .order_by(plan_sessions.c.position)
            ).scalars()
            self._insert(prescriptions, prescription_rows(list(session_ids), plan))
        return plan_id

    def current(self, athlete_id: int) -> Plan | None:
        """The plan not yet superseded, or None. Five queries whatever the plan's length."""
        row = (
            self._db.execute(
                select(plans).where(
                    plans.c.athlete_id == athlete_id, plans.c.superseded_at.is_(None)
                )
            )
            .mappings()
            .first()
        )
        return self._plan(row) if row else None

    def current_id(self, athlete_id: int) -> int | None:
        """The id of the plan not yet superseded, or None."""
        found = self._db.execute(
            select(plans.c.id).where(
                plans.c.athlete_id == athlete_id, plans.c.superseded_at.is_(None)
            )
        ).scalar()
        return int(found) if found is not None else None

    def outline(self, athlete_id: int) -> Plan | None:
        """The current plan without its prescriptions (sessions keep their day and kind):
        what the lived plan needs, since every day's items are derived (domain.day_plan)."""
        row = (
            self._db.execute(
                select(plans).where(
                    plans.c.athlete_id == athlete_id, plans.c.superseded_at.is_(None)
                )
            )
            .mappings()
            .first()
        )
        return self._plan(row, with_items=False) if row else None

    def history(self, athlete_id: int) -> list[PlanSummary]:
        """Every plan of the athlete, the current one included, oldest first."""
        rows = self._db.execute(
            select(
                plans.c.id,
                plans.c.created_at,
                plans.c.start_on,
                plans.c.weeks,
                plans.c.superseded_at,
            )
            .where(plans.c.athlete_id == athlete_id)
            .order_by(plans.c.created_at, plans.c.id)
        ).mappings()
        return [summary_from(row) for row in rows]

    def _insert(self, table: Table, rows: list[dict[str, Any]]) -> None:
        # One executemany (batched multi-row INSERTs); an empty list would insert one bad row.
        if rows:
            self._db.execute(insert(table), rows)

    def _plan(self, row: Row, *, with_items: bool = True) -> Plan:
        plan_id = row["id"]
        notes = self._db.execute(
            select(plan_notes.c.text, plan_notes.c.rule, plan_notes.c.source)
            .where(plan_notes.c.plan_id == plan_id)
            .order_by(plan_notes.c.position)
        ).mappings()
        phases = self._db.execute(
            select(plan_phases)
            .where(plan_phases.c.plan_id == plan_id)
            .order_by(plan_phases.c.position)
        ).mappings()
        session_list = (
            self._db.execute(
                select(plan_sessions)
                .where(plan_sessions.c.plan_id == plan_id)
                .order_by(plan_sessions.c.position)
            )
            .mappings()
            .all()
        )
        items: dict[int, list[Prescription]] = defaultdict(list)
        if with_items:
            item_rows = self._db.execute(
                select(prescriptions)
                .join(plan_sessions, plan_sessions.c.id == prescriptions.c.session_id)
                .where(plan_sessions.c.plan_id == plan_id)
                .order_by(prescriptions.c.session_id, prescriptions.c.position)
            ).mappings()
            for item in item_rows:
                items[item["session_id"]].append(prescription_from(item))
        return Plan(
            start=row["start_on"],
            weeks=row["weeks"],
            phases=tuple(phase_from(phase) for phase in phases),
            sessions=tuple(
                PlannedSession(
                    day=session["day"],
                    kind=SessionKind(session["kind"]),
                    title=session["title"],
                    items=tuple(items[session["id"]]),
                    week=session["week"],
                    why=_reason(session),
                )
                for session in session_list
            ),
            notes=tuple(
                Reason(text=note["text"], rule=note["rule"], source=note["source"])
                for note in notes
            ),
            deload_weeks=tuple(int(week) for week in row["deload_weeks"].split(",") if week),
            locked=row["locked"],
        )
