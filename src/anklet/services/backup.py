"""Use cases for the database file: a snapshot while Anklet runs, and a restore that checks
the snapshot's schema version first (a newer one is refused)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from anklet.domain.errors import InvalidValue

__all__ = [
    "BackupOutcome",
    "DatabaseFiles",
    "RestoreOutcome",
    "backup_database",
    "restore_database",
]


class DatabaseFiles(Protocol):
    """The database behind the app as a file (SQLite only)."""

    head: str
    path: Path

    def known(self) -> tuple[str, ...]:
        """Every schema revision this version reads, oldest first."""
        ...

    def snapshot(self, target: Path) -> int: ...

    def revision_of(self, source: Path) -> str | None:
        """The schema revision of a checked snapshot; None when it has none."""
        ...

    def replace_with(self, source: Path, *, keep: Path) -> None: ...

    def upgrade(self) -> None: ...


@dataclass(frozen=True)
class BackupOutcome:
    path: Path
    pages: int
    revision: str


@dataclass(frozen=True)
class RestoreOutcome:
    path: Path
    revision: str  # the snapshot's, before any upgrade
    kept: Path  # the database as it was before the restore


def backup_database(files: DatabaseFiles, target: Path) -> BackupOutcome:
    if not target.parent.is_dir():
        raise InvalidValue("PATH", str(target), "a file in an existing folder")
    if target.is_dir():
        raise InvalidValue("PATH", str(target), "a file name, not a folder")
    if target.resolve() == files.path:
        raise InvalidValue("PATH", str(target), "a file other than the database itself")
    pages = files.snapshot(target)
    return BackupOutcome(target, pages, files.head)


def restore_database(files: DatabaseFiles, source: Path) -> RestoreOutcome:
    if source.resolve() == files.path:
        raise InvalidValue("PATH", str(source), "a snapshot, not the database itself")
    revision = files.revision_of(source)
    known = files.known()
    if revision is None:
        raise InvalidValue("PATH", str(source), "an Anklet snapshot (it has no schema version)")
    if revision not in known:
        newer = revision.isdigit() and int(revision) > int(files.head)
        raise InvalidValue(
            "PATH",
            f"schema {revision}",
            f"schema {files.head} or older: the snapshot was made by a newer Anklet; upgrade "
            "Anklet to restore it"
            if newer
            else f"a schema revision this Anklet knows ({known[0]} to {files.head})",
        )
    kept = files.path.with_name(f"{files.path.name}.before-restore")
    files.replace_with(source, keep=kept)
    if revision != files.head:
        files.upgrade()
    return RestoreOutcome(source, revision, kept)
