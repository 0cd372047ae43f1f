"""Service-test fixtures beside the real databases of tests/conftest.py: the in-memory fake of
the storage ports (tests/fakes.py), which tests/storage/test_repository_contract.py holds to
the SQL adapter's behaviour."""

from __future__ import annotations

import pytest

from tests.fakes import FakeDatabase, FakeUnitOfWork


@pytest.fixture
def fake_db() -> FakeDatabase:
    """An empty in-memory database; `fake_db.row_counts()` stands in for
    `tests.helpers.row_counts(engine)`."""
    return FakeDatabase()


@pytest.fixture
def fake_uow(fake_db: FakeDatabase) -> FakeUnitOfWork:
    return fake_db.unit_of_work()
