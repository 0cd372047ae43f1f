"""The PostgreSQL tests share one migrated schema per worker and empty it after each test
(tests.conftest.empty_postgres, with DELETE rather than TRUNCATE, for speed). The next test
must find what TRUNCATE ... RESTART IDENTITY used to leave: no row in any table, and ids
counted from the start again, so the same writes give the same ids."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select, text

from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.accounts import create_admin
from anklet.storage.engine import make_engine
from anklet.storage.passwords import fast_passwords
from anklet.storage.tables import all_tables
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.conftest import empty_postgres
from tests.data.histories import rich_history
from tests.helpers import FakeClock, row_counts


def _truncate_restart_identity(engine: Engine) -> None:
    """How the schema was emptied before: the reference the faster way is held to."""
    names = ", ".join(table.name for table in reversed(all_tables().sorted_tables))
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _write_a_story(engine: Engine) -> None:
    """Rows in every athlete table (a rich history) and in the account tables (an admin)."""
    uow = SqlUnitOfWork(engine)
    rich_history(
        uow=uow, handle="sam", catalogue=load_catalogue(None), norm_table=load_heel_raise_norms()
    )
    create_admin(
        uow=uow,
        clock=FakeClock(),
        passwords=fast_passwords(),
        email="admin@clinic.test",
        name="Ada Admin",
        password="correct horse battery",
    )


def _ids(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows by their keys: the primary key and the columns pointing at other
    rows (the rest holds salts and the real time of writing, different on each run)."""
    ids: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as connection:
        for table in all_tables().sorted_tables:
            keys = [c for c in table.columns if c.primary_key or c.foreign_keys]
            found = connection.execute(select(*keys)).all()
            ids[table.name] = sorted((tuple(row) for row in found), key=repr)
    return ids


def test_an_emptied_schema_gives_the_ids_a_truncated_one_gives(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        _truncate_restart_identity(engine)
        _write_a_story(engine)
        after_truncate = _ids(engine)
        written = [name for name, rows in after_truncate.items() if rows]
        # The story must reach well past one table for the comparison to mean anything.
        assert len(written) >= 20, written
        assert after_truncate["accounts"] and after_truncate["athletes"]

        empty_postgres(engine)
        assert set(row_counts(engine).values()) == {0}

        _write_a_story(engine)
        assert _ids(engine) == after_truncate
    finally:
        empty_postgres(engine)
        engine.dispose()
