"""Unverified numbers say so: any reason, decision or catalogue note whose source carries the
evidence label [U] reads "unverified" in its own text, so every view shows it, not only the
views that print the source."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import anklet
from anklet.domain.adjustments import adjust_sessions
from anklet.domain.assessment import SideResult
from anklet.domain.athlete import Equipment, Goal, Weekday
from anklet.domain.evidence import (
    UNVERIFIED_NOTE,
    flag_labelled,
    flag_unverified,
    has_label,
    is_unverified,
    says_unverified,
)
from anklet.domain.exercises import Catalogue, Dosing, Stage
from anklet.domain.program import Plan, Prescription, Reason, SessionKind, SideChoice
from anklet.domain.progression import Decision, EngineResult, Verdict, replay
from anklet.domain.sessions import DELOAD_SOURCE
from anklet.domain.training_log import LoggedItem, SessionLog
from anklet.importers.catalogue import load_catalogue
from tests.unit.test_plan_generation import (
    POGO_GATE_MET,
    athlete,
    done_means,
    healthy,
    lock_from,
    plan_for,
    score,
)
from tests.unit.test_progression_rules import BASELINE, calf, day, morning, run, session

PACKAGE = Path(anklet.__file__).parent
# Any bracket with a lone U among label letters, words or separators: looser than the detector
# on purpose, so a new way of writing the label is found here first.
ANY_U_LABEL = re.compile(r"\[[^\[\]\n]{0,30}?(?<![A-Za-z])U(?![A-Za-z])[^\[\]\n]{0,30}\]")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


# --- the detector -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "[U]",
        "[U] 3 × 20 contacts is a catalogue default.",  # catalogue notes: the label first
        "The 3.6-degree figure is [U].",  # ... or after the number it covers
        "Rogerson 2024; Bell 2023 [V]; size of the cut [U]",
        "Rogerson 2024; Bell 2023 [V]; size [U]",
        "McBride 2026 (abstract) [V]; table [U]",
        "[D/U]",
        "[U/D]",
        "[S/D/U]",
        "[V, U]",
        "[ U ]",
        "[U, common practice]",
    ],
)
def test_every_form_of_the_u_label_is_detected(source: str) -> None:
    assert is_unverified(source)
    assert has_label(source)


@pytest.mark.parametrize(
    "source",
    [
        "ACSM 2009 double progression [V]",
        "phase criteria; tendon-load guard after Silbernagel 2007 [S/D]",
        "Chisholm 2012; Hoch & McKeon 2011; Green 2022 [V/S/D]",
        "Add 2-10 % load when every set reaches 20 [V, ACSM].",
        "source article; exercise catalogue",
        "[Un]",  # not a label: minified code, option strings
        "[Nn,Un]",
        "[Unverified]",
        "a [u] in lower case",
    ],
)
def test_other_labels_and_brackets_are_not_unverified(source: str) -> None:
    assert not is_unverified(source)


def _label_like_strings() -> set[str]:
    found: set[str] = set()
    for path in [*PACKAGE.rglob("*.py"), *(PACKAGE / "data").rglob("*.toml")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            found.update(ANY_U_LABEL.findall(line))
    return found


def test_every_u_label_written_in_the_package_is_detected() -> None:
    """Each way the package writes [U] (in sources, notes and comments) is one the detector
    reads, so no source slips through because of how its label is spelled."""
    labels = _label_like_strings()
    assert "[U]" in labels
    assert {label for label in labels if not is_unverified(label)} == set()


# --- one rule per value type ----------------------------------------------------------------


def test_a_reason_with_a_u_source_says_unverified_once() -> None:
    why = Reason("Lighter weeks: 4, 8.", "deload.every-fourth-week", "Bell 2023 [V]; size [U]")
    assert why.text == f"Lighter weeks: 4, 8. {UNVERIFIED_NOTE}"
    # Copied, rebuilt from its stored fields or re-flagged: still one note, still equal.
    again = Reason(why.text, why.rule, why.source)
    assert again == why and hash(again) == hash(why)
    assert replace(why, rule="other").text == why.text
    assert flag_unverified(why.text, why.source) == why.text
    assert why.text.count(UNVERIFIED_NOTE) == 1


def test_a_reason_that_already_says_unverified_is_left_as_written() -> None:
    text = "Lighter week (the size of the cut is unverified)."
    assert Reason(text, "deload.every-fourth-week", DELOAD_SOURCE).text == text


def test_a_reason_without_a_u_source_is_unchanged() -> None:
    assert Reason("Planned.", "plan.rule", "ACSM 2009 [V]; cut-off [D]").text == "Planned."


def test_a_decision_with_a_u_source_says_unverified_once() -> None:
    decision = Decision(
        day(0), Verdict.HOLD, "*", SideChoice.BOTH, "rule", "Hold for now.", "[D/U]"
    )
    assert decision.reason == f"Hold for now. {UNVERIFIED_NOTE}"
    assert replace(decision, change="same load").reason == decision.reason
    plain = Decision(day(0), Verdict.HOLD, "*", SideChoice.BOTH, "rule", "Hold.", "ACSM [V]")
    assert plain.reason == "Hold."


def test_a_catalogue_note_labelled_u_says_unverified_once() -> None:
    note = "[U] 3 × 20 contacts is a catalogue default."
    assert flag_labelled(note) == f"{note} {UNVERIFIED_NOTE}"
    assert flag_labelled(flag_labelled(note)) == flag_labelled(note)
    assert flag_labelled("Heel lifts reduce the dorsiflexion a squat needs [V].").endswith("[V].")
    dose = Dosing(stage=Stage(2), sets=2, reps=12, note="[U] twice a week is common practice")
    assert says_unverified(dose.note)
    assert replace(dose, sets=3).note == dose.note


# --- every reason the generator makes --------------------------------------------------------


def _reasons(plan: Plan) -> list[Reason]:
    reasons = list(plan.notes) + [phase.why for phase in plan.phases]
    for planned in plan.sessions:
        reasons.append(planned.why)
        reasons += [item.why for item in planned.items]
    return reasons


def _plans(catalogue: Catalogue) -> list[Plan]:
    """A range of athletes: restricted and weak, healthy (with and without the pogo gate), no
    test, sore, locked, two days and no equipment, every goal, short and long plans."""
    plans = [done_means(catalogue, weeks=weeks)[1] for weeks in (4, 8, 16)]
    for goal in Goal:
        who = athlete(goal=goal, minutes=45)
        plans.append(plan_for(catalogue, who, healthy(who), weeks=12))
        plans.append(plan_for(catalogue, who, healthy(who), weeks=12, facts=POGO_GATE_MET))
    who = athlete(days=(Weekday.TUE, Weekday.SAT), equipment=frozenset(), minutes=20)
    plans.append(plan_for(catalogue, who, None, weeks=8))
    plans.append(plan_for(catalogue, who, healthy(who), weeks=8))
    all_gear = athlete(equipment=frozenset(Equipment), minutes=60)
    plans.append(plan_for(catalogue, all_gear, healthy(all_gear), weeks=16))
    sore = SideResult(lunge=12.0, heel_raise_reps=35, pain=4)
    plans.append(plan_for(catalogue, who, score(who, sore, sore)))
    plans.append(plan_for(catalogue, athlete(), None, lock=lock_from(1)))
    return plans


def test_every_generated_reason_with_a_u_source_says_unverified(catalogue: Catalogue) -> None:
    unverified = 0
    for plan in _plans(catalogue):
        for why in _reasons(plan):
            if is_unverified(why.source):
                unverified += 1
                assert says_unverified(why.text), why
                assert why.text.count(UNVERIFIED_NOTE) <= 1, why
    assert unverified  # the deload weeks at least: the size of the cut is [U]


# --- doses the catalogue labels unverified ------------------------------------------------


def test_an_item_prescribed_from_an_unverified_dose_says_unverified(catalogue: Catalogue) -> None:
    """The tibialis raise's 2-3 × 12-20 comes from clinic blogs (its dosing says
    `evidence = "U"`): with a wall, a plan prescribes it and every such item's reason says
    "unverified", the source naming the dose's label. So do the 60-90 s of soft-tissue work and
    the ankle circles of the warm-up; the tempo heel raise, whose dose is not labelled, does not."""
    dose = catalogue["tibialis-raise"].dosing_at(Stage(2))
    assert dose is not None and dose.evidence == "U"
    who = athlete(equipment=frozenset({Equipment.WALL}), minutes=60)
    plan = plan_for(catalogue, who, None)
    by_id: dict[str, list[Prescription]] = {}
    for planned in plan.sessions:
        for item in planned.items:
            by_id.setdefault(item.exercise_id, []).append(item)
    for exercise_id in ("tibialis-raise", "calf-soft-tissue", "ankle-circles"):
        assert by_id.get(exercise_id), exercise_id
        for item in by_id[exercise_id]:
            # A lighter week's reason names the deload's source; its text keeps the flag.
            if item.why.rule != "deload.every-fourth-week":
                assert "dose [U]" in item.why.source, item.why
            assert says_unverified(item.why.text), item.why
            assert item.why.text.count(UNVERIFIED_NOTE) <= 1, item.why
    heel_raise = by_id["tempo-heel-raise"]
    assert all("dose [" not in item.why.source for item in heel_raise)
    assert any(not says_unverified(item.why.text) for item in heel_raise)


def test_only_exercises_with_an_unverified_note_have_doses_labelled_u(
    catalogue: Catalogue,
) -> None:
    """A dose labelled U repeats what the exercise's notes say; tests never carry one."""
    labelled = [e for e in catalogue if any(dose.evidence == "U" for dose in e.dosing)]
    assert labelled
    for exercise in labelled:
        assert exercise.category.value != "test", exercise.id
        assert any(is_unverified(note) for note in exercise.notes), exercise.id


def test_is_unverified_remembers_each_source_in_a_bounded_cache() -> None:
    """A stored plan read back asks the same few hundred sources thousands of times."""
    source = "Kato 2013; dose [U]"
    assert is_unverified(source) is is_unverified(source) is True
    assert is_unverified.cache_info().hits >= 1
    assert is_unverified.cache_info().maxsize is not None


# --- every decision the engine makes, and the plan it changes --------------------------------


def _done(item: Prescription) -> LoggedItem:
    """The prescription done in full, at the top of its range."""
    top = item.reps_max or item.reps
    return LoggedItem(
        item.exercise_id,
        item.side,
        item.sets,
        item.reps,
        item.reps_max,
        item.hold_s,
        None,
        item.sets,
        top,
        item.hold_s,
    )


def _histories() -> list[EngineResult]:
    """The engine's stories: green at the top, bearable, painful, sore mornings, warning signs,
    three painful sessions in a row, missed weeks, no baseline."""
    return [
        run([session(0, calf(load=40.0, reps=12), pain=2)], [morning(0), morning(1)]),
        run([session(0, calf(), pain=5)], [morning(0), morning(1)]),
        run([session(0, calf(), pain=7)], [morning(0)]),
        run([session(0, calf(), pain=2)], [morning(0), morning(1, pain=4, stiffness=5)]),
        run([session(0, calf())], [morning(1, sharp_pain=True, swelling=True)]),
        run([session(n, calf(), pain=7) for n in (0, 2, 4)], [morning(n) for n in range(6)]),
        run([session(0, calf()), session(20, calf())], [morning(0), morning(21)]),
        run([session(0, calf(load=None, reps=12))], [morning(1)], baseline=None),
    ]


def test_every_engine_decision_with_a_u_source_says_unverified() -> None:
    decisions = [d for result in _histories() for d in result.decisions]
    assert decisions
    for decision in decisions:
        if is_unverified(decision.source):
            assert says_unverified(decision.reason), decision


def test_a_plan_changed_by_the_engine_keeps_every_unverified_reason_flagged(
    catalogue: Catalogue,
) -> None:
    """The engine's changes laid over a generated plan (deload weeks included): each changed
    reason still says unverified when any of its sources is [U], and says it once."""
    _, plan = done_means(catalogue, weeks=8)
    strength = [s for s in plan.sessions if s.kind is SessionKind.STRENGTH]
    first = strength[0]
    green = [_done(item) for item in first.items]
    logs = [
        SessionLog(first.day, first.kind, tuple(green), pain_during=1),
        SessionLog(strength[1].day, first.kind, tuple(green), pain_during=7),
    ]
    mornings = [morning((first.day - day(0)).days + n) for n in range(30)]
    result = replay(logs, mornings, baseline=BASELINE)
    changed = adjust_sessions(plan.sessions, result.states, result.decisions)
    reasons = [item.why for planned in changed for item in planned.items]
    assert any(is_unverified(why.source) for why in reasons)
    for why in reasons:
        if is_unverified(why.source):
            assert says_unverified(why.text), why
            assert why.text.count(UNVERIFIED_NOTE) <= 1, why
