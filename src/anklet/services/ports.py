"""The ports the services need: repositories, a unit of work and a clock.

Storage implements them on SQLAlchemy; tests may implement them with fakes. Every repository
method is scoped by athlete, so accounts and rosters fit later without a rewrite.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from anklet.domain.assessment import Assessment
    from anklet.domain.athlete import Athlete
    from anklet.domain.program import Plan
    from anklet.domain.safety import Clearance
    from anklet.domain.screening import Screening


class Clock(Protocol):
    def now(self) -> datetime: ...

    def today(self) -> date: ...


class AthleteRepository(Protocol):
    def add(self, athlete: Athlete, *, created_at: datetime) -> Athlete: ...

    def update(self, athlete: Athlete) -> None: ...

    def by_handle(self, handle: str) -> Athlete | None: ...

    def all(self) -> Sequence[Athlete]: ...


class ScreeningRepository(Protocol):
    def add(self, athlete_id: int, screening: Screening) -> Screening: ...

    def for_athlete(self, athlete_id: int) -> Sequence[Screening]: ...


class ClearanceRepository(Protocol):
    def add(self, athlete_id: int, clearance: Clearance) -> Clearance: ...

    def for_athlete(self, athlete_id: int) -> Sequence[Clearance]: ...


class AssessmentRepository(Protocol):
    def add(self, athlete_id: int, assessment: Assessment) -> Assessment: ...

    def for_athlete(self, athlete_id: int) -> Sequence[Assessment]:
        """Oldest first: by date taken, then by the time it was recorded."""
        ...


@dataclass(frozen=True)
class PlanSummary:
    """One stored plan without its sessions: a line of the plan history."""

    id: int
    created_at: datetime
    start: date
    weeks: int
    superseded_at: datetime | None  # None for the current plan


class PlanRepository(Protocol):
    def add(self, athlete_id: int, plan: Plan, *, created_at: datetime) -> int:
        """Store `plan` as the current one and return its id; the previous current plan is
        kept as history, superseded at `created_at`."""
        ...

    def current(self, athlete_id: int) -> Plan | None: ...

    def history(self, athlete_id: int) -> Sequence[PlanSummary]:
        """Every plan, the current one included, oldest first."""
        ...


class UnitOfWork(Protocol):
    """One transaction per use case: nothing is written unless `commit()` is called."""

    # Read-only in the protocol so an adapter may expose its own repository classes.
    @property
    def athletes(self) -> AthleteRepository: ...

    @property
    def screenings(self) -> ScreeningRepository: ...

    @property
    def clearances(self) -> ClearanceRepository: ...

    @property
    def assessments(self) -> AssessmentRepository: ...

    @property
    def plans(self) -> PlanRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...
