"""One read of an athlete's situation: everything the day, week, plan, status and lock views
need, from one transaction, each table once.

The answer to "what does this athlete do today, and why" is then the pure
`domain.day_plan.LivedPlan` over this situation, so every view agrees by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeVar

from anklet.domain.adherence import adherence
from anklet.domain.coach_flags import WEEK_DAYS
from anklet.domain.day_plan import DayAnswer, LivedPlan, Situation
from anklet.domain.evaluation import score_assessment
from anklet.domain.exercises import Category
from anklet.domain.generation import POGO_ID, facts_from
from anklet.domain.green_days import (
    GREEN_STREAK_MAX_DAYS,
    green_streak,
    guard_days,
    highest_session_pain,
)
from anklet.domain.latest_results import latest_results
from anklet.domain.plateau import HEEL_RAISE_WINDOW_DAYS, LUNGE_WINDOW_DAYS, detect_plateaus
from anklet.domain.safety import LoadingLock, LockEvent, screening_lock_events
from anklet.domain.screening import evaluate_screening
from anklet.domain.stage_gate import GREEN_WINDOW_DAYS
from anklet.services.engine import ReadBefore, Window, engine_window, read_baseline
from anklet.services.lookup import get_athlete
from anklet.services.memo import memo

if TYPE_CHECKING:
    from anklet.domain.assessment import Assessment
    from anklet.domain.athlete import Athlete
    from anklet.domain.coach_changes import CoachChange
    from anklet.domain.evaluation import AssessmentScore
    from anklet.domain.exercise_gates import GateFacts
    from anklet.domain.exercises import Catalogue
    from anklet.domain.green_days import GuardDays
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.plateau import Plateau
    from anklet.domain.program import Plan
    from anklet.domain.progression import EngineResult
    from anklet.domain.safety import Clearance
    from anklet.domain.squat_depth import SquatDepth
    from anklet.domain.training_log import Baseline, CheckIn, LoggedSession, SessionFacts
    from anklet.services.ports import UnitOfWork
    from anklet.services.runs import RunningGuidance

__all__ = [
    "GATE_PAIN_WINDOW_DAYS",
    "LOOKBACK_DAYS",
    "RECENT_DECISIONS",
    "STATUS_ADHERENCE_DAYS",
    "AthleteSituation",
    "Remembered",
    "SituationRows",
    "assembled",
    "contact_ids",
    "moved_on",
    "read_situation",
    "remember_on_commit",
    "remembered",
    "window_engine",
    "window_start",
]

GATE_PAIN_WINDOW_DAYS = 7  # "recent pain" of the gates: the highest of the last 7 days
STATUS_ADHERENCE_DAYS = 28  # status shows adherence over the last 7 and 28 days
RECENT_DECISIONS = 10  # status lists the newest decisions, however old they are
# How far back from today any reader of the situation looks: the longest green streak a gate
# asks about, the plateau and adherence windows, the gates' recent pain, the coach flags' two
# weeks of mornings. Older logs and mornings are read only by the views of the whole history
# (progress, reports, export), so a read costs the same after a month or after three years.
LOOKBACK_DAYS = max(
    GREEN_STREAK_MAX_DAYS,
    LUNGE_WINDOW_DAYS,
    HEEL_RAISE_WINDOW_DAYS,
    GATE_PAIN_WINDOW_DAYS,
    STATUS_ADHERENCE_DAYS,
    2 * WEEK_DAYS,
)
# The days a remembered situation keeps the running guidance and the squat depth of: today,
# its week and a few more viewed the same day; a request for any other day is read again.
DAYS_KEPT = 62


@dataclass(frozen=True)
class SituationRows:
    """What a read of the situation takes from the store, before anything is worked out
    from it. A write that changes only the window's logs or mornings makes the next
    situation from these (services.next_situation) instead of reading them all again."""

    version: int  # the history version they were read at
    history: tuple[Assessment, ...]  # every test, oldest first
    score: AssessmentScore | None  # the newest tests, scored
    plan: Plan | None  # the current plan's outline
    plan_id: int | None  # and its id, which a log records (the plan it was done against)
    first: date  # the window's first day (window_start)
    logs: tuple[LoggedSession, ...]  # the sessions from `first` on, without items
    check_ins: tuple[CheckIn, ...]  # the mornings from `first` on
    baseline: Baseline | None
    screened: bool
    known_locks: tuple[LockEvent, ...]  # the screenings' red flags and the stored locks
    clearances: tuple[Clearance, ...]
    engine: EngineResult  # kept, or replayed; the window's decisions
    positions: tuple[int, ...]  # of each of engine.decisions among every decision kept
    held: frozenset[int] | None  # the positions held whatever their day (engine.Window)
    changes: tuple[CoachChange, ...]


@dataclass(frozen=True)
class AthleteSituation:
    """The situation with the stored plan and what was read to build it."""

    handle: str
    athlete_id: int
    situation: Situation
    rows: SituationRows
    # The lived plan per catalogue, kept with the situation so that the plans it generates
    # for each lock are made once per history, not once per request.
    _lived: dict[int, LivedPlan] = field(default_factory=dict, compare=False, repr=False)
    # What the day views show beside the plan, per day viewed: the running guidance and the
    # stored squat depth. Both are pure in the stored history, and every write of a run or a
    # squat depth moves its stamp (storage.rows.touch), so they are read once per remembered
    # situation and day (`running`, `squat_depth`). Days are added, never dropped (a page
    # thread may be reading while another adds), up to DAYS_KEPT.
    _running: dict[date, RunningGuidance] = field(default_factory=dict, compare=False, repr=False)
    _depths: dict[date, SquatDepth | None] = field(default_factory=dict, compare=False, repr=False)
    # The day's answer (LivedPlan.on) per catalogue and day, with the lived plan it came from.
    _answers: dict[tuple[int, date], tuple[LivedPlan, DayAnswer]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def plan(self) -> Plan | None:
        return self.rows.plan

    @property
    def logs(self) -> tuple[LoggedSession, ...]:
        """The sessions from `logs_from` on, without items."""
        return self.rows.logs

    @property
    def logs_from(self) -> date:
        return self.rows.first

    def read_before(self) -> ReadBefore:
        """What a write that follows this read in its transaction may take from it instead
        of reading it again (services.engine.ReadBefore)."""
        r = self.rows
        return ReadBefore(r.version, r.plan, r.history, r.known_locks, r.clearances)

    def carry_lived(self, earlier: AthleteSituation) -> None:
        """This situation made from `earlier` by a write of a log or a morning
        (services.next_situation): take the running guidance and the squat depths `earlier`
        read (that write changed neither runs nor squat depths), and live the plan with the
        plans `earlier` generated for it, where they would be generated alike
        (domain.day_plan.LivedPlan.lived_in)."""
        # Only today's week and the days after it, and no more than half of DAYS_KEPT: a
        # situation carried on day after day (each morning, each first read of a day) would
        # otherwise carry every day ever viewed, and once full keep none that is asked.
        since = self.situation.today - timedelta(days=WEEK_DAYS - 1)
        self._running.update(_carried(earlier._running, since))
        self._depths.update(_carried(earlier._depths, since))
        if self.plan is None or earlier.plan is not self.plan:  # derived from it
            return
        for key, lived in list(earlier._lived.items()):  # another request may add one
            self._lived[key] = lived.lived_in(self.situation)

    def running(
        self,
        days: Sequence[date],
        read: Callable[[Sequence[date]], Mapping[date, RunningGuidance]],
    ) -> dict[date, RunningGuidance]:
        """The running guidance of each of `days`: `read` (in the transaction this situation
        was read or found in) gives that of the days not read with this situation before."""
        known = self._running
        missing = [day for day in days if day not in known]
        found = dict(read(missing)) if missing else {}
        if len(known) + len(found) <= DAYS_KEPT:
            known.update(found)
        return {day: found[day] if day in found else known[day] for day in days}

    def known_running(self, day: date) -> RunningGuidance | None:
        """The running guidance of `day` if a view read it with this situation, else None
        (nothing is read)."""
        return self._running.get(day)

    def squat_depth(
        self, day: date, read: Callable[[date], SquatDepth | None]
    ) -> SquatDepth | None:
        """The squat depth stored for `day`, as `running` does for the guidance."""
        known = self._depths
        if day in known:
            return known[day]
        found = read(day)
        if len(known) < DAYS_KEPT:
            known[day] = found
        return found

    def answer_on(self, catalogue: Catalogue, day: date) -> DayAnswer | None:
        """`day` as the plan lived in this situation answers it (None without a plan),
        worked out once per day (it is pure in the situation, the plan and the catalogue)."""
        lived = self.lived(catalogue)
        if lived is None:
            return None
        key = (id(catalogue), day)
        found = self._answers.get(key)
        if found is not None and found[0] is lived:
            return found[1]
        answer = lived.on(day)
        if len(self._answers) < DAYS_KEPT:
            self._answers[key] = (lived, answer)
        return answer

    def lived(self, catalogue: Catalogue) -> LivedPlan | None:
        if self.plan is None:
            return None
        found = self._lived.get(id(catalogue))
        if found is None or found.catalogue is not catalogue:
            found = self._lived[id(catalogue)] = LivedPlan(self.plan, self.situation, catalogue)
        return found


_T = TypeVar("_T")


def _carried(found: dict[date, _T], since: date) -> dict[date, _T]:
    """The nearest days from `since` on of what a situation found per day, at most half of
    DAYS_KEPT (copied first: another request may add one)."""
    days = sorted((kv for kv in list(found.items()) if kv[0] >= since), key=lambda kv: kv[0])
    return dict(days[: DAYS_KEPT // 2])


@dataclass(frozen=True)
class Remembered:
    """A remembered situation and what it was made with."""

    read: AthleteSituation
    catalogue: Catalogue
    norm_table: HeelRaiseNorms


def contact_ids(catalogue: Catalogue) -> frozenset[str]:
    """Plyometric exercises progress by foot contacts with the plan, never by load."""
    return frozenset(e.id for e in catalogue if e.category is Category.PLYOMETRIC)


def read_situation(
    uow: UnitOfWork,
    handle: str,
    *,
    today: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> AthleteSituation:
    """Read inside an open `with uow:`; the caller owns the transaction.

    The situation is a pure function of the athlete, the stored history (its stamp), today,
    the catalogue and the norms, so it is remembered under exactly that key: a page that
    reads an unchanged history costs one small query (the athlete's row, which carries the
    history version of the key)."""
    athlete, athlete_id = get_athlete(uow, handle)
    key = ("situation", athlete, uow.history_stamp(athlete_id), today)
    found = _found(key, athlete_id)
    # The value keeps the catalogue and the norms it was built with: identity, not equality,
    # so a hit costs nothing and a different catalogue is never mistaken for this one.
    if found is not None and found.catalogue is catalogue and found.norm_table is norm_table:
        return found.read
    built = _read(
        uow, handle, athlete, athlete_id, today=today, catalogue=catalogue, norm_table=norm_table
    )
    _remember(key, built, catalogue, norm_table)
    return built


def remember_on_commit(
    uow: UnitOfWork, made: AthleteSituation, catalogue: Catalogue, norm_table: HeelRaiseNorms
) -> Callable[[], None]:
    """Inside the transaction of the write `made` follows (services.next_situation): what to
    call once it has committed, so the next read finds `made` instead of reading it all
    again. The key is taken now, from the version this transaction holds: after the commit
    another writer may already have moved the history on."""
    s = made.situation
    key = ("situation", s.athlete, uow.stamp_on_commit(made.athlete_id), s.today)
    return lambda: _remember(key, made, catalogue, norm_table)


def _remember(
    key: tuple[object, ...],
    found: AthleteSituation,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> None:
    family = ("situation", found.athlete_id, found.situation.today)
    memo.put(key, (catalogue, norm_table, found), family=family)
    # And as the athlete's newest, which the first read of a later day at the same history
    # moves on to that day (`_found`).
    latest = ("situation-latest", found.athlete_id)
    memo.put(latest, (key, catalogue, norm_table, found), family=latest)


def _found(key: tuple[object, ...], athlete_id: int) -> Remembered | None:
    """The situation remembered under `key` (athlete, history stamp, today); else the
    athlete's newest remembered one of the same history for an earlier day, moved on to
    this one (and remembered so): the first read of a day, most often a morning's check-in,
    then reads nothing more than a read of the same day would."""
    cached = memo.get(key)
    if isinstance(cached, tuple) and isinstance(cached[2], AthleteSituation):
        return Remembered(cached[2], cached[0], cached[1])
    newest = memo.get(("situation-latest", athlete_id))
    if not isinstance(newest, tuple) or newest[0][:3] != key[:3]:
        return None  # none, or of another athlete's record or another history
    earlier, catalogue, norm_table = newest[3], newest[1], newest[2]
    assert isinstance(earlier, AthleteSituation) and isinstance(key[3], date)
    moved = moved_on(earlier, key[3])
    if moved is None:
        return None
    _remember(key, moved, catalogue, norm_table)
    return Remembered(moved, catalogue, norm_table)


def moved_on(earlier: AthleteSituation, today: date) -> AthleteSituation | None:
    """`earlier`, read for an earlier day, as a read of `today` at the same history finds
    it (pure): only the window moves (its first day, and so its sessions, mornings and
    decisions: the window's of the later day are among the earlier's); the tests, plan,
    locks, clearances, baseline and changes are the day's alike. None for a day before it."""
    rows = earlier.rows
    first = window_start(today, rows.plan)
    if today <= earlier.situation.today or first < rows.first:
        return None
    window = Window(rows.engine, rows.positions, rows.held).from_day(first)
    moved = replace(
        rows,
        first=first,
        logs=tuple(g for g in rows.logs if g.day >= first),
        check_ins=tuple(c for c in rows.check_ins if c.day >= first),
        engine=window.result,
        positions=window.positions,
        held=window.held,
    )
    made = assembled(earlier.handle, earlier.athlete_id, earlier.situation.athlete, moved, today)
    made.carry_lived(earlier)
    return made


def remembered(
    uow: UnitOfWork, athlete: Athlete, athlete_id: int, *, today: date
) -> Remembered | None:
    """The situation a read made of the history as it stands now, with the catalogue and
    the norms it was made with, if it is remembered. Inside an open `with uow:`, before the
    transaction writes."""
    return _found(("situation", athlete, uow.history_stamp(athlete_id), today), athlete_id)


def _read(
    uow: UnitOfWork,
    handle: str,
    athlete: Athlete,
    athlete_id: int,
    *,
    today: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> AthleteSituation:
    rows = _rows(uow, athlete, athlete_id, today=today, catalogue=catalogue, norm_table=norm_table)
    return assembled(handle, athlete_id, athlete, rows, today)


def _rows(
    uow: UnitOfWork,
    athlete: Athlete,
    athlete_id: int,
    *,
    today: date,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> SituationRows:
    version = uow.states.version(athlete_id)  # first: what follows is at least as new
    history = tuple(uow.assessments.for_athlete(athlete_id))
    plan = uow.plans.outline(athlete_id)  # each day's items are derived, not read
    first = window_start(today, plan)
    screenings = list(uow.screenings.for_athlete(athlete_id))
    known: list[LockEvent] = [
        event for s in screenings for event in screening_lock_events(evaluate_screening(s))
    ]
    known += uow.lock_events.for_athlete(athlete_id)
    latest = latest_results(history)
    window = window_engine(uow, athlete_id, catalogue, first)
    return SituationRows(
        version=version,
        history=history,
        score=(
            score_assessment(latest, athlete=athlete, earlier=history[:-1], norm_table=norm_table)
            if latest is not None
            else None
        ),
        plan=plan,
        plan_id=uow.plans.current_id(athlete_id) if plan is not None else None,
        first=first,
        # Day, kind and pain of each session are all the window's readers ask (adherence,
        # the green days, the gates' recent pain): no logged item is read.
        logs=tuple(uow.session_logs.sessions_since(athlete_id, first)),
        check_ins=tuple(uow.check_ins.since(athlete_id, first)),
        baseline=read_baseline(uow, athlete_id),
        screened=bool(screenings),
        known_locks=tuple(known),
        clearances=tuple(uow.clearances.for_athlete(athlete_id)),
        # Kept, or replayed. The decisions are those of the window, the newest few that
        # status lists and the last that changed each item; the views of the whole history
        # (progress, reports, the history) read every decision themselves.
        engine=window.result,
        positions=window.positions,
        held=window.held,
        changes=tuple(uow.coach_changes.active(athlete_id)),
    )


def window_engine(uow: UnitOfWork, athlete_id: int, catalogue: Catalogue, first: date) -> Window:
    """The engine as a situation reads it: the decisions from `first` on, the newest few
    and the last change of each item, with their positions."""
    return engine_window(
        uow, athlete_id, contact_ids(catalogue), since=first, newest=RECENT_DECISIONS
    )


def assembled(
    handle: str, athlete_id: int, athlete: Athlete, rows: SituationRows, today: date
) -> AthleteSituation:
    """The situation of `today` worked out from what was read (pure)."""
    guard = guard_days(rows.check_ins, rows.logs, rows.engine.decisions, rows.baseline)
    situation = Situation(
        today=today,
        athlete=athlete,
        score=rows.score,
        lock_events=(*rows.known_locks, *rows.engine.lock_events),
        clearances=rows.clearances,
        screened=rows.screened,
        engine=rows.engine,
        guard=guard,
        facts=_facts(rows.score, rows.logs, guard, today, _pogo_pain(rows.engine)),
        plateaus=tuple(_plateaus(rows.history, rows.plan, rows.logs, today)),
        assessments=rows.history,
        changes=rows.changes,
    )
    return AthleteSituation(handle, athlete_id, situation, rows)


def window_start(today: date, plan: Plan | None) -> date:
    """The first day whose logs and mornings the situation reads: the furthest any reader
    looks back from today, or from the plan's start for its stage checks."""
    first = today - timedelta(days=LOOKBACK_DAYS)
    if plan is not None:
        first = min(first, plan.start - timedelta(days=GREEN_WINDOW_DAYS))
    return first


def _facts(
    score: AssessmentScore | None,
    logs: Sequence[SessionFacts],
    guard: GuardDays,
    today: date,
    pogo_pain: int | None,
) -> GateFacts:
    """The gate facts of today: the paced heel raise and stance of the newest tests, the
    highest pain of the tests and of the sessions of the last week, the green days and the
    pain of the latest pogo session (every "pain" and "guard green" gate reads what was done,
    not only what was tested)."""
    tested = facts_from(score, LoadingLock(()))
    return replace(
        tested,
        session_pain=highest_session_pain(logs, today, GATE_PAIN_WINDOW_DAYS),
        green_days=green_streak(today, guard),
        pogo_pain=pogo_pain,
    )


def _pogo_pain(engine: EngineResult) -> int | None:
    """The pain of the latest pogo session, however long ago, as the engine met it (kept
    with the run: no search of the whole history)."""
    return engine.done_pain.get(POGO_ID)


def _plateaus(
    history: Sequence[Assessment], plan: Plan | None, logs: Sequence[SessionFacts], today: date
) -> list[Plateau]:
    """Plateaus (domain.plateau): the tests of the last weeks and the adherence to the plan
    followed meanwhile."""
    sessions = plan.sessions if plan else ()
    windows = (LUNGE_WINDOW_DAYS, HEEL_RAISE_WINDOW_DAYS)
    percent = {days: adherence(sessions, logs, today, days).percent for days in windows}
    return detect_plateaus(history, adherence_percent=percent)
