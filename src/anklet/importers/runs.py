"""A run file of any kind Anklet reads (FIT, TCX, GPX) to a checked Run, or a one-line reason.

The format is told by the content, not the name: FIT by its signature, TCX and GPX by their
root element. A file larger than MAX_RUN_FILE_BYTES is refused before it is read whole.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from anklet.domain.errors import InvalidValue
from anklet.domain.runs import Run, UnreadableRun, checked_run

MAX_RUN_FILE_BYTES = 32 * 1024 * 1024  # a 24-hour FIT file with one-second records is ~10 MiB
RUN_SUFFIXES = (".fit", ".tcx", ".gpx")
SNIFF_BYTES = 2048


def read_run(data: bytes, name: str = "") -> Run:
    """The checked run in `data`; UnreadableRun (a reason) when it is not one Anklet stores."""
    from anklet.importers.runs_fit import looks_like_fit, read_fit

    if len(data) > MAX_RUN_FILE_BYTES:
        raise UnreadableRun(f"too large: over {MAX_RUN_FILE_BYTES // (1024 * 1024)} MiB")
    sha256 = hashlib.sha256(data).hexdigest()
    head = data[:SNIFF_BYTES]
    try:
        if looks_like_fit(head):
            run = read_fit(data, sha256=sha256, name=name)
        elif b"<TrainingCenterDatabase" in head:
            from anklet.importers.runs_xml import read_tcx

            run = read_tcx(data, sha256=sha256, name=name)
        elif b"<gpx" in head:
            from anklet.importers.runs_xml import read_gpx

            run = read_gpx(data, sha256=sha256, name=name)
        else:
            raise UnreadableRun("unknown format: not a FIT, TCX or GPX file")
        return checked_run(run)
    except UnreadableRun:
        raise
    except InvalidValue as error:
        if error.field == "sport":
            raise UnreadableRun(f"not a run: {error.value}") from None
        raise UnreadableRun(f"implausible value: {error}") from None


def run_files(paths: list[Path]) -> list[Path]:
    """The files named, folders opened (recursively) for their .fit, .tcx and .gpx files, in
    name order; a name given twice counts once."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    child
                    for child in path.rglob("*")
                    if child.is_file() and child.suffix.lower() in RUN_SUFFIXES
                )
            )
        else:
            found.append(path)
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique)
