"""Use cases for an athlete's data as a whole: export, import and delete.

The document is the storage archive's (one athlete, every row, ids as refs; docs/data.md).
Export reads it in one transaction; import writes it in one, then reads the athlete back
through the repositories and checks every value against the same named ranges as the
commands that wrote them, so a hand-edited file cannot store what a command would refuse; any
error rolls the whole import back. Delete erases every row of the athlete after the handle is
typed again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from anklet.domain.assessment import validate_assessment
from anklet.domain.athlete import check_handle, validate_athlete
from anklet.domain.errors import Action, Conflict, Hint, InvalidValue
from anklet.domain.training_log import validate_check_in, validate_log
from anklet.services.engine import rebuild
from anklet.services.lookup import get_athlete
from anklet.services.ports import UnitOfWork
from anklet.services.situation import contact_ids, read_situation

if TYPE_CHECKING:
    from anklet.domain.assessment import Assessment
    from anklet.domain.athlete import Athlete
    from anklet.domain.exercises import Catalogue
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.services.ports import Clock

__all__ = [
    "Archive",
    "ArchiveUnitOfWork",
    "ClinicalRecord",
    "DeleteOutcome",
    "ImportOutcome",
    "delete_athlete",
    "export_athlete",
    "fhir_record",
    "import_athlete",
]


class Archive(Protocol):
    """One athlete's rows as a document, in the caller's transaction."""

    def dump(self, athlete_id: int) -> dict[str, Any]: ...

    def load(self, document: Mapping[str, Any], *, handle: str, created_at: datetime) -> int:
        """Insert the athlete under `handle` with every row; returns the new athlete id."""
        ...

    def erase(self, athlete_id: int) -> dict[str, int]:
        """Delete the athlete and every row of theirs; rows deleted per table."""
        ...

    def count(self, athlete_id: int) -> dict[str, int]: ...


class ArchiveUnitOfWork(UnitOfWork, Protocol):
    @property
    def archive(self) -> Archive: ...


@dataclass(frozen=True)
class ImportOutcome:
    handle: str
    rows: dict[str, int]  # rows stored per table, the athlete's included


@dataclass(frozen=True)
class DeleteOutcome:
    handle: str
    rows: dict[str, int]  # rows deleted per table, the athlete's included


def export_athlete(*, uow: ArchiveUnitOfWork, handle: str) -> dict[str, Any]:
    """The athlete and every row of theirs as one JSON-ready document."""
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        return uow.archive.dump(athlete_id)


@dataclass(frozen=True)
class ClinicalRecord:
    """What a clinical record takes: the athlete and every assessment, oldest first."""

    athlete: Athlete
    assessments: tuple[Assessment, ...]


def fhir_record(*, uow: UnitOfWork, handle: str) -> ClinicalRecord:
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        return ClinicalRecord(athlete, tuple(uow.assessments.for_athlete(athlete_id)))


def import_athlete(
    *,
    uow: ArchiveUnitOfWork,
    document: Mapping[str, Any],
    clock: Clock,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    handle: str | None = None,
) -> ImportOutcome:
    """Store a document checked against the export's JSON Schema, under its own handle or
    `handle`; a handle that is taken is a Conflict asking for another. All or nothing."""
    chosen = check_handle(handle if handle is not None else str(document["athlete"]["handle"]))
    with uow:
        if uow.athletes.by_handle(chosen) is not None:
            raise Conflict(
                f"the handle {chosen!r} is already taken; import under a new handle",
                action=Hint(Action.NEW_HANDLE, chosen),
            )
        athlete_id = uow.archive.load(document, handle=chosen, created_at=clock.now())
        _check_stored(uow, chosen, athlete_id, clock, catalogue, norm_table)
        # The kept state is derived, not imported: kept for the catalogue the reads use.
        rebuild(uow, athlete_id, today=clock.today(), contact_ids=contact_ids(catalogue))
        rows = uow.archive.count(athlete_id)
        uow.commit()
    return ImportOutcome(chosen, rows)


def _check_stored(
    uow: ArchiveUnitOfWork,
    handle: str,
    athlete_id: int,
    clock: Clock,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> None:
    """Read the imported athlete back as every view does and check it as its commands do."""
    today = clock.today()
    try:
        athlete, _ = get_athlete(uow, handle)
        validate_athlete(athlete, today)
        for index, assessment in enumerate(uow.assessments.for_athlete(athlete_id)):
            _within(f"tables.assessments[{index}]", validate_assessment, assessment, today)
        for index, log in enumerate(uow.session_logs.for_athlete(athlete_id)):
            _within(f"tables.session_logs[{index}]", validate_log, log, today)
        for index, check_in in enumerate(uow.check_ins.for_athlete(athlete_id)):
            _within(f"tables.check_ins[{index}]", validate_check_in, check_in, today)
        read_situation(uow, handle, today=today, catalogue=catalogue, norm_table=norm_table)
    except (ValueError, KeyError) as error:
        # A value the schema lets through but the domain does not know (a session kind, a
        # side, a lock restriction): the file was not written by this Anklet.
        raise InvalidValue("file", str(error)[:80], "values this version of Anklet knows") from None


def _within(where: str, check: Any, value: Any, today: Any) -> None:
    try:
        check(value, today)
    except InvalidValue as error:
        raise InvalidValue(f"{where}.{error.field}", error.value, error.allowed) from None


def delete_athlete(*, uow: ArchiveUnitOfWork, handle: str, confirmation: str) -> DeleteOutcome:
    """Delete the athlete and every row that belongs to them, once the handle is typed again."""
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        if confirmation != handle:
            raise InvalidValue(
                "confirmation", confirmation, f"the handle {handle!r} typed again to delete"
            )
        rows = uow.archive.erase(athlete_id)
        uow.commit()
    return DeleteOutcome(handle, rows)
