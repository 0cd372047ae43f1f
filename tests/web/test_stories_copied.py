"""A story played once and copied (tests/stories.py) leaves the database as playing it does:
the same rows, byte for byte as the database returns them, in every table; on PostgreSQL the
same sequences, so the next ids are the same; and the same clock. Checked on both databases
with the two stories the web tests copy: sam through the API (and its FakeClock), rae
through the services."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from anklet.bootstrap import Anklet
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.storage.tables import all_tables
from anklet.web.app import create_app
from tests.conftest import empty_postgres
from tests.helpers import FakeClock
from tests.report_story import play_story
from tests.stories import start_from
from tests.web.conftest import _play_sam


def _everything(engine: Engine) -> dict[str, Any]:
    """Every row as the database gives it back (no column types applied), and on PostgreSQL
    every sequence's state."""
    found: dict[str, Any] = {}
    with engine.connect() as connection:
        for table in all_tables().sorted_tables:
            rows = connection.execute(text(f'SELECT * FROM "{table.name}"')).all()
            found[table.name] = sorted((tuple(row) for row in rows), key=repr)
        if engine.dialect.name == "postgresql":
            found["sequences"] = connection.execute(
                text(
                    "SELECT sequencename, last_value FROM pg_sequences "
                    "WHERE schemaname = current_schema() ORDER BY sequencename"
                )
            ).all()
    return found


def _played_then_copied(
    database_url: str,
    tmp_path: Path,
    sqlite_template: Path,
    story: Callable[[Anklet, TestClient], object],
) -> None:
    name = f"checked-{uuid.uuid4().hex}"  # a story no other test has played
    engine = make_engine(database_url)
    clock = FakeClock()
    anklet = Anklet(
        settings=build_settings(db=database_url, environ={}), engine=engine, clock=clock
    )
    with TestClient(create_app(anklet=anklet)) as client:
        start_from(engine, name, lambda: story(anklet, client), clock=clock)
    played = _everything(engine)
    assert sum(1 for rows in played.values() if rows) >= 8, played  # a story of many tables
    if engine.dialect.name == "sqlite":
        engine.dispose()
        path = tmp_path / "copy.db"
        shutil.copy(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
    else:
        empty_postgres(engine)
    copied_clock = FakeClock()

    def not_again() -> None:
        raise AssertionError("the story was played twice")

    start_from(engine, name, not_again, clock=copied_clock)
    try:
        assert _everything(engine) == played
        assert vars(copied_clock) == vars(clock)
        assert copied_clock.now() == clock.now()
    finally:
        engine.dispose()


def test_sam_through_the_api_copied_is_sam_played(
    database_url: str, tmp_path: Path, sqlite_template: Path
) -> None:
    _played_then_copied(
        database_url, tmp_path, sqlite_template, lambda _anklet, client: _play_sam(client)
    )


def test_rae_through_the_services_copied_is_rae_played(
    database_url: str, tmp_path: Path, sqlite_template: Path
) -> None:
    _played_then_copied(
        database_url, tmp_path, sqlite_template, lambda anklet, _client: play_story(anklet.uow())
    )
