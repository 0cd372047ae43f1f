"""`anklet export --format json|csv|fhir`, `anklet import`, `anklet athlete delete`,
`anklet backup` and `anklet restore` on a real SQLite file: the files they write are read
back by independent readers (json, zipfile and csv, sqlite3, fhir.resources)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlalchemy import Engine

from anklet.storage.engine import make_engine
from anklet.storage.schema import SCHEMA_HEAD
from tests.cli.conftest import Cli
from tests.helpers import row_counts


def _counts(cli: Cli) -> dict[str, int]:
    engine: Engine = make_engine(f"sqlite:///{cli.db}")
    try:
        return row_counts(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`anklet demo` once; each test works on a copy."""
    path = tmp_path_factory.mktemp("demo") / "anklet.db"
    result = Cli(str(path))("demo", "--handle", "demo")
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Cli]:
    path = tmp_path / "anklet.db"
    # The backup API, not a file copy: the demo's last writes may still be in its WAL file.
    with closing(sqlite3.connect(demo_file)) as source, closing(sqlite3.connect(path)) as copy:
        source.backup(copy)
    yield Cli(str(path))


def test_export_import_under_a_new_handle_and_delete(demo: Cli, tmp_path: Path) -> None:
    cli = demo
    exported = tmp_path / "demo.json"
    result = cli("export", "demo", "--format", "json", "--output", str(exported))
    assert result.exit_code == 0, result.output
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["athlete"]["handle"] == "demo" and document["tables"]["session_logs"]

    taken = cli("import", str(exported))
    assert taken.exit_code == 2
    assert "already taken" in taken.output and "--handle" in taken.output

    imported = cli.json("import", str(exported), "--handle", "demo-copy")
    assert imported["athlete"] == "demo-copy"
    again = tmp_path / "copy.json"
    assert cli("export", "demo-copy", "--format", "json", "--output", str(again)).exit_code == 0
    copy = json.loads(again.read_text(encoding="utf-8"))
    assert copy["tables"] == document["tables"]

    refused = cli("athlete", "delete", "demo-copy")  # no terminal, no --yes
    assert refused.exit_code == 2 and "--yes" in refused.output
    typed_wrong = cli("athlete", "delete", "demo-copy", input="demo\n")
    assert typed_wrong.exit_code == 2
    deleted = cli.json("athlete", "delete", "demo-copy", "--yes")
    assert deleted["deleted"]["athletes"] == 1
    assert cli("athlete", "show", "demo-copy").exit_code == 2


def test_csv_export_is_one_csv_per_table_in_a_zip_and_imports_back(
    demo: Cli, tmp_path: Path
) -> None:
    cli = demo
    zipped = tmp_path / "demo.zip"
    assert cli("export", "demo", "--format", "csv", "--output", str(zipped)).exit_code == 0
    with zipfile.ZipFile(zipped) as archive:
        names = set(archive.namelist())
        logs = list(csv.DictReader(io.StringIO(archive.read("session_logs.csv").decode())))
    assert {"format.csv", "athlete.csv", "session_logs.csv", "logged_items.csv"} <= names
    assert logs and {"ref", "day", "kind", "pain_during"} <= set(logs[0])
    assert cli("import", str(zipped), "--handle", "from-csv").exit_code == 0


def test_refused_imports_exit_2_and_write_nothing(demo: Cli, tmp_path: Path) -> None:
    cli = demo
    exported = tmp_path / "demo.json"
    cli("export", "demo", "--format", "json", "--output", str(exported))
    document = json.loads(exported.read_text(encoding="utf-8"))
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(document | {"version": 99}), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_bytes(exported.read_bytes()[:1000])
    before = _counts(cli)
    for path, words in ((newer, "newer Anklet"), (broken, "JSON"), (tmp_path / "none", "readable")):
        result = cli("import", str(path), "--handle", "other")
        assert result.exit_code == 2, result.output
        assert words in result.output
        assert "Traceback" not in result.output
    assert _counts(cli) == before


def test_fhir_export_validates(demo: Cli, tmp_path: Path) -> None:
    cli = demo
    target = tmp_path / "demo-fhir.json"
    result = cli("export", "demo", "--format", "fhir", "--output", str(target))
    assert result.exit_code == 0, result.output
    parsed = Bundle.model_validate_json(target.read_text(encoding="utf-8"))
    assert parsed.entry is not None and len(parsed.entry) > 1


def test_backup_and_restore(demo: Cli, tmp_path: Path) -> None:
    cli = demo
    snapshot = tmp_path / "snapshot.db"
    result = cli("backup", str(snapshot))
    assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(snapshot)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        assert version == (SCHEMA_HEAD,)
    cli("athlete", "delete", "demo", "--yes")
    assert cli("restore", str(snapshot)).exit_code == 2  # no terminal, no --yes
    restored = cli("restore", str(snapshot), "--yes")
    assert restored.exit_code == 0, restored.output
    assert cli("athlete", "show", "demo").exit_code == 0
    assert cli("backup", cli.db).exit_code == 2  # never over the database itself


def test_backup_of_postgresql_points_at_pg_dump(postgres_url: str, tmp_path: Path) -> None:
    """In a process of its own, as a user runs it (the engine ends with the process)."""
    env = os.environ | {"ANKLET_DATABASE_URL": postgres_url}
    script = shutil.which("anklet", path=str(Path(sys.executable).parent))
    command = [script or "anklet", "backup", str(tmp_path / "x.db")]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "pg_dump" in result.stderr
