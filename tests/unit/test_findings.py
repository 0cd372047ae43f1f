"""Findings a user reads: each names its side and its source and never diagnoses."""

from __future__ import annotations

from datetime import date

from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Sex
from anklet.domain.evaluation import score_assessment
from anklet.importers.norms import load_heel_raise_norms

NORMS = load_heel_raise_norms()


def _score(assessment: Assessment, athlete: Athlete | None = None, earlier=()):  # type: ignore[no-untyped-def]
    return score_assessment(
        assessment,
        athlete=athlete or Athlete(handle="sam", name="Sam"),
        earlier=list(earlier),
        norm_table=NORMS,
    )


def test_restricted_lunge_finding_names_side_band_and_source() -> None:
    score = _score(
        Assessment(
            taken_on=date(2026, 6, 1), left=SideResult(lunge=8.9), right=SideResult(lunge=11)
        )
    )
    codes = {(f.code, f.side.value if f.side else None) for f in score.findings}
    assert ("lunge-restricted", "left") in codes
    assert ("lunge-asymmetry-meaningful", "left") in codes
    restricted = next(f for f in score.findings if f.code == "lunge-restricted")
    assert "8.9 cm" in restricted.message
    assert "not a diagnosis" in restricted.message
    assert "Backman" in restricted.source


def test_athletes_over_60_get_an_age_note_with_the_unverified_label() -> None:
    """McBride 2026: range declines markedly from 60; table not seen [U] (science.md 1.3)."""
    old = Athlete(handle="pat", name="Pat", birth_year=1960, sex=Sex.FEMALE)
    score = _score(Assessment(taken_on=date(2026, 6, 1), left=SideResult(lunge=8.0)), old)
    note = next(f for f in score.findings if f.code == "lunge-age-note")
    assert "unverified" in note.message
    assert "[U]" in note.source


def test_pain_above_five_during_the_test_asks_for_a_new_screening() -> None:
    score = _score(
        Assessment(taken_on=date(2026, 6, 1), right=SideResult(heel_raise_reps=10, pain=6))
    )
    pain = [f for f in score.findings if f.code == "test-pain-high"]
    assert len(pain) == 1
    assert pain[0].side is not None and pain[0].side.value == "right"
    assert "anklet screen" in pain[0].message


def test_change_findings_say_real_or_within_noise() -> None:
    before = Assessment(taken_on=date(2026, 5, 1), left=SideResult(lunge=8.0), rater=Rater.TRAINED)
    after = Assessment(taken_on=date(2026, 6, 1), left=SideResult(lunge=9.2), rater=Rater.TRAINED)
    score = _score(after, earlier=[before])
    assert [f.code for f in score.findings if f.code.startswith("change")] == [
        "change-within-noise"
    ]
