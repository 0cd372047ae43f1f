"""Files a command writes: where (an existing folder, not a folder itself) and all of it or
none of it. Files a command reads: checked before the database is opened, so a bad one is
refused (exit code 2) with nothing written, not even a new database file."""

from __future__ import annotations

import stat
from pathlib import Path

from anklet.domain.errors import InvalidValue


def output_path(output: str) -> Path:
    """The --output file: in an existing folder, and not a folder itself."""
    target = Path(output).expanduser()
    if not target.parent.is_dir():
        raise InvalidValue("--output", output, "a file in an existing folder")
    if target.is_dir():
        raise InvalidValue("--output", output, "a file name, not a folder")
    return target


def write_whole(target: Path, data: bytes) -> None:
    """All of the file or none of it: a temporary file is renamed into place when complete.

    A path that is not a regular file (/dev/stdout, a named pipe, /dev/full) is written in
    place, never replaced by a rename; a link is followed to the file it names."""
    target = target.resolve()  # a symlink stays a symlink: its file is what gets written
    try:
        mode = target.stat().st_mode if target.exists() else stat.S_IFREG
        if stat.S_ISSOCK(mode):
            raise InvalidValue("--output", str(target), "a file, a device or a pipe, not a socket")
        if not stat.S_ISREG(mode):
            with target.open("wb") as stream:
                stream.write(data)
            return
        partial = target.with_name(f".{target.name}.partial")
        try:
            partial.write_bytes(data)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    except OSError as error:
        raise InvalidValue("--output", str(target), f"a writable file ({error.strerror})") from None


def read_input(path: str, field: str, limit: int) -> bytes:
    """The bytes of a file a command reads, at most `limit`: one byte past it is all that is
    read to refuse it (/dev/zero never fills memory). A missing file, a folder, an unreadable,
    too large or empty file is refused naming `field`, the path and what is allowed."""
    try:
        with Path(path).expanduser().open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise InvalidValue(field, path, f"a readable file ({error.strerror})") from None
    if len(data) > limit:
        raise InvalidValue(field, path, f"a file of at most {limit} bytes")
    if not data:
        raise InvalidValue(field, path, "a file that is not empty")
    return data


SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


def snapshot_path(path: str, field: str = "PATH") -> Path:
    """A snapshot to restore: a readable regular file that begins as an SQLite database does
    (the restore checks the rest: its integrity and its schema revision). A device, a pipe or
    a folder is refused before anything is read from it."""
    source = Path(path).expanduser()
    allowed = "a snapshot made by `anklet backup`"
    try:
        mode = source.stat().st_mode
    except OSError as error:
        raise InvalidValue(field, path, f"{allowed} ({error.strerror})") from None
    if stat.S_ISDIR(mode):
        raise InvalidValue(field, path, f"{allowed}, not a folder")
    if not stat.S_ISREG(mode):
        raise InvalidValue(field, path, f"{allowed}, a regular file (not a device or a pipe)")
    try:
        with source.open("rb") as stream:
            head = stream.read(len(SQLITE_HEADER))
    except OSError as error:
        raise InvalidValue(field, path, f"{allowed} ({error.strerror})") from None
    if not head:
        raise InvalidValue(field, path, f"{allowed}, a file that is not empty")
    if head != SQLITE_HEADER:
        raise InvalidValue(field, path, f"{allowed}: an SQLite database file")
    return source


def batch_paths(paths: list[Path], field: str, allowed: str) -> None:
    """The paths of a batch (each file is then read, or reported, on its own): a device or a
    pipe is refused (it is never one of the files, and opening a pipe can wait for ever),
    and so is a batch where no path named can be opened, as a missing file alone."""
    unreadable: list[InvalidValue] = []
    for path in paths:
        try:
            mode = path.stat().st_mode
            if not stat.S_ISDIR(mode) and not stat.S_ISREG(mode):
                raise InvalidValue(field, str(path), f"{allowed} (not a device or a pipe)")
            if stat.S_ISREG(mode):
                with path.open("rb"):
                    pass
        except OSError as error:
            unreadable.append(InvalidValue(field, str(path), f"{allowed} ({error.strerror})"))
    if unreadable and len(unreadable) == len(paths):
        raise unreadable[0]
