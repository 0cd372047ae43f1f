"""Every command that reads a file checks it before the database is opened: a missing file,
a folder, /dev/zero, a file that is not UTF-8 or an empty one is refused with exit code 2 and
one line naming the field, the path and what is allowed, and nothing is written, not even a
new database file. Run on the default database (ANKLET_DATA_DIR), as a user's first command.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from anklet.cli.app import app
from anklet.domain.limits import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES
from anklet.settings import DATABASE_FILE
from anklet.storage.engine import make_engine
from tests.cli.conftest import Cli
from tests.helpers import row_counts

ZERO = "/dev/zero"


class Default:
    """`anklet ...` with no --db: the default database in a data folder of the test's own."""

    def __init__(self, tmp_path: Path) -> None:
        self.data_dir = tmp_path / "data"
        self.database = self.data_dir / DATABASE_FILE
        env = {
            "ANKLET_DATA_DIR": str(self.data_dir),
            "ANKLET_DATABASE_URL": None,
            "ANKLET_CATALOGUE": None,
            "COLUMNS": "80",
        }
        self.runner = CliRunner(env=env)

    def __call__(self, *args: str) -> Result:
        return self.runner.invoke(app, list(args))


@pytest.fixture
def default(tmp_path: Path) -> Default:
    return Default(tmp_path)


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The bad inputs by name, each a path (relative: a message shows a long one cut short)."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    monkeypatch.chdir(folder)
    Path("a-folder").mkdir()
    Path("latin-1.json").write_bytes('{"notes": "caf\xe9"}'.encode("latin-1"))
    Path("empty.json").write_bytes(b"")
    return {
        "missing": "no-such-file.json",
        "folder": "a-folder",
        "dev-zero": ZERO,
        "not-utf-8": "latin-1.json",
        "empty": "empty.json",
    }


# What each refusal says after the field and the path: "<field>: '<path>' is not allowed;
# expected <what is allowed>" (the one shape every refusal has).
LOG: dict[str, str | None] = {
    "missing": "a readable file (No such file or directory)",
    "folder": "a readable file (Is a directory)",
    "dev-zero": f"a file of at most {MAX_FILE_BYTES} bytes",
    "not-utf-8": "a text file in UTF-8",
    "empty": "JSON (line 1: Expecting value)",
}
IMPORT: dict[str, str | None] = {
    "missing": "a readable file (No such file or directory)",
    "folder": "a readable file (Is a directory)",
    "dev-zero": f"a file of at most {MAX_ARCHIVE_BYTES} bytes",
    "not-utf-8": None,  # read, then refused for what it holds: below
    "empty": "a file that is not empty",
}
SNAPSHOT = "a snapshot made by `anklet backup`"
RESTORE: dict[str, str | None] = {
    "missing": f"{SNAPSHOT} (No such file or directory)",
    "folder": f"{SNAPSHOT}, not a folder",
    "dev-zero": f"{SNAPSHOT}, a regular file (not a device or a pipe)",
    "not-utf-8": f"{SNAPSHOT}: an SQLite database file",
    "empty": f"{SNAPSHOT}, a file that is not empty",
}
RUN_FILES = "a FIT, TCX or GPX file, or a folder of them"
IMPORT_RUNS: dict[str, str | None] = {
    "missing": f"{RUN_FILES} (No such file or directory)",
    "dev-zero": f"{RUN_FILES} (not a device or a pipe)",
}

COMMANDS: dict[str, tuple[Callable[[str], list[str]], str, dict[str, str | None]]] = {
    "log": (lambda path: ["log", "sam", "--file", path], "--file", LOG),
    "import": (lambda path: ["import", path], "FILE", IMPORT),
    "restore": (lambda path: ["restore", path, "--yes"], "PATH", RESTORE),
    "import-runs": (lambda path: ["import-runs", "sam", path], "FILES", IMPORT_RUNS),
}
CASES = [
    (command, case)
    for command, (_, _, expected) in COMMANDS.items()
    for case in ("missing", "folder", "dev-zero", "not-utf-8", "empty")
    if case in expected
]


def _refused(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    return result.stderr


@pytest.mark.parametrize(("command", "case"), CASES)
def test_a_bad_file_is_refused_before_the_database_is_made(
    default: Default, inputs: dict[str, str], command: str, case: str
) -> None:
    arguments, field, expected = COMMANDS[command]
    path = inputs[case]
    message = _refused(default(*arguments(path)))
    allowed = expected[case]
    if allowed is None:  # import: the JSON export is refused for what the file holds
        assert message.startswith(f"error: FILE {path}: 'binary data' is not allowed;")
        assert "a JSON export in UTF-8 or a zip of CSV" in message
    else:
        assert message == f"error: {field}: {path!r} is not allowed; expected {allowed}\n"
    assert not default.data_dir.exists(), "no database may be made for a refused file"


def test_import_runs_of_a_folder_without_run_files_makes_no_database(
    default: Default, inputs: dict[str, str]
) -> None:
    message = _refused(default("import-runs", "sam", inputs["folder"]))
    assert f"FILES: {inputs['folder']!r} is not allowed; expected FIT, TCX or GPX files" in message
    assert not default.data_dir.exists()


def test_log_flags_without_pain_make_no_database(default: Default) -> None:
    message = _refused(default("log", "sam", "--as-prescribed"))
    assert "--pain: 'missing' is not allowed; expected pain during the session" in message
    assert not default.data_dir.exists()


def test_restore_without_yes_makes_no_database(default: Default, tmp_path: Path) -> None:
    snapshot = tmp_path / "snapshot.db"
    with closing(sqlite3.connect(snapshot)) as connection:
        connection.execute("CREATE TABLE t (x)")
    message = _refused(default("restore", str(snapshot)))
    assert "confirmation: 'none' is not allowed; expected --yes" in message
    assert not default.data_dir.exists()


def _rows(cli: Cli) -> dict[str, int]:
    engine = make_engine(f"sqlite:///{cli.db}")
    try:
        return row_counts(engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize("case", ["missing", "folder", "dev-zero", "not-utf-8", "empty"])
def test_on_an_existing_database_a_bad_file_writes_no_row(
    cli: Cli, sam: str, inputs: dict[str, str], case: str
) -> None:
    """With the database there (and sam in it), every refusal leaves every table as it was;
    the files import-runs opens are its batch's: one that holds no run is reported, exit 1."""
    before = _rows(cli)
    for command, (arguments, _, expected) in COMMANDS.items():
        result = cli(*arguments(inputs[case]))
        if case in expected or command != "import-runs":
            _refused(result)
        elif case == "folder":
            assert result.exit_code == 2 and "FIT, TCX or GPX files" in result.output
        else:
            assert result.exit_code == 1, result.output
            assert "unknown format" in result.output
    assert _rows(cli) == before


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        ("missing", "file not found"),
        ("folder", "cannot be read ([Errno 21] Is a directory"),
        ("dev-zero", f"larger than {MAX_FILE_BYTES} bytes"),
        ("not-utf-8", "cannot be read ('utf-8' codec can't decode"),
    ],
)
def test_a_bad_catalogue_file_is_refused_after_reading_at_most_its_limit(
    default: Default, inputs: dict[str, str], case: str, problem: str
) -> None:
    """--catalogue (and ANKLET_CATALOGUE) names the file and the problem; /dev/zero is read
    one byte past the limit, never whole. (An empty file is a catalogue adding nothing.)"""
    path = inputs[case]
    message = _refused(default("exercises", "list", "--catalogue", path))
    assert message.startswith(f"error: {path}: {problem}")
    assert not default.data_dir.exists()


@pytest.mark.parametrize(
    "arguments",
    [["restore", "pipe", "--yes"], ["import-runs", "sam", "pipe"]],
    ids=["restore", "import-runs"],
)
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(
    default: Default, inputs: dict[str, str], arguments: list[str]
) -> None:
    """Opening a pipe waits for its writer: these refuse it by its kind, before opening it."""
    os.mkfifo("pipe")
    message = _refused(default(*arguments))
    assert "'pipe' is not allowed" in message and "not a device or a pipe" in message
    assert not default.data_dir.exists()
