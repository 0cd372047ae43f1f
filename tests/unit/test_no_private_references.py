"""The product carries its own references: nothing it ships, documents or tests points at a
private notes file or at a folder outside the repository. The forbidden strings are built from
parts so this file does not match itself."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("science" + ".md", "DESIGN" + ".md", "../" + "shared")
SCANNED = ("src", "tests", "docs", "scripts", "README.md", "CHANGELOG.md")
SKIPPED_PARTS = {"__pycache__", ".egg-info"}


def _files() -> list[Path]:
    found: list[Path] = []
    for name in SCANNED:
        target = ROOT / name
        paths = (
            [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file())
        )
        found += [
            p
            for p in paths
            if p.is_file() and not any(part.endswith(tuple(SKIPPED_PARTS)) for part in p.parts)
        ]
    return found


def _text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None  # an image or another binary file


def test_the_scan_covers_code_data_docs_and_tests() -> None:
    files = {path.relative_to(ROOT).as_posix() for path in _files()}
    assert "README.md" in files and "CHANGELOG.md" in files
    assert "src/anklet/data/bibliography.toml" in files
    assert "docs/evidence.md" in files
    assert any(name.startswith("tests/unit/") for name in files)


@pytest.mark.parametrize("forbidden", FORBIDDEN)
def test_nothing_mentions_a_file_outside_the_repository(forbidden: str) -> None:
    offenders = []
    for path in _files():
        text = _text(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if forbidden in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
