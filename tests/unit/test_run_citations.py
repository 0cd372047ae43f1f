"""Every source the running features cite (the guard, the cadence cue, the squat depth and
the chart captions) is a known work of the bibliography, by author and year."""

from __future__ import annotations

import pytest

from anklet.domain import cadence_cue, running_load, squat_depth
from anklet.importers.bibliography import load_bibliography
from anklet.reports.runs import CAPTIONS

SOURCES = [
    running_load.LONG_RUN_SOURCE,
    running_load.WEEKLY_RISE_SOURCE,
    cadence_cue.CADENCE_SOURCE,
    squat_depth.SQUAT_DEPTH_SOURCE,
]


@pytest.mark.parametrize("text", [*SOURCES, *CAPTIONS.values()])
def test_each_citation_names_a_known_work(text: str) -> None:
    citations = load_bibliography().find_citations(text)
    assert citations or text not in SOURCES, f"no citation in {text!r}"
    unknown = [text[c.start : c.end] for c in citations if c.source is None]
    assert unknown == []


def test_the_captions_speak_of_associations_not_promises() -> None:
    joined = " ".join(CAPTIONS.values()).lower()
    assert "association" in joined and "not" in joined
    for promise in ("will prevent", "will improve", "guarantee"):
        assert promise not in joined
