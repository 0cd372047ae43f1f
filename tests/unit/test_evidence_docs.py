"""docs/evidence.md cannot drift from the bibliography: the page is the render of the data, and
the generator script reports it up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from anklet.domain.evidence import EVIDENCE_LABELS
from anklet.importers.bibliography import load_bibliography
from anklet.reports.evidence_doc import render_markdown

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "evidence.md"


def test_docs_evidence_md_is_the_render_of_the_bibliography() -> None:
    """Regenerate with `python scripts/gen_evidence_doc.py` after changing the data."""
    assert PAGE.read_text(encoding="utf-8") == render_markdown(load_bibliography())


def test_the_generator_script_reports_the_page_up_to_date() -> None:
    script = ROOT / "scripts" / "gen_evidence_doc.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True)
    assert result.returncode == 0, result.stderr


def test_the_page_anchors_every_source_and_explains_every_label() -> None:
    page = render_markdown(load_bibliography())
    for source in load_bibliography():
        assert f'<a id="{source.id}"></a>' in page
        assert f"](#{source.id})" in page
        assert source.uses in page
    for label in EVIDENCE_LABELS:
        assert label.meaning in page


def test_the_readme_points_at_the_page_and_the_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/evidence.md" in readme and "anklet sources" in readme
