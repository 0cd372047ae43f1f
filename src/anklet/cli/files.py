"""Files a command writes: where (an existing folder, not a folder itself) and all of it or
none of it."""

from __future__ import annotations

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
    import stat

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
