"""Inputs that used to print a traceback: one line naming what is wrong, exit code 2, nothing
written. Bytes that are not UTF-8 on the command line, a superscript digit, a database URL of
an engine Anklet does not ship, a database from a newer Anklet; and an --output that is not a
regular file is written in place (or refused), never replaced by a rename."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from anklet.storage.engine import make_engine
from anklet.storage.schema import SCHEMA_HEAD
from tests.cli.conftest import Cli


def _anklet() -> list[str]:
    script = shutil.which("anklet", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "anklet"]


def run_bytes(*args: bytes | str) -> subprocess.CompletedProcess[str]:
    """The installed command with raw bytes as arguments, as a shell passes them."""
    argv = [arg if isinstance(arg, bytes) else arg.encode() for arg in args]
    env = os.environ | {"LC_ALL": "C.UTF-8"}
    return subprocess.run(
        [*_anklet(), *argv], capture_output=True, text=True, env=env, errors="replace"
    )


def one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    # A first run on a new file says so first ("note: created a new database ..."): that is
    # a note, not part of the error.
    lines = [line for line in result.stderr.strip().splitlines() if not line.startswith("note: ")]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_a_name_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    added = run_bytes("--db", db, "athlete", "add", "sam", "--name", b"Sam \xff\xfe")
    one_line_error(added, "name", "UTF-8")
    listed = run_bytes("--db", db, "athlete", "list", "--json")
    assert listed.stdout.strip() == "[]"


def test_a_note_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    assert run_bytes("--db", db, "athlete", "add", "sam", "--name", "Sam").returncode == 0
    assert run_bytes("--db", db, "screen", "sam", "--yes", "1").returncode == 0
    cleared = run_bytes("--db", db, "clear", "sam", "--by", "Dr Lee", "--note", b"scan clear \xe9")
    one_line_error(cleared, "note", "UTF-8")
    by = run_bytes("--db", db, "clear", "sam", "--by", b"Dr \xc3", "--note", "fine")
    one_line_error(by, "--by", "UTF-8")


@pytest.mark.parametrize("answer", ["²", "1,²", "٣"])
def test_a_digit_that_is_not_ascii_is_refused(cli: Cli, sam: str, answer: str) -> None:
    result = cli("screen", sam, "--yes", answer)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: --yes: ")
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("mysql://user@host/db", "mysql+mysqldb"),
        ("postgresql+asyncpg://user@host/db", "postgresql+asyncpg"),
        ("oracle://user:secret@host/db", "oracle"),
    ],
)
def test_a_database_anklet_does_not_ship_a_driver_for(url: str, shown: str) -> None:
    result = run_bytes("--db", url, "athlete", "list")
    one_line_error(result, shown, "postgresql://")
    assert "secret" not in result.stderr


def test_a_database_from_a_newer_anklet_is_refused_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "future.db"
    assert run_bytes("--db", str(db), "athlete", "add", "sam", "--name", "Sam").returncode == 0
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    for command in (["athlete", "list"], ["status", "sam"], ["serve", "--port", "8999"]):
        one_line_error(run_bytes("--db", str(db), *command), "0099", SCHEMA_HEAD)


@pytest.fixture
def planned(cli: Cli, sam: str) -> str:
    assert cli("screen", sam, "--none").exit_code == 0
    assert cli("assess", sam, "--lunge-left", "9", "--lunge-right", "10").exit_code == 0
    result = cli("plan", "create", sam)
    assert result.exit_code == 0, result.output
    return sam


def test_session_notes_that_are_not_utf8_are_refused(cli: Cli, planned: str) -> None:
    result = cli("log", planned, "--as-prescribed", "--pain", "1", "--notes", "ok \udcff")
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: notes: ") and "UTF-8" in result.output
    assert cli.json("history", planned, "--days", "92")["logs"] == []


def test_an_export_to_a_named_pipe_writes_into_the_pipe(
    cli: Cli, planned: str, tmp_path: Path
) -> None:
    pipe = tmp_path / "calendar.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    # A daemon: if the pipe were replaced, its open would wait for a writer forever.
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = cli("export", planned, "--output", str(pipe))
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert pipe.is_fifo(), "the pipe was replaced by a regular file"
    assert received and received[0].startswith(b"BEGIN:VCALENDAR")
    assert list(tmp_path.glob(".*partial")) == []


def test_an_export_through_a_link_keeps_the_link(cli: Cli, planned: str, tmp_path: Path) -> None:
    real = tmp_path / "real.ics"
    real.write_text("old")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    result = cli("export", planned, "--output", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert real.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_an_export_to_a_socket_is_refused(cli: Cli, planned: str, tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = cli("export", planned, "--output", str(path))
    assert result.exit_code == 2
    assert "not a socket" in result.output


def _device(path: Path, major: int, minor: int) -> Path:
    """A character device of our own (the system's /dev is never touched): the one the
    issue names, /dev/full, is major 1 minor 7; /dev/null is 1, 3."""
    import stat

    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("making a device node needs root (the defect itself needed root)")
    return path


def test_an_export_to_a_full_device_is_one_line_and_leaves_the_device(
    cli: Cli, planned: str, tmp_path: Path
) -> None:
    """Issue 13, defect 9: `--output /dev/full` replaced the device with a regular file when
    run as root. Written in place: the device refuses, one line, exit 2, the device stays."""
    full = _device(tmp_path / "full", 1, 7)
    result = cli("export", planned, "--output", str(full))
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1 and "No space left on device" in result.stderr
    assert full.is_char_device(), "the device was replaced by a regular file"
    assert list(tmp_path.glob(".*partial")) == []


def test_an_export_to_a_null_device_writes_into_it(cli: Cli, planned: str, tmp_path: Path) -> None:
    null = _device(tmp_path / "null", 1, 3)
    result = cli("export", planned, "--output", str(null))
    assert result.exit_code == 0, result.output
    assert null.is_char_device()
