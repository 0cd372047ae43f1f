"""Migrations never delete and never guess: every earlier revision, populated, upgrades to
the head with every row and every value kept, on SQLite and PostgreSQL; SQLite runs them with
foreign keys off and checks them after; a file database is copied first; a database from a
newer Anklet is refused in one line."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    select,
    text,
)

from anklet.domain.errors import StorageUnavailable
from anklet.storage.archive import DERIVED_TABLES
from anklet.storage.engine import make_engine
from anklet.storage.schema import (
    SCHEMA_HEAD,
    alembic_config,
    current_revision,
    ensure_schema,
    upgrade,
)
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES

ROWS_PER_TABLE = 7
FIRST_DAY = date(2026, 1, 1)


def earlier_revisions() -> list[str]:
    """Every revision before the head, oldest first, read from the migration scripts."""
    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [script.revision for script in scripts.walk_revisions()]
    return sorted(revision for revision in chain if revision != SCHEMA_HEAD)


def _value(table: Table, column: Any, row: int, parents: dict[str, int]) -> object:
    """A value for `column` in row `row`: distinct per row (unique indexes hold), of the
    column's type and length; a foreign key names a parent row that exists."""
    keys = list(column.foreign_keys)
    if keys:
        parent = keys[0].column.table.name
        return row % parents[parent] + 1
    if column.primary_key and isinstance(column.type, Integer) and len(table.primary_key) == 1:
        return row + 1
    kind = column.type
    if isinstance(kind, Boolean):
        return row % 2 == 0
    if isinstance(kind, Integer):
        return row % 30 + 1
    if isinstance(kind, Float):
        return row + 0.25
    if isinstance(kind, DateTime):
        return datetime(2026, 1, 1, 9) + timedelta(hours=row)
    if isinstance(kind, Date):
        return FIRST_DAY + timedelta(days=row)
    length = getattr(kind, "length", None) if isinstance(kind, String) else None
    word = f"{column.name[:3]}{row}"
    return word[:length] if length else f"{word} with some text"


def populate(engine: Engine) -> dict[str, int]:
    """ROWS_PER_TABLE rows in every table of the schema as it is now; the row counts."""
    metadata = MetaData()
    metadata.reflect(engine)
    counts: dict[str, int] = {}
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [
                {c.name: _value(table, c, row, counts) for c in table.columns}
                for row in range(ROWS_PER_TABLE)
            ]
            connection.execute(insert(table), rows)
            counts[table.name] = ROWS_PER_TABLE
    return counts


def snapshot(engine: Engine, columns: dict[str, list[str]]) -> tuple[dict[str, int], str]:
    """Row counts per table and one hash over every value of the given columns."""
    metadata = MetaData()
    metadata.reflect(engine, only=list(columns))
    digest = hashlib.sha256()
    counts = {}
    with engine.connect() as connection:
        for name in sorted(columns):
            table = metadata.tables[name]
            chosen = [table.c[column] for column in columns[name]]
            rows = connection.execute(select(*chosen).order_by(*chosen)).all()
            counts[name] = len(rows)
            for row in rows:
                digest.update(repr([_plain(value) for value in row]).encode())
    return counts, digest.hexdigest()


def _plain(value: object) -> object:
    """The same value read back from either engine (SQLite has no booleans or dates)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def columns_of(engine: Engine) -> dict[str, list[str]]:
    metadata = MetaData()
    metadata.reflect(engine)
    return {
        name: sorted(table.columns.keys())
        for name, table in metadata.tables.items()
        if name != "alembic_version"
    }


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database with no schema at all: a new SQLite file, or a new PostgreSQL
    schema of its own (dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    schema = f"anklet_mig_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # any failure to reach the server
        admin.dispose()
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL unreachable: {error}")
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_URL}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("start", earlier_revisions())
def test_a_populated_database_upgrades_from_every_revision_keeping_every_row(
    empty_url: str, start: str
) -> None:
    engine = make_engine(empty_url)
    upgrade(engine, start)
    populated = populate(engine)
    every = columns_of(engine)
    # The kept state is derived from the rest (storage.archive.DERIVED_TABLES): an upgrade
    # may forget it (0019 does: it was walked under the rules before), never make it up.
    columns = {name: found for name, found in every.items() if name not in DERIVED_TABLES}
    derived = {name: found for name, found in every.items() if name in DERIVED_TABLES}
    before = snapshot(engine, columns)
    derived_before = snapshot(engine, derived)[0]
    assert {**before[0], **derived_before} == populated

    ensure_schema(engine)

    assert current_revision(engine) == SCHEMA_HEAD
    after = snapshot(engine, columns)
    assert after[0] == before[0], "rows lost or added by the upgrade"
    assert after[1] == before[1], "values changed by the upgrade"
    derived_after = snapshot(engine, derived)[0]
    assert all(derived_after[name] in (0, count) for name, count in derived_before.items())
    engine.dispose()


def test_rebuilding_a_parent_table_on_sqlite_keeps_its_children(tmp_path: Path) -> None:
    """0006 rebuilds session_logs (a new foreign key); with foreign keys on, dropping the old
    table would cascade-delete every logged item."""
    engine = make_engine(f"sqlite:///{tmp_path / 'logs.db'}")
    upgrade(engine, "0005")
    populate(engine)
    upgrade(engine, "0006")
    with engine.connect() as connection:
        items = connection.execute(text("SELECT COUNT(*) FROM logged_items")).scalar()
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1  # back on
    assert items == ROWS_PER_TABLE
    engine.dispose()


def test_an_upgrade_that_would_leave_orphans_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "orphans.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0005")
    populate(engine)
    engine.dispose()
    with sqlite3.connect(path) as raw:  # foreign keys are off in a plain connection
        raw.execute("DELETE FROM plans")
    raw.close()
    engine = make_engine(f"sqlite:///{path}")
    with pytest.raises(StorageUnavailable, match=r"pointing at nothing \(in .*plan"):
        upgrade(engine)
    assert current_revision(engine) == "0005"
    engine.dispose()


def test_a_file_database_is_copied_before_it_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "anklet.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0006")
    counts = populate(engine)

    copy = ensure_schema(engine)

    assert copy is not None and copy.parent == tmp_path
    assert copy.name.startswith("anklet.backup-0006-") and copy.suffix == ".db"
    with sqlite3.connect(copy) as raw:  # the copy is the database as it was, read by sqlite3
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0006",)
        assert raw.execute("SELECT COUNT(*) FROM athletes").fetchone() == (counts["athletes"],)
    raw.close()
    assert ensure_schema(engine) is None  # current: no second copy
    assert len(list(tmp_path.glob("anklet.backup-*"))) == 1
    engine.dispose()


def test_a_new_database_is_not_copied(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'anklet.db'}")
    assert ensure_schema(engine) is None
    assert list(tmp_path.glob("*.backup-*")) == []
    engine.dispose()


@pytest.mark.parametrize("found", ["0099", "1234abc"])
def test_a_database_from_a_newer_anklet_is_refused_untouched(
    tmp_path: Path, sqlite_template: Path, found: str
) -> None:
    path = tmp_path / "future.db"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": found})
    with pytest.raises(StorageUnavailable) as refused:
        ensure_schema(engine)
    message = str(refused.value)
    assert "\n" not in message and found in message and SCHEMA_HEAD in message
    assert current_revision(engine) == found
    assert list(tmp_path.glob("*.backup-*")) == []
    engine.dispose()
