"""The built-in exercise catalogue read as a specification (issue 3; the bibliography).

Coverage of the source article, the graph properties over the whole catalogue, the dosing and
gates the evidence asks for, and the gate evaluation the plan generator will rely on.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
from pathlib import Path

import pytest

from anklet.domain.exercise_gates import cautions
from anklet.domain.exercise_graph import (
    LADDER_TARGETS,
    dangling_links,
    inverse_mismatches,
    ladder_path,
    progression_cycle,
    stage_order_problems,
)
from anklet.domain.exercises import (
    Catalogue,
    Category,
    ContraindicationKind,
    Exercise,
    GateMetric,
    Knee,
    Stage,
    Target,
    plyometric_ids,
)
from anklet.importers.bibliography import load_bibliography
from anklet.importers.catalogue import load_catalogue

# The source article is not part of the repository: give its text file in
# ANKLET_SOURCE_ARTICLE to run the copy check, which is skipped otherwise.
ARTICLE_TEXT = os.environ.get("ANKLET_SOURCE_ARTICLE", "")
ARTICLE = Path(ARTICLE_TEXT) if ARTICLE_TEXT else None
BIBLIOGRAPHY = load_bibliography()

# Every exercise and drill the source article names, each with the entry that implements it.
ARTICLE_EXERCISES = {
    "joint distractions": "joint-distraction",
    "kneeling ankle rocks": "kneeling-ankle-rock",
    "ankle hinges": "ankle-hinge",
    "soft-tissue work on calves": "calf-soft-tissue",
    "soft-tissue work on shins": "shin-soft-tissue",
    "seated banded dorsiflexion presses": "seated-banded-dorsiflexion-press",
    "standing dorsiflexion with the heel anchored": "standing-dorsiflexion-heel-anchored",
    "band dorsiflexion": "banded-dorsiflexion",
    "cable dorsiflexion": "cable-dorsiflexion",
    "heel raises with controlled tempo and full range": "tempo-heel-raise",
    "eccentric heel drops": "eccentric-heel-drop",
    "single-leg calf raises with the heel elevated on a block": "elevated-single-leg-calf-raise",
    "tempo variations: slow lower, fast lift": "tempo-variation-calf-raise",
    "calf raises on a wobble board": "wobble-board-calf-raise",
    "tempo squats with knee tracking": "tempo-squat-knee-tracking",
    "box squats for depth": "box-squat-depth",
    "deeper and varied-tempo squats": "deep-varied-tempo-squat",
    "ankle circles": "ankle-circles",
    "strides with a forefoot or midfoot landing": "forefoot-strides",
    "heel-to-toe stepping": "heel-to-toe-stepping",
    "pogo hops": "pogo-hop",
    "resisted dorsiflexion marches": "resisted-dorsiflexion-march",
}

# What the article's muscle list and the cited studies add (issue 3, point 3).
SCIENCE_ADDITIONS = {
    "bent-knee soleus raises": "bent-knee-soleus-raise",
    "isometric calf holds": "isometric-calf-hold",
    "HSR calf raise, straight knee": "hsr-straight-knee-calf-raise",
    "HSR calf raise, bent knee": "hsr-bent-knee-calf-raise",
    "tibialis raises": "tibialis-raise",
    "peroneal eversion work": "banded-eversion",
    "foot-intrinsic work": "short-foot",
    "single-leg balance": "single-leg-balance",
    "double-leg pogo": "pogo-hop",
    "single-leg hops": "single-leg-hop",
    "knee-to-wall lunge test": "knee-to-wall-lunge",
    "paced single-leg heel raise test": "paced-single-leg-heel-raise",
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_the_catalogue_holds_at_least_30_exercises(catalogue: Catalogue) -> None:
    """Done means `anklet exercises list` shows at least 30 exercises."""
    assert len(catalogue) >= 30


@pytest.mark.parametrize(("named", "exercise_id"), sorted(ARTICLE_EXERCISES.items()))
def test_every_exercise_the_article_names_has_its_own_entry(
    catalogue: Catalogue, named: str, exercise_id: str
) -> None:
    """Each exercise or drill of the source article is a catalogue entry of its own."""
    assert exercise_id in catalogue, f"the article's {named!r} is missing"


def test_no_two_article_exercises_share_an_entry() -> None:
    """'Each as its own entry': the mapping above is one to one."""
    assert len(set(ARTICLE_EXERCISES.values())) == len(ARTICLE_EXERCISES)


@pytest.mark.parametrize(("named", "exercise_id"), sorted(SCIENCE_ADDITIONS.items()))
def test_the_muscle_list_and_science_additions_are_present(
    catalogue: Catalogue, named: str, exercise_id: str
) -> None:
    """Soleus, isometric, HSR, tibialis, peroneal, intrinsic, balance, hops and both tests."""
    assert exercise_id in catalogue, f"{named!r} is missing"


def test_single_leg_hops_follow_double_leg_pogos(catalogue: Catalogue) -> None:
    """Double-leg pogos come before single-leg hops (sportsrehab.physio n.d. ladder)."""
    assert "single-leg-hop" in catalogue["pogo-hop"].progressions
    assert catalogue["single-leg-hop"].regressions == ("pogo-hop",)


@pytest.mark.parametrize("exercise_id", ["knee-to-wall-lunge", "paced-single-leg-heel-raise"])
def test_the_two_tests_are_test_entries_with_full_instructions(
    catalogue: Catalogue, exercise_id: str
) -> None:
    """The lunge and heel-raise tests are `test` entries with step-by-step protocols."""
    test = catalogue[exercise_id]
    assert test.category is Category.TEST
    assert len(test.instructions) >= 6
    assert test.per_side


def test_the_heel_raise_test_follows_the_fixed_protocol(catalogue: Catalogue) -> None:
    """60 bpm, knee straight, fingertip support, stop rules, 2 min between legs (Green 2024)."""
    test = catalogue["paced-single-leg-heel-raise"]
    text = " ".join(test.instructions)
    for needed in ("60 beats per minute", "knee straight", "fingertips", "10-degree", "2 minutes"):
        assert needed in text
    assert test.knee is Knee.STRAIGHT


def test_every_category_and_target_is_used(catalogue: Catalogue) -> None:
    """The catalogue covers all eight categories and all six targets of the issue."""
    assert {e.category for e in catalogue} == set(Category)
    assert {t for e in catalogue for t in e.targets} == set(Target)


def test_no_progression_or_regression_points_to_a_missing_exercise(catalogue: Catalogue) -> None:
    """The graph has no dangling ids."""
    assert dangling_links(catalogue) == []


def test_progressions_never_form_a_cycle(catalogue: Catalogue) -> None:
    """Walking 'harder' can never lead back to where it started."""
    assert progression_cycle(catalogue) is None


def test_every_regression_is_the_inverse_of_a_progression(catalogue: Catalogue) -> None:
    """B in A.regressions exactly when A in B.progressions."""
    assert inverse_mismatches(catalogue) == []


def test_a_progression_never_steps_down_the_stage_ladder(catalogue: Catalogue) -> None:
    """A harder step is at the same or a higher stage."""
    assert stage_order_problems(catalogue) == []


@pytest.mark.parametrize("target", LADDER_TARGETS)
def test_dorsiflexion_and_plantarflexion_each_lead_from_stage_1_to_stage_4(
    catalogue: Catalogue, target: Target
) -> None:
    """A path of progressions, all training the quality, from range of motion to reactive."""
    path = ladder_path(catalogue, target)
    assert path is not None
    assert catalogue[path[0]].stage is Stage.RANGE_OF_MOTION
    assert catalogue[path[-1]].stage is Stage.REACTIVE
    assert all(target in catalogue[step].targets for step in path)
    assert all(b in catalogue[a].progressions for a, b in itertools.pairwise(path))


def test_every_training_step_is_linked_into_the_graph(catalogue: Catalogue) -> None:
    """Only tests and soft-tissue work stand apart; every other entry has a neighbour."""
    alone = [
        e.id
        for e in catalogue
        if e.category not in {Category.TEST, Category.SOFT_TISSUE}
        and not (e.regressions or e.progressions)
    ]
    assert alone == []


def test_every_entry_has_three_to_five_cues_faults_and_sources(catalogue: Catalogue) -> None:
    """3-5 short cues, at least one common fault, and sources that cite the bibliography."""
    for e in catalogue:
        assert 3 <= len(e.cues) <= 5, e.id
        assert all(len(cue) <= 100 for cue in e.cues), e.id
        assert e.faults, e.id
        assert e.sources, e.id
        for source in e.sources:
            assert BIBLIOGRAPHY.cited_in(source), (e.id, source)
            assert BIBLIOGRAPHY.unresolved_in(source) == (), (e.id, source)


def test_every_entry_is_stopped_by_the_loading_lock_and_by_pain_above_5(
    catalogue: Catalogue,
) -> None:
    """A red-flag lock stops everything; pain above 5/10 is the Silbernagel ceiling (3.1)."""
    for e in catalogue:
        kinds = {c.kind: c for c in e.contraindications}
        assert ContraindicationKind.LOADING_LOCK in kinds, e.id
        assert kinds[ContraindicationKind.PAIN_ABOVE].threshold == 5, e.id


def test_every_stage_above_one_asks_for_low_recent_pain_before_entry(
    catalogue: Catalogue,
) -> None:
    """Progress only in the green zone, pain at most 3/10 (isometrics tolerate 5: 3.4, 3.5)."""
    for e in catalogue:
        if e.stage is Stage.RANGE_OF_MOTION or e.category is Category.TEST:
            continue
        ceilings = [g.threshold for g in e.gates if g.metric is GateMetric.RECENT_PAIN]
        expected = 5 if e.id == "isometric-calf-hold" else 3
        assert ceilings == [expected], e.id


def _gates(exercise: Exercise) -> dict[GateMetric, float]:
    return {gate.metric: gate.threshold for gate in exercise.gates}


POGO_GATE = {
    GateMetric.HEEL_RAISE_REPS: 20,
    GateMetric.HEEL_RAISE_LSI_PCT: 90,
    GateMetric.SINGLE_LEG_STANCE_S: 30,
    GateMetric.GREEN_DAYS: 7,
    GateMetric.RECENT_PAIN: 3,
}


@pytest.mark.parametrize("exercise_id", ["pogo-hop", "forefoot-strides"])
def test_double_leg_pogos_and_strides_sit_behind_the_pogo_gate(
    catalogue: Catalogue, exercise_id: str
) -> None:
    """Paced heel raise >= 20 each side, LSI >= 90 %, 30 s stance, 7 green days, pain <= 3."""
    assert _gates(catalogue[exercise_id]) == POGO_GATE


def test_single_leg_hops_need_25_heel_raises_and_painless_pogos(catalogue: Catalogue) -> None:
    """Single-leg hopping: >= 25 reps per side and double-leg pogo pain <= 2/10 (5.1)."""
    assert _gates(catalogue["single-leg-hop"]) == {
        **POGO_GATE,
        GateMetric.HEEL_RAISE_REPS: 25,
        GateMetric.POGO_PAIN: 2,
    }


def test_plyometrics_start_with_a_small_weekly_volume(catalogue: Catalogue) -> None:
    """Week 1 at 60-80 foot contacts in total, once a week; never daily (5.2)."""
    for exercise_id in ("pogo-hop", "single-leg-hop"):
        exercise = catalogue[exercise_id]
        dose = exercise.dosing[0]
        assert dose.sessions_per_week == 1
        assert dose.reps is not None
        sides = 2 if exercise.per_side else 1
        assert 60 <= dose.sets * dose.reps * sides <= 80


@pytest.mark.parametrize(
    "exercise_id", ["hsr-straight-knee-calf-raise", "hsr-bent-knee-calf-raise"]
)
def test_hsr_follows_the_beyer_block(catalogue: Catalogue, exercise_id: str) -> None:
    """3x/week, 3 s/3 s, 15 -> 12 -> 10 -> 8 -> 6RM over 12 weeks (Beyer 2015)."""
    dose = catalogue[exercise_id].dosing[0]
    assert (dose.tempo, dose.sessions_per_week) == ("3-0-3", 3)
    ladder = [(s.first_week, s.last_week, s.sets, s.reps) for s in dose.weeks]
    assert ladder == [(1, 1, 3, 15), (2, 3, 3, 12), (4, 5, 4, 10), (6, 8, 4, 8), (9, 12, 4, 6)]


def test_hsr_has_a_straight_and_a_bent_knee_variant(catalogue: Catalogue) -> None:
    """Straight-knee and bent-knee variants, as in the trial."""
    assert catalogue["hsr-straight-knee-calf-raise"].knee is Knee.STRAIGHT
    assert catalogue["hsr-bent-knee-calf-raise"].knee is Knee.BENT


def test_eccentric_heel_drops_follow_alfredson(catalogue: Catalogue) -> None:
    """3 x 15, straight and bent knee, up to twice a day (Alfredson 1998)."""
    drop = catalogue["eccentric-heel-drop"]
    dose = drop.dosing[0]
    assert (dose.sets, dose.reps, dose.sessions_per_week, drop.knee) == (3, 15, 14, Knee.BOTH)
    assert any("insertional" in note for note in cautions(drop))


def test_isometric_holds_are_five_holds_of_30_to_45_seconds(catalogue: Catalogue) -> None:
    """5 x 30-45 s bent knee; no promise of pain relief (O'Neill 2019)."""
    hold = catalogue["isometric-calf-hold"]
    dose = hold.dosing[0]
    assert (dose.sets, dose.hold_s, dose.hold_s_max, hold.knee) == (5, 30, 45, Knee.BENT)
    assert any("no immediate pain relief" in note for note in hold.notes)


@pytest.mark.parametrize(
    "exercise_id", ["banded-dorsiflexion", "tibialis-raise", "cable-dorsiflexion"]
)
def test_dorsiflexor_strength_is_dosed_2_to_3_sets_of_12_to_20_and_marked_unverified(
    catalogue: Catalogue, exercise_id: str
) -> None:
    """2-3 x 12-20 (Kato 2013), a number marked [U] in the entry's notes (11.7)."""
    exercise = catalogue[exercise_id]
    for dose in exercise.dosing:
        assert 2 <= dose.sets <= 3
        assert (dose.reps, dose.reps_max) == (12, 20)
    assert any("[U]" in note for note in exercise.notes)


def test_plyometric_ids_are_the_drills_that_progress_by_contacts_never_by_load(
    catalogue: Catalogue,
) -> None:
    """Potach & Chu 2016 (NSCA): plyometric volume is counted in foot contacts. The hopping
    drills are the catalogue's plyometric entries; strides are impact work counted in metres,
    and the calf raises progress by load, so neither is one."""
    ids = plyometric_ids(catalogue)
    assert ids == {"penguin-march", "pogo-hop", "single-leg-hop"}
    assert all(catalogue[i].category is Category.PLYOMETRIC for i in ids)
    assert all("contact" in catalogue[i].dosing[0].load for i in ids)
    assert not {"forefoot-strides", "hsr-straight-knee-calf-raise"} & ids
    own = dataclasses.replace(catalogue["pogo-hop"], id="lateral-pogo", name="Lateral pogo")
    assert "lateral-pogo" in plyometric_ids(Catalogue((*catalogue, own)))
    assert plyometric_ids(Catalogue(())) == frozenset()


def test_unverified_plyometric_progression_is_marked(catalogue: Catalogue) -> None:
    """The 10-20 % weekly step in contacts has no source and says so."""
    assert any("[U]" in note and "10-20 %" in note for note in catalogue["pogo-hop"].notes)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _catalogue_texts(exercise: Exercise) -> list[str]:
    texts = [exercise.name, exercise.summary, *exercise.cues, *exercise.faults]
    texts += [*exercise.instructions, *exercise.notes]
    texts += [dose.note for dose in exercise.dosing] + [dose.load for dose in exercise.dosing]
    return texts


@pytest.mark.skipif(
    ARTICLE is None or not ARTICLE.exists(), reason="ANKLET_SOURCE_ARTICLE names no article file"
)
def test_no_catalogue_text_copies_a_phrase_of_eight_words_from_the_article(
    catalogue: Catalogue,
) -> None:
    """All text in our own words: no run of 8 words is shared with the source article."""
    assert ARTICLE is not None
    article = _words(ARTICLE.read_text(encoding="utf-8"))
    size = 8
    phrases = {tuple(article[i : i + size]) for i in range(len(article) - size + 1)}
    copied = [
        (e.id, " ".join(words[i : i + size]))
        for e in catalogue
        for text in _catalogue_texts(e)
        for words in [_words(text)]
        for i in range(len(words) - size + 1)
        if tuple(words[i : i + size]) in phrases
    ]
    assert copied == []
