"""One way to open each implementation of the storage ports in a test: the in-memory fake
(tests/fakes.py), a fresh SQLite file, or PostgreSQL, as tests/conftest.py's `database_url`
does. The repository contract (tests/storage/test_repository_contract.py) runs on all three;
the service scenarios on the fake (tests/services/test_services_on_the_fake.py) on the fake,
or on the databases named in ANKLET_SCENARIOS_ON."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from anklet.services.ports import UnitOfWork
from anklet.storage.engine import make_engine
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.conftest import empty_postgres
from tests.fakes import FakeDatabase
from tests.helpers import row_counts

KINDS = ("fake", "sqlite", "postgres")


@dataclass(frozen=True)
class Store:
    kind: str
    open: Callable[[], UnitOfWork]  # a new unit of work on the same store
    row_counts: Callable[[], dict[str, int]]  # committed rows per SQL table
    url: str | None = None  # the database of an SQL store (None: the fake)


def fake_store(database: FakeDatabase) -> Store:
    return Store("fake", database.unit_of_work, database.row_counts)


def open_store(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Yield an empty store of `kind`; PostgreSQL is skipped when unreachable (unless
    ANKLET_REQUIRE_POSTGRES=1) and emptied afterwards."""
    if kind == "fake":
        yield fake_store(FakeDatabase())
        return
    if kind == "sqlite":
        path = tmp_path / "anklet.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    elif kind == "postgres":
        url = request.getfixturevalue("postgres_url")
    else:
        raise ValueError(f"unknown store {kind!r}; expected one of {KINDS}")
    engine = make_engine(url)
    try:
        yield _sql_store(kind, engine)
    finally:
        if kind == "postgres":
            empty_postgres(engine)
        engine.dispose()


def _sql_store(kind: str, engine: Engine) -> Store:
    return Store(
        kind,
        lambda: SqlUnitOfWork(engine),
        lambda: row_counts(engine),
        engine.url.render_as_string(hide_password=False),
    )
