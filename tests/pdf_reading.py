"""Reading a PDF back with poppler's own tools (pdftotext, pdfinfo), independent of WeasyPrint
and Chromium that wrote it. Without poppler-utils the tests that need it skip and say why
(`make test` installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

# Points (1/72 inch): A4 is 210 x 297 mm, Letter 8.5 x 11 in.
PAGE_POINTS = {"a4": (595.28, 841.89), "letter": (612.0, 792.0)}


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is missing: `make test` installs poppler-utils")
    return found


def pdf_text(path: Path) -> str:
    """The text of every page, in reading order, with runs of white space made single."""
    out = subprocess.run([_tool("pdftotext"), str(path), "-"], capture_output=True, check=True)
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


def page_sizes(path: Path) -> list[tuple[float, float]]:
    """The size of every page, in points."""
    pages = pdf_pages(path)
    out = subprocess.run(
        [_tool("pdfinfo"), "-f", "1", "-l", str(pages), str(path)],
        capture_output=True,
        check=True,
        text=True,
    )
    found = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out.stdout)
    return [(float(w), float(h)) for w, h in found]


def pdf_pages(path: Path) -> int:
    out = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, check=True, text=True)
    found = re.search(r"^Pages:\s+(\d+)", out.stdout, re.MULTILINE)
    assert found, out.stdout
    return int(found[1])


def assert_paper(path: Path, paper: str) -> None:
    width, height = PAGE_POINTS[paper]
    sizes = page_sizes(path)
    assert sizes, path
    for w, h in sizes:
        assert abs(w - width) < 1 and abs(h - height) < 1, (path, paper, w, h)
