"""What drawing a printed document in a drawing process costs (web.rendering, issue 13):
the progress report's charts (vl-convert) and the handout's and the report's PDF
(WeasyPrint), each drawn in this process and through a Budget (a kept drawing process, as
the server does), the median of N rounds after one warm-up; and the first document of each
way, which starts vl-convert's JavaScript engine (and, through a Budget, the drawing
process).

Usage: python bench/document_process.py [--rounds N]   (from the repository root)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers import TODAY
from tests.report_story import HANDLE, READ, clock_on, play_story

from anklet.importers.bibliography import load_bibliography
from anklet.reports.printing import charts_to_svg, handout_html, html_to_pdf
from anklet.reports.progress_report import ReportVersion, progress_report_document
from anklet.services.reports import handout, progress_report
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.storage.unit_of_work import SqlUnitOfWork
from anklet.web.rendering import Budget, stop_drawers

NOW = clock_on(TODAY)


def _ms(step: Callable[[], Any]) -> float:
    start = time.perf_counter()
    step()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    engine = make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'anklet.db'}")
    ensure_schema(engine)
    play_story(SqlUnitOfWork(engine))
    report = progress_report(uow=SqlUnitOfWork(engine), handle=HANDLE, clock=NOW, **READ)
    document = progress_report_document(
        report, version=ReportVersion.CLINICIAN, bibliography=load_bibliography()
    )
    specs = document["charts"]
    sheet = handout(uow=SqlUnitOfWork(engine), handle=HANDLE, clock=NOW, weeks=(3, 4), **READ)
    page = handout_html(sheet)

    def bounded(function: Callable[[Any], Any], argument: Any) -> Callable[[], Any]:
        return lambda: Budget("bench", 600).run(function, argument)

    steps: dict[str, dict[str, Callable[[], Any]]] = {
        f"charts ({len(specs)})": {
            "here": lambda: charts_to_svg(specs),
            "drawing process": bounded(charts_to_svg, specs),
        },
        "handout PDF": {
            "here": lambda: html_to_pdf(page),
            "drawing process": bounded(html_to_pdf, page),
        },
    }
    first_here = _ms(steps[f"charts ({len(specs)})"]["here"])
    first_drawn = _ms(steps[f"charts ({len(specs)})"]["drawing process"])
    print(
        f"median of {rounds} rounds after a warm-up (Python {sys.version.split()[0]}); the "
        f"first charts of this process: {first_here:.0f} ms, of a new drawing process: "
        f"{first_drawn:.0f} ms"
    )
    print(f"  {'step':<14} {'here':>9} {'drawing process':>16}")
    for name, ways in steps.items():
        medians = []
        for way in ("here", "drawing process"):
            ways[way]()
            medians.append(statistics.median(_ms(ways[way]) for _ in range(rounds)))
        print(f"  {name:<14} {medians[0]:6.0f} ms {medians[1]:13.0f} ms")
    stop_drawers()
    engine.dispose()


if __name__ == "__main__":
    main()
