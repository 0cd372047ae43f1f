"""Time to make each printed document from a seeded history (tests/report_story.py: a plan,
three weeks of logs and mornings, two tests, a red flag and a clearance), on an SQLite file.

For each document: the read (the services), the HTML (charts drawn as SVG by vl-convert) and
the PDF (WeasyPrint), the median of N rounds. The first vl-convert call of a process starts
its JavaScript engine; that cost is printed on its own.

Usage: python bench/report_render.py [--rounds N]   (from the repository root)
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers import TODAY
from tests.report_story import HANDLE, READ, clock_on, play_story

from anklet.importers.bibliography import load_bibliography
from anklet.reports.printing import handout_html, html_to_pdf, progress_html
from anklet.reports.progress_report import ReportVersion
from anklet.services.reports import handout, progress_report
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.storage.unit_of_work import SqlUnitOfWork

NOW = clock_on(TODAY)


def one_round(engine: object, name: str) -> tuple[float, float, float, int]:
    """(read ms, html ms, pdf ms, pages) for one document."""
    start = time.perf_counter()
    uow = SqlUnitOfWork(engine)  # type: ignore[arg-type]
    if name == "handout, 2 weeks":
        sheet = handout(uow=uow, handle=HANDLE, clock=NOW, weeks=(3, 4), **READ)
        read = time.perf_counter()
        html = handout_html(sheet)
    else:
        report = progress_report(uow=uow, handle=HANDLE, clock=NOW, **READ)
        read = time.perf_counter()
        version = ReportVersion.CLINICIAN if "clinician" in name else ReportVersion.ATHLETE
        html = progress_html(report, version=version, bibliography=load_bibliography())
    drawn = time.perf_counter()
    pdf = html_to_pdf(html)
    done = time.perf_counter()
    pages = pdf_pages(pdf)
    return (read - start) * 1000, (drawn - read) * 1000, (done - drawn) * 1000, pages


def pdf_pages(pdf: bytes) -> int:
    """Pages, as poppler's pdfinfo reads them (0 without poppler-utils)."""
    tool = shutil.which("pdfinfo")
    if tool is None:
        return 0
    out = subprocess.run([tool, "-"], input=pdf, capture_output=True, check=True).stdout
    found = re.search(rb"^Pages:\s+(\d+)", out, re.MULTILINE)
    return int(found[1]) if found else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    engine = make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'anklet.db'}")
    ensure_schema(engine)
    play_story(SqlUnitOfWork(engine))
    _, first_html, _, _ = one_round(engine, "progress, athlete")
    print(
        f"median of {rounds} rounds (Python {sys.version.split()[0]}); the first HTML of a "
        f"process with charts: {first_html:.0f} ms"
    )
    print(f"  {'document':<22} {'read':>8} {'html':>8} {'pdf':>8}  pages")
    for name in ("handout, 2 weeks", "progress, athlete", "progress, clinician"):
        runs = [one_round(engine, name) for _ in range(rounds)]
        read, html, pdf = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"  {name:<22} {read:6.0f} ms {html:6.0f} ms {pdf:6.0f} ms  {runs[-1][3]:>5}")
    engine.dispose()


if __name__ == "__main__":
    main()
