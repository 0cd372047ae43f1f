"""The real Alembic migrations build exactly the schema the code expects, on both engines."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from anklet.domain.athlete import Athlete
from anklet.storage.engine import make_engine
from anklet.storage.schema import (
    SCHEMA_HEAD,
    alembic_config,
    current_revision,
    ensure_schema,
    upgrade,
)
from anklet.storage.tables import all_tables
from anklet.storage.unit_of_work import SqlUnitOfWork


def test_schema_head_constant_is_the_newest_migration() -> None:
    """ensure_schema() compares against SCHEMA_HEAD without importing Alembic; keep them equal."""
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD


def test_migrated_database_matches_the_table_definitions(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, all_tables())
    assert differences == []


def test_migrations_go_down_to_nothing_and_back_up(engine: Engine) -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == SCHEMA_HEAD


def test_a_new_sqlite_file_is_created_and_migrated_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "anklet.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    assert path.exists()
    assert current_revision(engine) == SCHEMA_HEAD
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_on(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_a_current_schema_is_checked_without_importing_alembic(sqlite_template: Path) -> None:
    """Start-up stays cheap: when the schema is current, Alembic is never imported."""
    code = (
        "import sys\n"
        "from anklet.storage.engine import make_engine\n"
        "from anklet.storage.schema import ensure_schema\n"
        f"ensure_schema(make_engine('sqlite:///{sqlite_template}'))\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_work_that_is_not_committed_is_rolled_back(uow: SqlUnitOfWork) -> None:
    with pytest.raises(RuntimeError), uow:
        uow.athletes.add(Athlete(handle="sam", name="Sam"), created_at=datetime(2026, 6, 1))
        raise RuntimeError("the use case failed half-way")
    with uow:
        assert uow.athletes.by_handle("sam") is None


def test_deleting_an_athlete_removes_their_records(uow: SqlUnitOfWork, engine: Engine) -> None:
    """Foreign keys cascade on both engines (SQLite needs PRAGMA foreign_keys)."""
    from anklet.domain.screening import Screening

    with uow:
        athlete = uow.athletes.add(
            Athlete(handle="sam", name="Sam"), created_at=datetime(2026, 6, 1)
        )
        assert athlete.id is not None
        uow.screenings.add(
            athlete.id,
            Screening(
                taken_on=datetime(2026, 6, 1).date(),
                yes=frozenset({1}),
                recorded_at=datetime(2026, 6, 1, 12),
            ),
        )
        uow.commit()
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM athletes"))
        assert connection.execute(text("SELECT COUNT(*) FROM screening_answers")).scalar() == 0


def test_concurrent_writers_on_sqlite_wait_for_each_other_instead_of_failing(
    tmp_path: Path,
) -> None:
    """Two use cases writing at once: the second waits for the first (busy timeout) and both
    land, rather than one failing with "database is locked"."""
    import threading

    path = tmp_path / "busy.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    errors: list[BaseException] = []

    def write(handle: str) -> None:
        try:
            uow = SqlUnitOfWork(engine)
            with uow:
                uow.athletes.by_handle("nobody")  # read first, then write
                uow.athletes.add(
                    Athlete(handle=handle, name=handle), created_at=datetime(2026, 6, 1)
                )
                uow.commit()
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(f"a{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with SqlUnitOfWork(engine) as uow:
        assert len(uow.athletes.all()) == 8
    engine.dispose()
