"""Delete (issue 10, point 6): an athlete and every row that belongs to them, after the
handle is typed again, on SQLite and PostgreSQL.

"Nothing is left" is checked on every table of the schema, read from the SQLAlchemy metadata,
so a table a later migration adds is checked too: the deleted athlete's history must have had
rows in it (else the test says the story needs one), and after the delete each table holds
exactly the other athlete's rows."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from anklet.domain.errors import InvalidValue, NotFound
from anklet.domain.exercises import Catalogue
from anklet.domain.norms import HeelRaiseNorms
from anklet.reports.archive_file import archive_json
from anklet.services.data_transfer import delete_athlete, export_athlete, import_athlete
from anklet.storage.account_tables import SERVER_TABLES
from anklet.storage.tables import all_tables
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.data.histories import rich_history
from tests.helpers import FakeClock, row_counts


def test_delete_leaves_no_row_of_the_athlete_in_any_table(
    engine: Engine,
    uow: SqlUnitOfWork,
    exported: dict[str, Any],
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> None:
    kept = import_athlete(
        uow=uow,
        document=exported,
        handle="kept",
        clock=FakeClock(),
        catalogue=catalogue,
        norm_table=norm_table,
    )
    kept_export = archive_json(export_athlete(uow=uow, handle=kept.handle))
    only_kept = row_counts(engine)
    rich_history(uow=uow, handle="gone", catalogue=catalogue, norm_table=norm_table, weeks=2)
    both = row_counts(engine)
    tables = {table.name for table in all_tables().sorted_tables}
    assert set(both) == tables
    # The server's tables (accounts, links, notes) have their own erasure test:
    # tests/server/test_erase.py.
    uncovered = sorted(name for name in tables - SERVER_TABLES if both[name] <= only_kept[name])
    assert not uncovered, f"the story writes no row to {uncovered}: add one to rich_history"

    outcome = delete_athlete(uow=uow, handle="gone", confirmation="gone")

    assert row_counts(engine) == only_kept
    assert sum(outcome.rows.values()) == sum(both.values()) - sum(only_kept.values())
    # The other athlete is untouched, row for row.
    assert archive_json(export_athlete(uow=uow, handle="kept")) == kept_export
    with pytest.raises(NotFound):
        export_athlete(uow=uow, handle="gone")


@pytest.mark.parametrize("typed", ["", "Gone ", "kept"])
def test_delete_without_the_handle_typed_again_deletes_nothing(
    engine: Engine,
    uow: SqlUnitOfWork,
    exported: dict[str, Any],
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
    typed: str,
) -> None:
    for handle in ("gone", "kept"):
        import_athlete(
            uow=uow,
            document=exported,
            handle=handle,
            clock=FakeClock(),
            catalogue=catalogue,
            norm_table=norm_table,
        )
    before = row_counts(engine)
    with pytest.raises(InvalidValue) as refused:
        delete_athlete(uow=uow, handle="gone", confirmation=typed)
    assert refused.value.field == "confirmation"
    assert row_counts(engine) == before


def test_deleting_an_unknown_athlete_is_not_found(uow: SqlUnitOfWork) -> None:
    with pytest.raises(NotFound):
        delete_athlete(uow=uow, handle="nobody", confirmation="nobody")


def test_an_athlete_added_after_a_delete_never_sees_the_deleted_ones_cached_situation(
    uow: SqlUnitOfWork, catalogue: Catalogue, norm_table: HeelRaiseNorms
) -> None:
    """SQLite gives the highest id again after it is deleted, and the caches of a running
    app key on (id, history version): the new athlete's versions start elsewhere."""
    from anklet.domain.athlete import Athlete
    from anklet.services.athletes import add_athlete
    from anklet.services.safety import record_screening
    from anklet.services.situation import read_situation

    clock = FakeClock()
    athlete = Athlete(handle="sam", name="Sam")

    def locked_today() -> bool:
        """The situation every page reads (and the running app caches)."""
        with uow:
            found = read_situation(
                uow, "sam", today=clock.today(), catalogue=catalogue, norm_table=norm_table
            )
        return found.situation.lock.locked

    add_athlete(uow=uow, athlete=athlete, clock=clock)
    record_screening(uow=uow, handle="sam", yes=[4], clock=clock)  # an emergency answer
    assert locked_today()
    delete_athlete(uow=uow, handle="sam", confirmation="sam")
    add_athlete(uow=uow, athlete=athlete, clock=clock)
    record_screening(uow=uow, handle="sam", yes=[], clock=clock)
    assert not locked_today()
