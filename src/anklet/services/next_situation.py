"""The situation after a write of one log or one morning, made from the one read before it
in the same transaction (issue 14, point 4: state kept on write).

A log or a morning changes, of everything a situation reads, only the window's sessions or
mornings, the baseline (the first mornings) and the kept engine run. The write has all of
them at hand, so it works the next situation out from the one it read, and the next read
(the today page just after a log, or the next write) finds it remembered instead of reading
every table again. Where the write could have changed more (a lock it stored, another write
between the read and this one, a session that is not the window's last), nothing is made and
the next read reads as before. A property test compares every situation made here with a
full read of the same history (tests/services/test_kept_state.py, `_made_is_a_read`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from anklet.domain.training_log import LoggedSession
from anklet.services.engine import (
    Baselined,
    Window,
    carried_window,
    contacts_agree,
    kept_window,
)
from anklet.services.situation import (
    RECENT_DECISIONS,
    AthleteSituation,
    assembled,
    contact_ids,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from anklet.domain.exercises import Catalogue
    from anklet.domain.running_load import LoadWarning
    from anklet.domain.training_log import CheckIn, SessionLog
    from anklet.services.engine import KeptUp, ReadBefore
    from anklet.services.ports import UnitOfWork

__all__ = ["after_check_in", "after_log", "before_check_in", "before_log"]


def before_log(before: AthleteSituation, day_logs: Sequence[SessionLog]) -> ReadBefore:
    """What the keep-up of a log's write takes from the read before it (services.engine):
    besides the plan, tests, locks and clearances, the baseline and the mornings (a log
    moves no morning and no explicit baseline), the window's sessions with the log's day as
    it stands now, where it is placed, and that day's sessions with their items
    (`day_logs`: the log's day as stored after the write, in the store's order)."""
    rows = before.rows
    return replace(
        before.read_before(),
        baseline=Baselined(rows.baseline),
        logs=_sessions_with(rows.logs, day_logs, rows.first),
        logs_from=rows.first,
        day_logs=tuple(day_logs),
        check_ins=rows.check_ins,
        running=_running_today(before),
    )


def before_check_in(before: AthleteSituation) -> ReadBefore:
    """The same for a morning's write: the window's sessions, which a morning leaves as
    they were (the baseline it may move is read)."""
    rows = before.rows
    return replace(
        before.read_before(), logs=rows.logs, logs_from=rows.first, running=_running_today(before)
    )


def _running_today(before: AthleteSituation) -> tuple[LoadWarning, ...] | None:
    """Today's running-load warnings, if the view before the write read them (a log or a
    morning changes no run)."""
    known = before.known_running(before.situation.today)
    return known.warnings if known is not None else None


def after_log(
    uow: UnitOfWork,
    before: AthleteSituation,
    kept: KeptUp,
    day_logs: Sequence[SessionLog],
    catalogue: Catalogue,
) -> AthleteSituation | None:
    """The situation once a log (added or replacing that day's session of its kind) is
    committed, `day_logs` its day's sessions as stored then (in the store's order), or None
    when it is not simply the one before with this log."""
    if not _follows(before, kept, catalogue):
        return None
    logs = _sessions_with(before.rows.logs, day_logs, before.rows.first)
    if logs is None:
        return None
    return _made(uow, before, kept, catalogue, logs=logs)


def after_check_in(
    uow: UnitOfWork,
    before: AthleteSituation,
    kept: KeptUp,
    morning: CheckIn,
    catalogue: Catalogue,
) -> AthleteSituation | None:
    """The situation once `morning` (added or replacing that day's) is committed, or None
    when it is not simply the one before with this morning."""
    if not _follows(before, kept, catalogue):
        return None
    rows = before.rows
    mornings = rows.check_ins
    if morning.day >= rows.first:
        others = [c for c in mornings if c.day != morning.day]
        # One morning a day: by day is the order the store reads them in.
        mornings = tuple(sorted([*others, morning], key=lambda c: c.day))
    return _made(uow, before, kept, catalogue, check_ins=mornings)


def _follows(before: AthleteSituation, kept: KeptUp, catalogue: Catalogue) -> bool:
    """This write came straight after the read (no other write between), stored no lock
    (a stored lock is re-read in the order the store gives it), and kept the run a read
    with this catalogue takes (else the read replays)."""
    if not contacts_agree(kept.state.run, contact_ids(catalogue)):
        return False
    return not kept.stored_locks and kept.state.version == before.rows.version + 1


def _sessions_with(
    logs: tuple[LoggedSession, ...], day_logs: Sequence[SessionLog], first: date
) -> tuple[LoggedSession, ...] | None:
    """The window's sessions with the written log's day as `day_logs` has it (that day's
    sessions after the write, in the store's order: by the time recorded, then id, which a
    session without its items does not carry; a log recorded now is not always the day's
    last: a clock that reads the same instant twice or goes back, a replaced log keeping
    its id). Placed only on the window's last day (today's log, the usual write), else
    None."""
    day = day_logs[0].day
    if day < first:
        return logs
    others = [g for g in logs if g.day != day]
    if others and others[-1].day > day:
        return None
    return (*others, *(LoggedSession(s.day, s.kind, s.pain_during) for s in day_logs))


def _made(
    uow: UnitOfWork,
    before: AthleteSituation,
    kept: KeptUp,
    catalogue: Catalogue,
    *,
    logs: tuple[LoggedSession, ...] | None = None,
    check_ins: tuple[CheckIn, ...] | None = None,
) -> AthleteSituation:
    """The rows read before with what the write changed (and the window's decisions carried
    over with those the walk made, or read back where they cannot be), worked out as a read
    would."""
    rows = before.rows
    window = carried_window(
        Window(rows.engine, rows.positions, rows.held), rows.first, kept, RECENT_DECISIONS
    ) or kept_window(uow, before.athlete_id, kept.state, since=rows.first, newest=RECENT_DECISIONS)
    rows = replace(
        rows,
        version=kept.state.version,
        logs=rows.logs if logs is None else logs,
        check_ins=rows.check_ins if check_ins is None else check_ins,
        baseline=kept.baseline,
        engine=window.result,
        positions=window.positions,
        held=window.held,
    )
    s = before.situation
    made = assembled(before.handle, before.athlete_id, s.athlete, rows, s.today)
    made.carry_lived(before)
    return made
