"""Use cases of the kept per-athlete state: rebuild it from the history, read the flags.

The state is kept up by every write (services.engine.keep_up); a rebuild is needed only for
a database written by an older Anklet, after an import, or to check that the kept state and
the history agree (`anklet state rebuild`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from anklet.domain.kept_state import KeptState
from anklet.services.engine import rebuild
from anklet.services.lookup import get_athlete

if TYPE_CHECKING:
    from anklet.domain.kept_state import CaseFlags
    from anklet.services.ports import Clock, UnitOfWork

__all__ = ["Rebuilt", "rebuild_state"]


@dataclass(frozen=True)
class Rebuilt:
    handle: str
    decisions: int
    flags: CaseFlags
    # What the rebuild found: "missing" (nothing kept), "stale" (kept for an older history),
    # "different" (kept for this history, yet not what a replay gives), or "agreed".
    before: str


def rebuild_state(
    *,
    uow: UnitOfWork,
    handle: str,
    clock: Clock,
    contact_ids: frozenset[str] | None = None,
) -> Rebuilt:
    """Replay the athlete's whole history and keep the result, in one transaction, with
    the plyometric exercises of the catalogue in use (None: those it was kept with), so
    that reads with that catalogue take the kept state."""
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        fresh = uow.states.fresh(athlete_id)
        before = "missing" if uow.states.get(athlete_id) is None else "stale"
        state = rebuild(uow, athlete_id, today=clock.today(), contact_ids=contact_ids)
        if fresh is not None:
            same = _comparable(fresh) == _comparable(state)
            before = "agreed" if same else "different"
        uow.commit()
    return Rebuilt(handle, state.decision_count, state.flags, before)


def _comparable(state: KeptState) -> KeptState:
    """A kept state without what a replay may order differently (the run's known locks:
    a replay starts with every stored lock, a kept run met them one by one) or date
    differently (the day the flags were worked out)."""
    locks = sorted({e.key: e for e in state.run.lock_events}.values(), key=lambda e: e.key)
    run = dataclasses.replace(state.run, lock_events=locks)
    if run.last_session is None:  # before the first log the plyometric set is never read
        run = dataclasses.replace(run, contact_ids=frozenset())
    flags = dataclasses.replace(state.flags, as_of=state.flags.as_of.min)
    return dataclasses.replace(state, version=0, run=run, flags=flags)
