"""A run file of any kind Anklet reads (FIT, TCX, GPX) to a checked Run, or a one-line reason.

The format is told by the content, not the name: FIT by its signature, TCX and GPX by their
root element. A file larger than MAX_RUN_FILE_BYTES is refused before it is read whole.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import TracebackType

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


def load_path(path: Path) -> Run:
    """The checked run in the file at `path`, read up to one byte past the limit (enough to
    refuse it as too large); OSError when it cannot be read."""
    with path.open("rb") as handle:
        data = handle.read(MAX_RUN_FILE_BYTES + 1)
    return read_run(data, str(path))


MAX_DECODE_WORKERS = 4


def decode_workers() -> int:
    """Worker processes for decoding a large batch: the cores this process may use, at most
    MAX_DECODE_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DECODE_WORKERS))


class DecodeAhead:
    """Decodes the files of a batch in worker processes, a few files ahead of the one being
    stored, so decoding (the slow part) runs on every core while storing stays in order in
    one process. At most `2 x workers` decoded runs wait at a time: memory stays flat. If a
    worker dies, the file is decoded here instead."""

    def __init__(self, paths: Sequence[Path], workers: int) -> None:
        import multiprocessing

        self._paths = list(paths)
        self._ahead = 2 * workers
        self._futures: dict[int, Future[Run]] = {}
        self._submitted = 0
        # Spawned, not forked: the parent holds database connections and threads.
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))

    def load(self, index: int) -> Run:
        while self._submitted < len(self._paths) and self._submitted <= index + self._ahead:
            try:
                future = self._pool.submit(load_path, self._paths[self._submitted])
            except (BrokenProcessPool, RuntimeError):
                break
            self._futures[self._submitted] = future
            self._submitted += 1
        if index not in self._futures:
            return load_path(self._paths[index])
        try:
            return self._futures.pop(index).result()
        except BrokenProcessPool:
            return load_path(self._paths[index])

    def __enter__(self) -> DecodeAhead:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
