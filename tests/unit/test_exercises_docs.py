"""The exercise pages cannot drift from the code: the catalogue page is the render of the data,
and the custom-exercise guide's example loads."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from anklet.importers.catalogue import load_catalogue
from anklet.reports.exercises_doc import render_markdown

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_PAGE = ROOT / "docs" / "exercises.md"
GUIDE = ROOT / "docs" / "custom-exercises.md"


def test_docs_exercises_md_is_the_render_of_the_catalogue() -> None:
    """Regenerate with `python scripts/gen_exercises_doc.py` after changing the data."""
    assert CATALOGUE_PAGE.read_text(encoding="utf-8") == render_markdown(load_catalogue())


def test_the_generator_script_reports_the_page_up_to_date() -> None:
    """`gen_exercises_doc.py --check` is what CI can call; it exits 0 on a fresh page."""
    script = ROOT / "scripts" / "gen_exercises_doc.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True)
    assert result.returncode == 0, result.stderr


def test_the_rendered_page_lists_every_exercise_with_an_anchor() -> None:
    """Every id has its own section that links resolve to."""
    page = render_markdown(load_catalogue())
    for exercise in load_catalogue():
        assert f'<a id="{exercise.id}"></a>' in page


def test_the_custom_exercise_guide_example_loads(tmp_path: Path) -> None:
    """The TOML example in docs/custom-exercises.md is a valid custom catalogue."""
    blocks = re.findall(r"```toml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1
    path = tmp_path / "my-exercises.toml"
    path.write_text(blocks[0], encoding="utf-8")
    catalogue = load_catalogue(path)
    added = catalogue["kettlebell-tibialis-raise"]
    assert added.origin == str(path)
    assert "kettlebell-tibialis-raise" in catalogue["tibialis-raise"].progressions
