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
    """All of the file or none of it: a temporary file is renamed into place when complete."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidValue("--output", str(target), f"a writable file ({error.strerror})") from None
