"""Shared fixtures: real databases (an SQLite file and PostgreSQL), migrated by the real
Alembic migrations, and a clock the tests control."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.storage.tables import all_tables
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import FakeClock

POSTGRES_URL = os.environ.get(
    "ANKLET_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("ANKLET_REQUIRE_POSTGRES") == "1"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file; each test gets a copy (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A private schema in the test database, migrated once, dropped at the end."""
    schema = f"anklet_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # any failure to reach the server
        admin.dispose()
        message = f"PostgreSQL unreachable at {POSTGRES_URL}: {type(error).__name__}"
        if REQUIRE_POSTGRES:
            pytest.fail(f"{message} (ANKLET_REQUIRE_POSTGRES=1)")
        pytest.skip(message)
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    ensure_schema(engine)
    engine.dispose()
    yield url
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def empty_postgres(engine: Engine) -> None:
    """Every table of the test schema emptied and every sequence set back to its start, as
    `TRUNCATE ... RESTART IDENTITY` leaves them. DELETE, child tables first, because TRUNCATE
    makes new files for all 34 tables: about 220 ms a time against 20 ms for the DELETEs
    on the few rows a test writes, and every PostgreSQL test empties the schema once
    (docs/performance.md, "The test suite")."""
    deletes = "; ".join(
        f'DELETE FROM "{table.name}"' for table in reversed(all_tables().sorted_tables)
    )
    with engine.begin() as connection:
        connection.exec_driver_sql(deletes)
        connection.execute(
            text(
                "SELECT setval(format('%I.%I', schemaname, sequencename), start_value, false) "
                "FROM pg_sequences WHERE schemaname = current_schema()"
            )
        )


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[str]:
    """The URL of an empty, migrated database: a fresh SQLite file, or PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "anklet.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    engine = make_engine(url)
    empty_postgres(engine)
    engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine: Engine) -> SqlUnitOfWork:
    return SqlUnitOfWork(engine)
