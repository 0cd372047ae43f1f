"""ANKLET_SQLITE_BUSY_TIMEOUT_MS: how long a write waits on SQLite for another write, a stated
range in milliseconds; a bad value is refused in one line (exit code 2) before any database
is opened, and the value chosen is the one the app's engine waits."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from anklet.bootstrap import open_anklet
from anklet.cli.app import app
from anklet.domain.errors import InvalidValue
from anklet.settings import (
    BUSY_TIMEOUT_ENV,
    SQLITE_BUSY_TIMEOUT_RANGE_MS,
    Settings,
    build_settings,
)
from anklet.storage.engine import SQLITE_BUSY_TIMEOUT_MS, writer_queue

LOW, HIGH = SQLITE_BUSY_TIMEOUT_RANGE_MS


def test_the_default_is_the_engines_five_seconds() -> None:
    assert Settings.sqlite_busy_timeout_ms == SQLITE_BUSY_TIMEOUT_MS == 5000
    assert build_settings(db="x.db", environ={}).sqlite_busy_timeout_ms == 5000
    assert build_settings(db="x.db", environ={BUSY_TIMEOUT_ENV: " "}).sqlite_busy_timeout_ms == 5000


@pytest.mark.parametrize("value", [str(LOW), "250", f" {HIGH} "])
def test_a_value_in_range_is_taken(value: str) -> None:
    settings = build_settings(db="x.db", environ={BUSY_TIMEOUT_ENV: value})
    assert settings.sqlite_busy_timeout_ms == int(value)


@pytest.mark.parametrize("value", ["0", "-5", str(HIGH + 1), "1.5", "5s", "abc", "nan"])
def test_a_value_out_of_range_names_the_setting_the_value_and_the_range(value: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        build_settings(db="x.db", environ={BUSY_TIMEOUT_ENV: value})
    assert str(refused.value) == (
        f"{BUSY_TIMEOUT_ENV}: {value!r} is not allowed; expected a whole number of "
        f"milliseconds, {LOW} to {HIGH}"
    )


def test_the_command_line_refuses_a_bad_value_before_opening_the_database(
    tmp_path: Path,
) -> None:
    database = tmp_path / "anklet.db"
    runner = CliRunner(env={BUSY_TIMEOUT_ENV: "soon"})
    result = runner.invoke(app, ["--db", str(database), "athlete", "list"])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"error: {BUSY_TIMEOUT_ENV}: 'soon' is not allowed; expected a whole number of "
        f"milliseconds, {LOW} to {HIGH}\n"
    )
    assert not database.exists()


def test_the_apps_engine_waits_the_value_chosen(tmp_path: Path) -> None:
    """In this process's queue of writers and in SQLite's own busy handler."""
    settings = build_settings(db=str(tmp_path / "anklet.db"), environ={BUSY_TIMEOUT_ENV: "250"})
    anklet = open_anklet(settings=settings)
    try:
        queue = writer_queue(anklet.engine)
        assert queue is not None and queue.timeout_ms == 250
        with anklet.engine.connect() as connection:
            assert connection.execute(text("PRAGMA busy_timeout")).scalar_one() == 250
    finally:
        anklet.engine.dispose()
