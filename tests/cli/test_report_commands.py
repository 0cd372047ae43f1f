"""`anklet report handout | progress` (issue 10, points 2-3): every report rendered to PDF and
read back with poppler (pdftotext, pdfinfo) for its words and its page size, on A4 and Letter;
HTML written as one print-ready file; bad options refused with exit code 2 and no file."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from anklet.importers.bibliography import load_bibliography
from anklet.storage.engine import make_engine
from anklet.storage.schema import ensure_schema
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.cli.conftest import Cli
from tests.pdf_reading import assert_paper, pdf_text
from tests.report_story import CATALOGUE, CLEARED_BY, NAME, play_story

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("report-cli") / "anklet.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    play_story(SqlUnitOfWork(engine))
    engine.dispose()
    yield str(path)


@pytest.fixture(scope="module")
def written(story_db: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each report once (rendering is the slow part): the files by name."""
    cli = Cli(story_db)
    folder = tmp_path_factory.mktemp("reports")
    runs = {
        "handout-a4.pdf": ("handout", "rae", "--weeks", "3-4"),
        "handout-letter.pdf": ("handout", "rae", "--weeks", "3,4", "--paper", "letter"),
        "athlete-a4.pdf": ("progress", "rae"),
        "clinician-letter.pdf": ("progress", "rae", "--version", "clinician", "--paper", "Letter"),
        "clinician.html": ("progress", "rae", "--version", "clinician", "--format", "html"),
    }
    files = {}
    for name, args in runs.items():
        target = folder / name
        result = cli("report", *args, "--output", str(target))
        assert result.exit_code == 0, result.output
        assert str(target) in result.output
        files[name] = target
    return files


def test_the_handout_pdf_holds_the_weeks_their_doses_and_the_lock(
    written: dict[str, Path],
) -> None:
    for name, paper in (("handout-a4.pdf", "a4"), ("handout-letter.pdf", "letter")):
        assert_paper(written[name], paper)
        text = pdf_text(written[name])
        assert f"Training handout: {NAME}" in text
        assert "Week 3" in text and "Week 4" in text
        assert "Loading is locked" in text, "the red flag's week says so"
        assert "When to stop" in text
        lunge = CATALOGUE["knee-to-wall-lunge"]
        for words in (lunge.name, lunge.cues[0]):
            assert " ".join(words.split()) in text, words


def test_the_athlete_report_pdf_holds_baseline_now_noise_and_locks(
    written: dict[str, Path],
) -> None:
    assert_paper(written["athlete-a4.pdf"], "a4")
    text = pdf_text(written["athlete-a4.pdf"])
    assert f"Progress report: {NAME}" in text
    for words in (
        "Tests: baseline and now",
        "+2.2 cm",
        "real",
        "within noise",
        "no real-change threshold",
        "limb symmetry index",
        "Pain and mornings",
        "Decisions and why",
        "Red flags, locks and clearances",
        f"clearance by {CLEARED_BY}",
        "Knee-to-wall lunge (cm)",  # a chart, drawn as SVG
    ):
        assert words in text, words
    assert "Raw tables" not in text and "Sources cited" not in text


def test_the_clinician_report_adds_the_raw_tables_and_every_source_cited(
    written: dict[str, Path],
) -> None:
    assert_paper(written["clinician-letter.pdf"], "letter")
    text = pdf_text(written["clinician-letter.pdf"])
    assert "Raw tables" in text and "Morning check-ins" in text
    assert "Sources cited in this report" in text
    powden = load_bibliography().get("powden-2015")
    assert powden is not None
    assert " ".join(powden.title.split()[:6]) in text


def test_html_is_one_print_ready_file(written: dict[str, Path]) -> None:
    html = written["clinician.html"].read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "@page { size: A4; }" in html and "@media print" in html
    assert html.count("<svg") >= 5
    assert "<script" not in html, "a saved file needs no script"
    assert "http://" not in html.replace("http://www.w3.org/", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("handout", "rae", "--format", "docx"), "--format: 'docx' is not allowed"),
        (("handout", "rae", "--paper", "a5"), "--paper: 'a5' is not allowed"),
        (("handout", "rae", "--weeks", "two"), "weeks: 'two' is not allowed"),
        (("handout", "rae", "--weeks", "9"), "weeks: 9 is not allowed"),
        (("progress", "rae", "--version", "coach"), "--version: 'coach' is not allowed"),
        (("progress", "nobody"), "no athlete named 'nobody'"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(
    story_db: str, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    target = tmp_path / "out.pdf"
    result = Cli(story_db)("report", *args, "--output", str(target))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused(story_db: str, tmp_path: Path) -> None:
    result = Cli(story_db)("report", "handout", "rae", "--output", str(tmp_path / "no" / "x.pdf"))
    assert result.exit_code == 2 and "a file in an existing folder" in result.output


def test_simple_commands_never_load_the_pdf_or_chart_libraries(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from anklet.cli.app import app\n"
        f"sys.argv = ['anklet', '--db', {str(tmp_path / 'a.db')!r}, 'athlete', 'list', '--json']\n"
        "try:\n"
        "    app()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stderr.split()
    )
    assert "anklet.cli.reports" in loaded, "the report commands are registered"
    assert {"weasyprint", "vl_convert", "jinja2", "anklet.reports.printing"} & loaded == set()
