"""The engine: after every log and every morning check-in, progress, hold, regress, pause or
refer, per exercise and side, each decision with its rule, reason and source.

`replay` walks the athlete's history in time order and is a pure function of it, so the same
logs always give the same decisions (issue 5). The rules are the tendon-load guard
(after Silbernagel 2007), double progression (ACSM 2009), the deload trigger (after
Rogerson 2024), red-flag question 10 and the source article's
"pause and seek medical guidance on sharp pain, swelling or unusual tightness".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypedDict, Unpack

from anklet.domain.evidence import flag_unverified
from anklet.domain.program import SideChoice
from anklet.domain.safety import Clearance, LockEvent, loading_lock
from anklet.domain.screening import Restriction
from anklet.domain.training_log import Baseline, CheckIn, LoggedItem, SessionLog

GREEN_MAX_PAIN = 3  # Silbernagel 2007 zones: 0-3 progress [D, stricter than the trial's 5]
HOLD_MAX_PAIN = 5  # 4-5 hold; above 5 regress (Silbernagel 2007 ceiling) [S]
# The version of the rules a run walks by: one more whenever a rule changes what a history
# decides (2: warning signs and pain above 5/10 in a mobility session lock loading too).
RULES = 2
LOAD_STEP_FRACTION = 0.05  # ACSM 2009: +2-10 %; the middle of the range, never above 10 % [V/D]
LOAD_STEP_MAX_FRACTION = 0.10  # ... and no step above 10 % (ACSM 2009) [V]
PAUSE_REGRESSIONS = 2  # two regressions within ...
PAUSE_WINDOW_DAYS = 7  # ... seven days: pause and suggest a clinician (tendon-load guard) [D]
PAINFUL_SESSIONS_IN_A_ROW = 3  # pain above 5 three sessions running (tendon-load guard)
MISSED_HOLD_DAYS = 7  # a missed week holds
MISSED_STEP_BACK_DAYS = 14  # two missed weeks step back
MORNING_LOOKBACK_DAYS = 1  # the morning of the session or the one after it
MIN_MORNINGS_PER_WEEK = 3  # a weekly average needs at least three check-ins [D]
GUARD_SOURCE = "Silbernagel 2007 pain-monitoring model [S]; 3/10 cut-off [D]"
PROGRESSION_SOURCE = "ACSM 2009 double progression, +2-10 % load [V]"


class Verdict(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    PAUSE = "pause"
    REFER = "refer"


# A step back, a pause or a referral: what ends a run of green days (the guard and the stage gate).
SETBACKS = frozenset({Verdict.REGRESS, Verdict.PAUSE, Verdict.REFER})
# The verdicts that change an item's prescription: a hold explains nothing it did not change.
CHANGING = frozenset({Verdict.PROGRESS, Verdict.REGRESS})


@dataclass(frozen=True)
class Decision:
    day: date
    verdict: Verdict
    exercise_id: str  # "*" for the whole program
    side: SideChoice
    rule: str
    reason: str
    source: str
    change: str = ""  # what it changes in the coming sessions, in words
    # What the engine was judging: "check-in", or "log:<session kind>" ("" outside the engine),
    # so a log's answer lists its own decisions, not the morning's.
    origin: str = ""

    def __post_init__(self) -> None:
        # A [U] source makes the reason say "unverified", once (evidence.flag_unverified).
        object.__setattr__(self, "reason", flag_unverified(self.reason, self.source))

    @property
    def changes_item(self) -> bool:
        """Whether it changed one item's prescription (what the day view explains it by)."""
        return self.exercise_id != "*" and self.verdict in CHANGING


def last_changing(decisions: Sequence[Decision]) -> dict[tuple[str, SideChoice], Decision]:
    """The decision that last changed each item (exercise, side), from decisions in the
    engine's order."""
    latest: dict[tuple[str, SideChoice], Decision] = {}
    for decision in decisions:
        if decision.changes_item:
            latest[(decision.exercise_id, decision.side)] = decision
    return latest


class StateChanges(TypedDict, total=False):
    """The fields of an ItemState one engine step may change."""

    load_kg: float | None
    add_load: bool
    sets_delta: int


@dataclass(frozen=True, eq=False)
class ItemState:
    """What the engine has changed for one exercise and side, and how to undo the last step.

    `previous` is a chain: the state at position k of it has the first k as its own
    `previous` (pushed builds it so), which is how it is stored (domain.stored_form)."""

    __stored_chain__ = "previous"

    load_kg: float | None = None
    add_load: bool = False  # body-weight work at the top of its range: add a light weight
    sets_delta: int = 0
    previous: tuple[ItemState, ...] = ()

    def pushed(self, **changes: Unpack[StateChanges]) -> ItemState:
        return replace(self, previous=(*self.previous, self), **changes)

    def popped(self) -> ItemState | None:
        return self.previous[-1] if self.previous else None

    def _own(self) -> tuple[float | None, bool, int]:
        return (self.load_kg, self.add_load, self.sets_delta)

    def _steps(self) -> tuple[tuple[float | None, bool, int], ...]:
        # The chain holds each link's own chain as its prefix, so the links' own values say
        # it all: equality in linear time (the generated one recursed into every prefix).
        return (*(link._own() for link in self.previous), self._own())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ItemState):
            return NotImplemented
        return self._steps() == other._steps()

    def __hash__(self) -> int:
        return hash(self._steps())


@dataclass
class EngineRun:
    """The engine part-way through a history: everything a later event is judged against.

    `replay` walks a whole history from a fresh run; `advance` walks events that come after
    the last one walked, so a run kept between writes (`trimmed` to the windows the rules
    look back over) gives, event for event, the same decisions as a replay from the start.
    """

    baseline: Baseline | None
    lock_events: list[LockEvent]
    clearances: list[Clearance]
    # The rules the run was walked under (RULES): a run kept under others is not the run a
    # replay makes now, so the store reads it as not kept and the history is walked again.
    rules: int
    decisions: list[Decision] = field(default_factory=list)
    states: dict[tuple[str, SideChoice], ItemState] = field(default_factory=dict)
    regressions: list[date] = field(default_factory=list)
    painful_in_a_row: int = 0
    last_loaded: date | None = None
    mornings: dict[date, CheckIn] = field(default_factory=dict)
    last_session: SessionLog | None = None
    rising: dict[date, int] = field(default_factory=dict)
    # Items that earned a step up, waiting for the next morning's answer (guard rule (b)).
    waiting: list[tuple[date, LoggedItem]] = field(default_factory=list)
    contact_ids: frozenset[str] = frozenset()
    # The moment of the event being decided: never earlier than the one before it, so that
    # a lock compares with events in the order the engine walks them, whatever their stamps.
    moment: datetime = datetime.min
    key_counts: dict[str, int] = field(default_factory=dict)
    origin: str = ""  # the event being decided (Decision.origin)
    last_key: EventKey | None = None  # the order key of the last event walked
    # Every decision made since the start, trimmed or not: the next decision's position.
    decided: int = 0
    # The position of the decision that last changed each item: the day view explains an
    # item by it however long ago it was made, so a read takes it and a window, not every
    # decision ever made.
    changed: dict[tuple[str, SideChoice], int] = field(default_factory=dict)
    # The pain during the latest session each exercise was done in (not skipped): a gate
    # reads it for pogo hops however long ago that was, without a search of every log.
    done_pain: dict[str, int] = field(default_factory=dict)

    def follows(self, key: EventKey) -> bool:
        """Whether an event with this order key comes after every event walked so far (an
        equal key does not: the replay orders equal keys by input order, unknown here)."""
        return self.last_key is None or key > self.last_key


# (day, moment, 0 for a morning / 1 for a session): the order the engine walks events in.
EventKey = tuple[date, datetime, int]


@dataclass(frozen=True)
class EngineResult:
    decisions: tuple[Decision, ...]
    states: dict[tuple[str, SideChoice], ItemState]
    lock_events: tuple[LockEvent, ...]
    done_pain: dict[str, int] = field(default_factory=dict)  # EngineRun.done_pain


def start(
    *,
    baseline: Baseline | None,
    lock_events: Sequence[LockEvent] = (),
    clearances: Sequence[Clearance] = (),
    contact_ids: frozenset[str] = frozenset(),
) -> EngineRun:
    """A run before the first event."""
    return EngineRun(baseline, list(lock_events), list(clearances), RULES, contact_ids=contact_ids)


def replay(
    logs: Sequence[SessionLog],
    check_ins: Sequence[CheckIn],
    *,
    baseline: Baseline | None,
    lock_events: Sequence[LockEvent] = (),
    clearances: Sequence[Clearance] = (),
    contact_ids: frozenset[str] = frozenset(),
) -> EngineResult:
    """Every decision, in time order, from the whole history.

    `lock_events` are the locks known before the replay (red flags, and the engine's own
    locks stored earlier); `contact_ids` the plyometric exercises, which progress by foot
    contacts with the plan and never by load (Potach & Chu 2016)."""
    run = start(
        baseline=baseline,
        lock_events=lock_events,
        clearances=clearances,
        contact_ids=contact_ids,
    )
    _walk(run, _in_time_order(logs, check_ins))
    known = {e.key for e in lock_events}
    new_events = tuple(e for e in run.lock_events if e.key not in known)
    return EngineResult(tuple(run.decisions), dict(run.states), new_events, dict(run.done_pain))


def advance(
    run: EngineRun, logs: Sequence[SessionLog], check_ins: Sequence[CheckIn]
) -> tuple[tuple[Decision, ...], tuple[LockEvent, ...]]:
    """Walk events that all come after the run's last one; the decisions and locks they made.

    Raises ValueError for an event that does not follow (an earlier day, or a replacement):
    such a history is replayed from the start instead."""
    events = list(_in_time_order(logs, check_ins))
    if events and not run.follows(order_key(events[0])):
        raise ValueError(f"an event of {events[0].day.isoformat()} comes before the run's last")
    decided, locked = len(run.decisions), len(run.lock_events)
    _walk(run, iter(events))
    return tuple(run.decisions[decided:]), tuple(run.lock_events[locked:])


def result_of(
    run: EngineRun, decisions: Sequence[Decision], engine_locks: Sequence[LockEvent]
) -> EngineResult:
    """An EngineResult from a run kept between writes, with every decision made so far
    (a trimmed run keeps only recent ones) and the locks the engine made."""
    return EngineResult(
        tuple(decisions), dict(run.states), tuple(engine_locks), dict(run.done_pain)
    )


def _walk(run: EngineRun, events: Iterator[SessionLog | CheckIn]) -> None:
    for event in events:
        run.moment = max(run.moment, _stamp(event))
        run.last_key = order_key(event)
        run.origin = "check-in" if isinstance(event, CheckIn) else f"log:{event.kind.value}"
        if isinstance(event, CheckIn):
            _on_check_in(run, event)
            continue
        for item in event.items:
            if not item.skipped:
                run.done_pain[item.exercise_id] = event.pain_during
        if event.loaded:
            _on_log(run, event)
        else:
            # A mobility day's items never progress by load, but what it tells of the
            # ankle does stop loading: warning signs and pain above 5/10 in any session
            # (the source article 2025: "if you experience sharp pain, swelling, or unusual
            # tightness, pause the program"; the red-flag questions whenever pain is logged
            # above 5/10). The safer reading of both: every session, not only loaded ones.
            _session_alarms(run, event)


# How far back the rules look from the newest event: what a kept run must hold on to.
KEEP_MORNINGS_DAYS = 28  # the three weekly averages of the morning trend span 21 days
KEEP_DECISIONS_DAYS = PAUSE_WINDOW_DAYS  # "already paused for this" looks back 7 days


def trimmed(run: EngineRun) -> EngineRun:
    """The run without what no later event can read: mornings older than the weekly trend
    reaches, decisions and step-backs older than the pause window (but every decision since
    the last loaded session, which the morning rule reads), worked-out days already past.
    A new run: walking the one given on changes nothing of this one."""
    last = run.last_key[0] if run.last_key is not None else date.min
    mornings_from = last - timedelta(days=KEEP_MORNINGS_DAYS) if run.last_key else date.min
    decisions_from = last - timedelta(days=KEEP_DECISIONS_DAYS) if run.last_key else date.min
    if run.last_session is not None:
        decisions_from = min(decisions_from, run.last_session.day)
    return replace(
        run,
        lock_events=list(run.lock_events),
        clearances=list(run.clearances),
        decisions=[d for d in run.decisions if d.day >= decisions_from],
        states=dict(run.states),
        regressions=[d for d in run.regressions if d >= decisions_from],
        mornings={d: m for d, m in run.mornings.items() if d >= mornings_from},
        rising={d: n for d, n in run.rising.items() if d >= last},
        waiting=list(run.waiting),
        key_counts=dict(run.key_counts),
        changed=dict(run.changed),
        done_pain=dict(run.done_pain),
    )


def copied(run: EngineRun) -> EngineRun:
    """The same run as a new one: walking it changes nothing of the one given (its values
    are frozen; only its lists and maps are its own)."""
    return replace(
        run,
        lock_events=list(run.lock_events),
        clearances=list(run.clearances),
        decisions=list(run.decisions),
        states=dict(run.states),
        regressions=list(run.regressions),
        mornings=dict(run.mornings),
        rising=dict(run.rising),
        waiting=list(run.waiting),
        key_counts=dict(run.key_counts),
        changed=dict(run.changed),
        done_pain=dict(run.done_pain),
    )


def order_key(event: SessionLog | CheckIn) -> EventKey:
    return (event.day, _stamp(event), 0 if isinstance(event, CheckIn) else 1)


def _stamp(event: SessionLog | CheckIn) -> datetime:
    if event.recorded_at is not None:
        return event.recorded_at
    # Unstamped (built in memory): a morning at the start of its day, a session at the end.
    edge = datetime.min.time() if isinstance(event, CheckIn) else datetime.max.time()
    return datetime.combine(event.day, edge)


def _key(run: EngineRun, rule: str, day: date, restriction: Restriction) -> str:
    """A lock's key: the same for the same event on every replay, and a new one for a second
    lock of the same rule on the same day (after a clearance, say)."""
    base = f"{rule}:{day.isoformat()}:{restriction.value}"
    count = run.key_counts.get(base, 0)
    run.key_counts[base] = count + 1
    return base if count == 0 else f"{base}:{count + 1}"


def _in_time_order(
    logs: Sequence[SessionLog], check_ins: Sequence[CheckIn]
) -> Iterator[SessionLog | CheckIn]:
    # Day by day; within a day in the order things happened (a session at 06:00 comes before
    # a check-in at 07:00). Unstamped, a morning opens its day and a session closes it.
    events: list[SessionLog | CheckIn] = [*check_ins, *logs]
    yield from sorted(events, key=order_key)


# --- check-ins -------------------------------------------------------------------------------


def _on_check_in(run: EngineRun, check_in: CheckIn) -> None:
    run.mornings[check_in.day] = check_in
    if check_in.warning_signs:
        run.waiting.clear()
        _refer(run, check_in)
        return
    _release_waiting(run, check_in)
    session = run.last_session
    if not _above_baseline(run.baseline, check_in) or session is None:
        return
    if (check_in.day - session.day).days > MORNING_LOOKBACK_DAYS:
        return
    # One incident, one step back: a session already stepped back for its pain is not
    # stepped back again for the morning after it (the guard: "pain > 5, or ...").
    # Fix: count step-backs from the session day on, not only on it, so a second sore
    # check-in for the same morning (re-recorded or corrected) does not step it back again;
    # `session` is the latest loaded one, so any later step-back came from this incident.
    already = {
        (d.exercise_id, d.side)
        for d in run.decisions
        if d.day >= session.day and d.verdict is Verdict.REGRESS
    }
    why = _morning_words(run.baseline, check_in)
    for item in session.items:
        if not item.skipped and (item.exercise_id, item.side) not in already:
            _regress(
                run,
                check_in.day,
                item,
                "guard.morning-above-baseline",
                f"{why}: the {session.day.isoformat()} session was too much.",
            )
    _maybe_pause(run, check_in.day)


def _above_baseline(baseline: Baseline | None, check_in: CheckIn) -> bool:
    if baseline is None:
        return False
    return check_in.morning_pain > baseline.morning_pain or check_in.stiffness > baseline.stiffness


def _morning_words(baseline: Baseline | None, check_in: CheckIn) -> str:
    assert baseline is not None
    return (
        f"Morning pain {check_in.morning_pain}/10 and stiffness {check_in.stiffness}/10 "
        f"against your baseline {baseline.morning_pain:g} and {baseline.stiffness:g}"
    )


def _release_waiting(run: EngineRun, check_in: CheckIn) -> None:
    """The morning after a session answers whether its step up may happen."""
    waiting, run.waiting = run.waiting, []
    moment = run.moment
    settled = (
        run.baseline is not None
        and not _above_baseline(run.baseline, check_in)
        and not _locked_at_moment(run, moment)
    )
    for day, item in waiting:
        if (check_in.day - day).days != 1:
            continue  # not the next morning: the item held and keeps its target
        if settled:
            _progress(run, check_in.day, item)


def _refer(run: EngineRun, check_in: CheckIn) -> None:
    signs = " and ".join(check_in.warning_signs)
    _lock_all(
        run,
        check_in.day,
        run.moment,
        "guard.warning-signs",
        f"You reported {signs}. Pause loading and get medical advice before going on; "
        "loading is locked until you answer the red-flag questions again and record a "
        "clearance.",
        f"{signs} reported at a check-in",
        Verdict.REFER,
    )


def _lock_all(
    run: EngineRun,
    day: date,
    stamp: datetime,
    rule: str,
    reason: str,
    event_reason: str,
    verdict: Verdict,
) -> None:
    """A decision that stops all loading, and its lock, keyed so a replay finds it again."""
    source = "source article 2025; red-flag question 10 after Silbernagel 2007 [S/D]"
    _add(
        run,
        Decision(
            day, verdict, "*", SideChoice.BOTH, rule, reason, source, "mobility only until cleared"
        ),
    )
    restriction = Restriction.ALL_LOADING
    run.lock_events.append(
        LockEvent(
            stamp,
            day,
            event_reason,
            source,
            restriction,
            key=_key(run, rule, day, restriction),
            rule=rule,
        )
    )


# --- session logs ----------------------------------------------------------------------------


def _on_log(run: EngineRun, log: SessionLog) -> None:
    gap_days = None if run.last_loaded is None else (log.day - run.last_loaded).days
    run.last_loaded = log.day
    run.last_session = log
    # A new session before the morning after the last one: those items stay where they are.
    run.waiting = [(day, item) for day, item in run.waiting if day == log.day]
    run.painful_in_a_row = run.painful_in_a_row + 1 if log.pain_during > HOLD_MAX_PAIN else 0
    # The session's own alarms first: a session with swelling is judged under its lock.
    _session_alarms(run, log)
    for item in log.items:
        _decide_item(run, log, item, gap_days)
    _maybe_pause(run, log.day)


def _session_alarms(run: EngineRun, log: SessionLog) -> None:
    """Warning signs or pain above 5/10 in a session stop loading and ask for the red-flag
    questions again (source article 2025; they come back whenever pain is logged above 5)."""
    stamp = run.moment
    if log.warning_signs:
        run.waiting.clear()
        signs = " and ".join(log.warning_signs)
        _lock_all(
            run,
            log.day,
            stamp,
            "guard.warning-signs-log",
            f"You reported {signs} in the {log.day.isoformat()} session. Pause loading and get "
            "medical advice; answer the red-flag questions again, then record a clearance.",
            f"{signs} reported with a session",
            Verdict.REFER,
        )
    elif log.pain_during > HOLD_MAX_PAIN:
        run.waiting.clear()
        _lock_all(
            run,
            log.day,
            stamp,
            "guard.rescreen",
            f"Pain {log.pain_during}/10 during the {log.day.isoformat()} session is above "
            "5/10: loading pauses. Answer the red-flag questions again; when they are clear "
            "and the pain has settled, record a clearance to resume.",
            f"pain {log.pain_during}/10 during a session: screening asked again",
            Verdict.PAUSE,
        )


def _decide_item(run: EngineRun, log: SessionLog, item: LoggedItem, gap_days: int | None) -> None:
    day = log.day
    if item.skipped:  # nothing done, nothing to judge: the same target next time
        _add(
            run,
            Decision(
                day,
                Verdict.HOLD,
                item.exercise_id,
                item.side,
                "progress.skipped",
                "Skipped this time: the same target next session.",
                PROGRESSION_SOURCE,
                "same target next time",
            ),
        )
        return
    if log.pain_during > HOLD_MAX_PAIN:
        _regress(
            run,
            day,
            item,
            "guard.pain-above-5",
            f"Pain {log.pain_during}/10 during the session is above 5/10: step back and "
            "re-check tomorrow morning.",
        )
        return
    if gap_days is not None and gap_days >= MISSED_STEP_BACK_DAYS:
        _regress(
            run,
            day,
            item,
            "missed.two-weeks",
            f"{gap_days} days since the last session: start again one step lower. Missed "
            "sessions are not failures.",
        )
        return
    if _rising_weeks(run, day) >= 2:
        _regress(
            run,
            day,
            item,
            "guard.weekly-rise-two-weeks",
            "Morning pain or stiffness has risen two weeks running: step back one step.",
        )
        return
    hold = _hold_reason(run, log, item, gap_days)
    if hold is None and item.exercise_id in run.contact_ids:
        hold = (
            "progress.contacts-by-plan",
            "Plyometric work grows by foot contacts with the plan, never by adding load.",
        )
    if hold is None:
        run.waiting.append((day, item))
        hold = (
            "guard.awaiting-next-morning",
            "Ready to step up; the step waits for tomorrow morning's check-in (pain and "
            "stiffness at your baseline). Until then: the same load.",
        )
    if hold is not None:
        rule, reason = hold
        _add(
            run,
            Decision(
                day,
                Verdict.HOLD,
                item.exercise_id,
                item.side,
                rule,
                reason,
                GUARD_SOURCE if rule.startswith("guard") else PROGRESSION_SOURCE,
                "same load and sets next time",
            ),
        )
        return


def _hold_reason(
    run: EngineRun, log: SessionLog, item: LoggedItem, gap_days: int | None
) -> tuple[str, str] | None:
    if log.warning_signs or _locked_at(run, log):
        return ("safety.loading-lock", "Loading is locked: nothing moves up until a clearance.")
    if _rising_weeks(run, log.day) == 1:
        return (
            "guard.weekly-rise",
            "This week's mornings average more pain or stiffness than "
            "last week's: no progression this week, even after a green session.",
        )
    if log.pain_during > GREEN_MAX_PAIN:
        return (
            "guard.pain-4-5",
            f"Pain {log.pain_during}/10 is in the acceptable zone (4-5): repeat the same load.",
        )
    if gap_days is not None and gap_days >= MISSED_HOLD_DAYS:
        return (
            "missed.one-week",
            f"{gap_days} days since the last session: hold this week. "
            "Missed sessions are not failures.",
        )
    morning = _latest_morning(run, log.day)
    if run.baseline is None:
        return (
            "guard.no-morning-check",
            "Progress needs the next-morning answer (pain and stiffness at your baseline), "
            "and there is no baseline yet: check in each morning.",
        )
    if morning is not None and _above_baseline(run.baseline, morning):
        return ("guard.morning-above-baseline", _morning_words(run.baseline, morning) + ": hold.")
    if item.skipped:
        return ("progress.skipped", "Skipped this time: the same target next session.")
    if not item.reached_top:
        top = item.target_reps_max or item.target_reps
        if top is None:  # a hold or a distance: no repetitions to climb, no load to add
            return (
                "progress.by-plan",
                "A timed or distance drill: it progresses with the plan's stages, not by load.",
            )
        return (
            "progress.double.reps",
            f"Keep the load and add a rep or two per set until every "
            f"set reaches {top}; then the load goes up.",
        )
    return None


def _latest_morning(run: EngineRun, day: date) -> CheckIn | None:
    for offset in range(MORNING_LOOKBACK_DAYS + 1):
        found = run.mornings.get(day - timedelta(days=offset))
        if found is not None:
            return found
    return None


def _locked_at(run: EngineRun, log: SessionLog) -> bool:
    del log  # judged at the moment the engine walks it
    return _locked_at_moment(run, run.moment)


def _locked_at_moment(run: EngineRun, moment: datetime) -> bool:
    # Strictly before: a lock made at this same moment came from this event or one walked
    # after it, and a replay with that lock stored must decide as the first replay did.
    events = [e for e in run.lock_events if e.recorded_at < moment]
    cleared = [c for c in run.clearances if c.recorded_at is not None and c.recorded_at <= moment]
    return loading_lock(events, cleared).locked


def _progress(run: EngineRun, day: date, item: LoggedItem) -> None:
    key = (item.exercise_id, item.side)
    state = run.states.get(key, ItemState())
    load = item.load_kg if item.load_kg is not None else item.target_load_kg
    if load:
        new_load = round(load * (1 + LOAD_STEP_FRACTION), 1)
        if not load < new_load <= load * (1 + LOAD_STEP_MAX_FRACTION):
            # Fix: under about 1 kg a 0.1 kg step is more than 10 % (0.5 → 0.6 kg was +20 %)
            # and rounding can drop a tiny load to 0; there keep the exact 5 % step.
            new_load = load * (1 + LOAD_STEP_FRACTION)
        run.states[key] = state.pushed(load_kg=new_load)
        change = f"load {load:g} kg → {new_load:g} kg"
    else:
        run.states[key] = state.pushed(add_load=True)
        change = (
            "add a light weight (about 2.5-5 % of body weight) and start at the bottom of the range"
        )
    _add(
        run,
        Decision(
            day,
            Verdict.PROGRESS,
            item.exercise_id,
            item.side,
            "progress.double.load",
            "Every set reached the top of the range with pain at most 3/10 and a "
            "settled morning: the load goes up by the smallest step.",
            PROGRESSION_SOURCE,
            change,
        ),
    )


def _regress(run: EngineRun, day: date, item: LoggedItem, rule: str, reason: str) -> None:
    key = (item.exercise_id, item.side)
    state = run.states.get(key, ItemState())
    earlier = state.popped()
    if earlier is not None:
        run.states[key] = earlier
        change = "the last step up is taken back"
    else:
        run.states[key] = replace(state, sets_delta=state.sets_delta - 1)
        change = "one set fewer"
    run.regressions.append(day)
    _add(
        run,
        Decision(
            day, Verdict.REGRESS, item.exercise_id, item.side, rule, reason, GUARD_SOURCE, change
        ),
    )


def _cleared_on(run: EngineRun, moment: datetime) -> date | None:
    """The day of the latest clearance recorded before `moment`, if any."""
    days = [
        c.cleared_on
        for c in run.clearances
        if c.recorded_at is not None and c.recorded_at <= moment
    ]
    return max(days, default=None)


def _maybe_pause(run: EngineRun, day: date) -> None:
    # A clearance starts the count again: what came before it was seen by a clinician.
    moment = run.moment
    cleared = _cleared_on(run, moment)
    recent = [
        d
        for d in run.regressions
        if (day - d).days < PAUSE_WINDOW_DAYS and (cleared is None or d > cleared)
    ]
    distinct = len(set(recent))
    if run.painful_in_a_row >= PAINFUL_SESSIONS_IN_A_ROW:
        rule, why = "guard.three-painful-sessions", "Pain above 5/10 in three sessions in a row"
    elif distinct >= PAUSE_REGRESSIONS:
        rule, why = "guard.two-regressions-in-7-days", "Two step-backs within seven days"
    else:
        return
    if any(
        d.rule == rule
        and (day - d.day).days < PAUSE_WINDOW_DAYS
        and (cleared is None or d.day > cleared)
        for d in run.decisions
    ):
        return  # already paused for this, and not cleared since
    reason = (
        f"{why}: impact and heavy loading pause, and a clinician should look at the "
        "ankle. Record a clearance, naming who saw you, once you have been seen."
    )
    _add(
        run,
        Decision(
            day,
            Verdict.PAUSE,
            "*",
            SideChoice.BOTH,
            rule,
            reason,
            "tendon-load guard after Silbernagel 2007; red-flag question 10 [S/D]",
            "no heavy, plyometric or impact work",
        ),
    )
    stamp = run.moment
    for restriction in (Restriction.HEAVY_AND_PLYOMETRIC, Restriction.IMPACT):
        key = _key(run, rule, day, restriction)
        run.lock_events.append(
            LockEvent(stamp, day, why.lower(), GUARD_SOURCE, restriction, key=key, rule=rule)
        )


def _add(run: EngineRun, decision: Decision) -> None:
    # Set on the new, not yet shared value: cheaper than `replace`, which would run the
    # reason check again for each of the thousands of decisions of a year.
    object.__setattr__(decision, "origin", run.origin)
    if decision.changes_item:
        run.changed[(decision.exercise_id, decision.side)] = run.decided
    run.decided += 1
    run.decisions.append(decision)


def _week_average(run: EngineRun, last_day: date) -> tuple[float, float] | None:
    """Average morning pain and stiffness over the 7 days ending `last_day`; None with
    fewer than MIN_MORNINGS_PER_WEEK check-ins in them (too few to call a trend)."""
    days = [last_day - timedelta(days=offset) for offset in range(7)]
    mornings = [run.mornings[d] for d in days if d in run.mornings]
    if len(mornings) < MIN_MORNINGS_PER_WEEK:
        return None
    count = len(mornings)
    return (
        sum(m.morning_pain for m in mornings) / count,
        sum(m.stiffness for m in mornings) / count,
    )


def _rising_weeks(run: EngineRun, day: date) -> int:
    """How many weeks in a row (0, 1 or 2) the weekly morning average has risen, ending on
    `day` (the guard's weekly check). Asked per item; worked out once per day (mornings
    after `day` do not change it)."""
    if day not in run.rising:
        run.rising[day] = _count_rising(run, day)
    return run.rising[day]


def _count_rising(run: EngineRun, day: date) -> int:
    weeks = [_week_average(run, day - timedelta(days=7 * back)) for back in range(3)]
    rising = 0
    for newer, older in ((weeks[0], weeks[1]), (weeks[1], weeks[2])):
        if newer is None or older is None or not (newer[0] > older[0] or newer[1] > older[1]):
            break
        rising += 1
    return rising
