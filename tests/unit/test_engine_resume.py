"""The engine kept between writes decides exactly as a replay from the start (issue 14, point 4).

A run walked over the first part of a random history, trimmed to what the rules look back
over, stored as JSON text and read back, then walked over the rest, must give the same
decisions, item states and locks as one replay of the whole history, wherever the history
is cut; locks and clearances recorded after the cut may join the kept run at the cut.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.progression import (
    KEEP_MORNINGS_DAYS,
    EngineRun,
    advance,
    copied,
    last_changing,
    order_key,
    start,
    trimmed,
)
from anklet.domain.stored_form import decode, encode
from anklet.domain.training_log import CheckIn, LoggedItem, SessionLog
from tests.unit.test_progression_invariants import (
    CONTACT_IDS,
    PROPERTY,
    History,
    histories,
)


def _stored(run: EngineRun) -> EngineRun:
    """Through the database column and back: trimmed, JSON text, decoded."""
    text = json.dumps(encode(EngineRun, trimmed(run)))
    found = decode(EngineRun, json.loads(text))
    assert isinstance(found, EngineRun)
    return found


def _events(history: History) -> list[SessionLog | CheckIn]:
    return sorted([*history.check_ins, *history.logs], key=order_key)


def _cuts(events: list[SessionLog | CheckIn]) -> list[int]:
    """Where a history can be cut: between events of strictly increasing order."""
    return [0] + [
        i
        for i in range(1, len(events) + 1)
        if i == len(events) or order_key(events[i - 1]) < order_key(events[i])
    ]


def _split(events: list[SessionLog | CheckIn]) -> tuple[list[SessionLog], list[CheckIn]]:
    logs = [e for e in events if isinstance(e, SessionLog)]
    return logs, [e for e in events if isinstance(e, CheckIn)]


@PROPERTY
@given(history=histories(), data=st.data())
def test_a_kept_run_decides_as_a_replay_from_the_start(
    history: History, data: st.DataObject
) -> None:
    full = history.replay()
    events = _events(history)
    cut = data.draw(st.sampled_from(_cuts(events)), label="cut")
    head, tail = events[:cut], events[cut:]
    run = start(
        baseline=history.baseline,
        lock_events=history.lock_events,
        clearances=history.clearances,
        contact_ids=CONTACT_IDS,
    )
    first, first_locks = advance(run, *_split(head))
    kept = _stored(run)
    second, second_locks = advance(kept, *_split(tail))

    assert (*first, *second) == full.decisions
    assert kept.states == full.states
    assert (*first_locks, *second_locks) == full.lock_events
    # What a read takes from the run instead of the whole history: each item's last change
    # (its position among every decision) and each exercise's latest pain, as walked at once.
    assert kept.decided == len(full.decisions)
    assert {key: full.decisions[n] for key, n in kept.changed.items()} == last_changing(
        full.decisions
    )
    assert kept.done_pain == full.done_pain


@PROPERTY
@given(history=histories(), data=st.data())
def test_locks_and_clearances_recorded_after_the_cut_may_join_at_the_cut(
    history: History, data: st.DataObject
) -> None:
    """As a screening or a clearance recorded now joins the kept run: the events walked
    before it happened cannot see it either way."""
    full = history.replay()
    events = _events(history)
    cut = data.draw(st.sampled_from(_cuts(events)), label="cut")
    head, tail = events[:cut], events[cut:]
    run = start(baseline=history.baseline, contact_ids=CONTACT_IDS)
    advance(run, [], [])  # nothing walked: moment stays at its minimum
    moment = max((order_key(e)[1] for e in head), default=datetime.min)
    early_locks = [e for e in history.lock_events if e.recorded_at <= moment]
    early_clear = [
        c for c in history.clearances if c.recorded_at is not None and c.recorded_at <= moment
    ]
    run.lock_events.extend(early_locks)
    run.clearances.extend(early_clear)
    first, _ = advance(run, *_split(head))
    kept = _stored(run)
    kept.lock_events.extend(e for e in history.lock_events if e not in early_locks)
    kept.clearances.extend(c for c in history.clearances if c not in early_clear)
    second, _ = advance(kept, *_split(tail))

    assert (*first, *second) == full.decisions
    assert kept.states == full.states


def test_the_run_keeps_the_pain_of_the_latest_session_each_exercise_was_done_in() -> None:
    """A skipped exercise was not done: the pain of a session that skipped it says nothing
    of it (the pogo gate reads this, however long ago the session was)."""
    day = date(2026, 3, 2)
    hop = LoggedItem("pogo-hops", SideChoice.BOTH, 2, 20, None, None, None, 2, 20)

    def session(offset: int, pain: int, *, skipped: bool) -> SessionLog:
        done = replace(hop, skipped=skipped)
        at = datetime.combine(day + timedelta(days=offset), datetime.min.time())
        return SessionLog(
            day + timedelta(days=offset), SessionKind.TECHNIQUE, (done,), pain, recorded_at=at
        )

    run = start(baseline=None, contact_ids=frozenset({"pogo-hops"}))
    advance(run, [session(0, 3, skipped=False), session(2, 6, skipped=True)], [])
    assert run.done_pain == {"pogo-hops": 3}
    advance(run, [session(4, 1, skipped=False)], [])
    assert _stored(run).done_pain == {"pogo-hops": 1}


def test_an_event_before_the_last_one_walked_is_refused() -> None:
    day = date(2026, 3, 2)
    run = start(baseline=None)
    advance(run, [], [CheckIn(day=day, morning_pain=0, stiffness=0)])
    with pytest.raises(ValueError, match="2026-03-01"):
        advance(run, [], [CheckIn(day=day - timedelta(days=1), morning_pain=0, stiffness=0)])


def test_trimming_keeps_what_the_rules_read_and_drops_old_mornings() -> None:
    first = date(2026, 1, 1)
    mornings = [
        CheckIn(day=first + timedelta(days=n), morning_pain=0, stiffness=0) for n in range(60)
    ]
    item = LoggedItem("tib-raise", SideChoice.BOTH, 2, 10, 15, None, None, 2, 15)
    old_session = SessionLog(day=first, kind=SessionKind.STRENGTH, items=(item,), pain_during=0)
    run = start(baseline=None)
    advance(run, [old_session], mornings)
    kept = trimmed(run)
    last = mornings[-1].day
    assert min(kept.mornings) == last - timedelta(days=KEEP_MORNINGS_DAYS)
    assert len(run.mornings) == 60  # the run itself is left whole
    # The last loaded session was the first day: every decision since then is kept.
    assert kept.decisions == run.decisions
    assert replace(kept, mornings=run.mornings, rising=run.rising) == run


def test_a_long_chain_of_steps_is_stored_flat_and_read_back_whole() -> None:
    """Each step up keeps the state before it; stored nested, 60 steps would be 2^60 copies."""
    from anklet.domain.progression import ItemState

    def chain(steps: int) -> ItemState:
        state = ItemState()
        for n in range(steps):
            state = state.pushed(load_kg=float(n), sets_delta=n % 2)
        return state

    long = chain(60)
    text = json.dumps(encode(ItemState, long))
    assert len(text) < 61 * len(json.dumps(encode(ItemState, chain(1))))
    back = decode(ItemState, json.loads(text))
    assert back == long
    popped = back.popped()
    assert popped is not None and popped == chain(59)
    assert back != chain(59)


def test_a_run_kept_before_records_had_versions_still_reads() -> None:
    """A state kept by an earlier Anklet has no `version` in its mornings, its last session
    or its baseline: each reads back with the declared default instead of failing."""
    from anklet.domain.training_log import Baseline

    morning = CheckIn(day=date(2026, 6, 2), morning_pain=1, stiffness=2)
    session = SessionLog(day=date(2026, 6, 1), kind=SessionKind.STRENGTH, items=(), pain_during=2)
    run = replace(
        start(baseline=Baseline(1, 2, "set by you on 2026-05-31", version=3)),
        mornings={morning.day: morning},
        last_session=session,
    )
    stored = encode(EngineRun, run)

    def without_versions(value: object) -> object:
        if isinstance(value, dict):
            return {k: without_versions(v) for k, v in value.items() if k != "version"}
        if isinstance(value, list):
            return [without_versions(v) for v in value]
        return value

    old = without_versions(stored)
    assert "version" not in json.dumps(old)
    back = decode(EngineRun, old)
    assert back.mornings == {morning.day: morning} and back.last_session == session
    assert back.baseline == run.baseline and back.baseline.version == 0


@PROPERTY
@given(history=histories(), data=st.data())
def test_a_copied_run_walks_on_as_the_run_and_leaves_it_as_it_was(
    history: History, data: st.DataObject
) -> None:
    """What the store hands out for a run it found by its text (storage.state_repository):
    equal to the run, sharing none of its lists or maps, so walking the copy on decides as
    the run would and leaves the run, which the next write may be handed again, unchanged."""
    events = _events(history)
    cut = data.draw(st.sampled_from(_cuts(events)), label="cut")
    run = start(
        baseline=history.baseline,
        lock_events=history.lock_events,
        clearances=history.clearances,
        contact_ids=CONTACT_IDS,
    )
    advance(run, *_split(events[:cut]))
    kept = _stored(run)
    before = _stored(run)
    copy = copied(kept)
    assert copy == kept
    for name in (f.name for f in fields(EngineRun)):
        value = getattr(kept, name)
        if isinstance(value, (list, dict, set)):
            assert getattr(copy, name) is not value, f"EngineRun.{name} is shared"
    walked, _ = advance(copy, *_split(events[cut:]))
    assert kept == before, "walking the copy changed the run"
    again, _ = advance(copied(kept), *_split(events[cut:]))
    assert again == walked
