"""The installed `anklet` command, run as a user runs it, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from anklet import __version__


def _anklet() -> list[str]:
    script = shutil.which("anklet", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "anklet"]


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_anklet(), *args], env=env, capture_output=True, text=True)


def test_the_entry_point_uses_the_data_folder_by_default(tmp_path: Path) -> None:
    env = os.environ | {"ANKLET_DATA_DIR": str(tmp_path)}
    env.pop("ANKLET_DATABASE_URL", None)
    assert _run("--version", env=env).stdout.strip() == f"anklet {__version__}"
    added = _run("athlete", "add", "sam", "--name", "Sam", "--json", env=env)
    assert added.returncode == 0, added.stderr
    assert (tmp_path / "anklet.db").exists()
    listed = _run("athlete", "list", "--json", env=env)
    assert [a["handle"] for a in json.loads(listed.stdout)] == ["sam"]
    bad = _run("assess", "sam", "--lunge-left", "99", env=env)
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: lunge_left: 99.0")
    assert "Traceback" not in bad.stderr


def test_database_url_from_the_environment_reaches_postgresql(postgres_url: str) -> None:
    env = os.environ | {"ANKLET_DATABASE_URL": postgres_url}
    try:
        assert _run("athlete", "add", "pg-sam", "--name", "Sam", env=env).returncode == 0
        screened = _run("screen", "pg-sam", "--yes", "4", "--json", env=env)
        assert json.loads(screened.stdout)["action"] == "emergency"
        shown = json.loads(_run("athlete", "show", "pg-sam", "--json", env=env).stdout)
        assert shown["locked"] is True
    finally:
        from sqlalchemy import text

        from anklet.storage.engine import make_engine

        engine = make_engine(postgres_url)
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM athletes WHERE handle = 'pg-sam'"))
        engine.dispose()
