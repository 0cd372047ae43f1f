"""Every citation the product writes names a work of its bibliography: the sources of every
reason the generator makes, every decision the engine makes (and the plan it changes), every
finding, red-flag question and norm, and every catalogue source and note. Each source text
cites at least one work, so each can link to /sources."""

from __future__ import annotations

from datetime import date
from types import ModuleType

import pytest

from anklet.domain import (
    day_plan,
    findings,
    generation,
    ladder,
    plateau,
    prescribing,
    progression,
    sessions,
    stage_gate,
    technique,
)
from anklet.domain.adjustments import adjust_sessions
from anklet.domain.assessment import Assessment, SideResult
from anklet.domain.athlete import Athlete, Sex
from anklet.domain.bibliography import Bibliography
from anklet.domain.evaluation import score_assessment
from anklet.domain.exercises import Catalogue
from anklet.domain.program import SessionKind
from anklet.domain.progression import replay
from anklet.domain.screening import QUESTIONS
from anklet.domain.training_log import SessionLog
from anklet.importers.bibliography import load_bibliography
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from tests.unit.test_plan_generation import done_means
from tests.unit.test_progression_rules import BASELINE, morning
from tests.unit.test_unverified_labels import _done, _histories, _plans, _reasons

MODULES = (
    day_plan, findings, generation, ladder, plateau, prescribing, progression, sessions,
    stage_gate, technique,
)  # fmt: skip


@pytest.fixture(scope="module")
def bibliography() -> Bibliography:
    return load_bibliography()


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _problems(bibliography: Bibliography, sources: set[str]) -> dict[str, object]:
    """Each source that cites no work, or cites one the bibliography does not have."""
    found: dict[str, object] = {}
    for source in sorted(sources):
        unknown = bibliography.unresolved_in(source)
        if unknown or not bibliography.cited_in(source):
            found[source] = unknown or "cites no work"
    return found


def test_every_source_of_every_generated_reason_resolves(
    bibliography: Bibliography, catalogue: Catalogue
) -> None:
    sources = {why.source for plan in _plans(catalogue) for why in _reasons(plan)}
    assert len(sources) > 20
    assert _problems(bibliography, sources) == {}


def test_every_source_of_every_engine_decision_resolves(bibliography: Bibliography) -> None:
    sources = {d.source for result in _histories() for d in result.decisions}
    sources |= {lock.source for result in _histories() for lock in result.lock_events}
    assert sources
    assert _problems(bibliography, sources) == {}


def test_a_plan_the_engine_changed_still_cites_known_works(
    bibliography: Bibliography, catalogue: Catalogue
) -> None:
    _, plan = done_means(catalogue, weeks=8)
    strength = [s for s in plan.sessions if s.kind is SessionKind.STRENGTH]
    first = strength[0]
    green = [_done(item) for item in first.items]
    logs = [
        SessionLog(first.day, first.kind, tuple(green), pain_during=1),
        SessionLog(strength[1].day, first.kind, tuple(green), pain_during=7),
    ]
    mornings = [morning((first.day - plan.start).days + n) for n in range(30)]
    result = replay(logs, mornings, baseline=BASELINE)
    changed = adjust_sessions(plan.sessions, result.states, result.decisions)
    sources = {item.why.source for planned in changed for item in planned.items}
    assert _problems(bibliography, sources) == {}


def test_every_finding_cites_known_works(bibliography: Bibliography) -> None:
    """Restricted, asymmetric, weak and sore ankles; older, younger and unknown-age athletes;
    a first test and a re-test compared with it."""
    sides = [
        SideResult(lunge=5.0, heel_raise_reps=8, pain=7),
        SideResult(lunge=9.5, heel_raise_reps=30, pain=0),
        SideResult(lunge=12.0, heel_raise_reps=26, pain=2),
    ]
    earlier = Assessment(date(2026, 5, 1), left=sides[0], right=sides[1])
    sources = set()
    for birth_year in (None, 1950, 1990, 2010):
        who = Athlete(handle="pat", name="Pat", birth_year=birth_year, sex=Sex.FEMALE)
        for left in sides:
            for right in sides:
                current = Assessment(date(2026, 6, 1), left=left, right=right)
                for before in ([], [earlier]):
                    result = score_assessment(
                        current, athlete=who, earlier=before, norm_table=load_heel_raise_norms()
                    )
                    sources |= {f.source for f in result.findings}
    assert len(sources) > 8
    assert _problems(bibliography, sources) == {}


def test_every_red_flag_question_and_the_norms_cite_known_works(
    bibliography: Bibliography,
) -> None:
    sources = {question.source for question in QUESTIONS}
    sources.add(load_heel_raise_norms().source)
    assert _problems(bibliography, sources) == {}


def test_every_named_source_constant_of_the_domain_resolves(bibliography: Bibliography) -> None:
    """The rule modules keep their sources in named constants (`*_SOURCE`)."""
    sources: set[str] = set()
    for module in MODULES:
        sources |= _constants(module)
    assert len(sources) > 15
    assert _problems(bibliography, sources) == {}


def _constants(module: ModuleType) -> set[str]:
    found: set[str] = set()
    for name, value in vars(module).items():
        if not name.endswith("SOURCE"):
            continue
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, dict):
            found |= {item for item in value.values() if isinstance(item, str)}
    return found


def test_every_catalogue_source_cites_a_known_work(
    bibliography: Bibliography, catalogue: Catalogue
) -> None:
    sources = {source for exercise in catalogue for source in exercise.sources}
    assert _problems(bibliography, sources) == {}


def test_no_catalogue_note_cites_an_unknown_work(
    bibliography: Bibliography, catalogue: Catalogue
) -> None:
    notes = [note for exercise in catalogue for note in exercise.notes]
    notes += [dose.note for exercise in catalogue for dose in exercise.dosing if dose.note]
    assert {
        note: bibliography.unresolved_in(note) for note in notes if bibliography.unresolved_in(note)
    } == {}
