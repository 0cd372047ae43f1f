"""Fixtures of the data tests: the reference data the services read, once per session."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from anklet.domain.exercises import Catalogue
from anklet.domain.norms import HeelRaiseNorms
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(None)


@pytest.fixture(scope="session")
def norm_table() -> HeelRaiseNorms:
    return load_heel_raise_norms()


@pytest.fixture(scope="session")
def exported(
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
    catalogue: Catalogue,
    norm_table: HeelRaiseNorms,
) -> dict[str, Any]:
    """A history with rows in every table (tests.data.histories.rich_history), exported once
    from an SQLite file of its own; tests copy it before changing it."""
    from anklet.services.data_transfer import export_athlete
    from anklet.storage.engine import make_engine
    from anklet.storage.unit_of_work import SqlUnitOfWork
    from tests.data.histories import rich_history

    path = tmp_path_factory.mktemp("exported") / "anklet.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    uow = SqlUnitOfWork(engine)
    handle = rich_history(uow=uow, handle="sam", catalogue=catalogue, norm_table=norm_table)
    document = export_athlete(uow=uow, handle=handle)
    engine.dispose()
    return document
