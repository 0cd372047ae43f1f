"""The stage gate: a planned step up the ladder needs the 14 days before the block each green
(a settled morning check-in, sessions at pain 3/10 or less, no guard decision) and test
results at their threshold; otherwise the ankle holds its rung and the plan says why."""

from __future__ import annotations

from datetime import date, timedelta

from anklet.domain.assessment import Assessment, SideResult
from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.evaluation import AssessmentScore, score_assessment
from anklet.domain.generation import generate_plan
from anklet.domain.green_days import GuardDays, guard_days
from anklet.domain.program import Plan, SideChoice
from anklet.domain.progression import Decision, Verdict
from anklet.domain.safety import LoadingLock
from anklet.domain.stage_gate import check_stages
from anklet.domain.training_log import Baseline, CheckIn
from anklet.domain.units import Side
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms

START = date(2026, 3, 2)
ATHLETE = Athlete(
    handle="k",
    name="K",
    days=(Weekday.MON, Weekday.WED, Weekday.FRI),
    equipment=frozenset({Equipment.BAND, Equipment.STEP, Equipment.WALL}),
)
BLOCK_2 = START + timedelta(days=28)
BASELINE = Baseline(morning_pain=1, stiffness=1, basis="set")


def _green(*decisions: Decision, missing: tuple[date, ...] = ()) -> GuardDays:
    """Every morning of the plan checked in at the baseline, but the `missing` ones."""
    mornings = [
        CheckIn(START + timedelta(days=n), morning_pain=1, stiffness=1)
        for n in range(56)
        if START + timedelta(days=n) not in missing
    ]
    return guard_days(mornings, [], decisions, BASELINE)


NOTHING = guard_days([], [], [], None)


def _score(left_lunge: float) -> AssessmentScore:
    assessment = Assessment(
        START,
        SideResult(lunge=left_lunge, heel_raise_reps=30, pain=0),
        SideResult(lunge=11.0, heel_raise_reps=30, pain=0),
    )
    return score_assessment(
        assessment, athlete=ATHLETE, earlier=[], norm_table=load_heel_raise_norms()
    )


def _plan(**caps: int) -> Plan:
    return generate_plan(
        athlete=ATHLETE,
        score=_score(8.5),
        lock=LoadingLock(()),
        catalogue=load_catalogue(),
        start=START,
        weeks=8,
        stage_caps={Side(k): v for k, v in caps.items()} or None,
    )


def test_a_restricted_lunge_holds_the_planned_step_up() -> None:
    """1 → 2 needs the lunge out of the restricted band."""
    checks = check_stages(_plan(), BLOCK_2, _green(), _score(8.5))
    assert [(c.side, c.planned, c.allowed, c.decision.rule) for c in checks] == [
        (Side.LEFT, 2, 1, "stage.hold")
    ]
    assert "restricted" in checks[0].decision.reason


def test_two_green_weeks_and_a_normal_lunge_allow_the_step_up() -> None:
    checks = check_stages(_plan(), BLOCK_2, _green(), _score(10.5))
    assert [(c.allowed, c.decision.verdict, c.decision.rule) for c in checks] == [
        (2, Verdict.PROGRESS, "stage.advance")
    ]


def test_a_step_back_in_the_two_weeks_before_holds_the_rung() -> None:
    setback = Decision(
        BLOCK_2 - timedelta(days=3),
        Verdict.REGRESS,
        "tempo-heel-raise",
        SideChoice.BOTH,
        "guard.pain-above-5",
        "pain 6",
        "Silbernagel 2007",
    )
    checks = check_stages(_plan(), BLOCK_2, _green(setback), _score(10.5))
    assert [(c.allowed, c.decision.rule) for c in checks] == [(1, "stage.hold")]


def test_no_check_in_the_first_block() -> None:
    assert check_stages(_plan(), START + timedelta(days=3), NOTHING, _score(8.5)) == []


def test_one_day_without_a_check_in_in_the_two_weeks_before_holds_the_rung() -> None:
    """A day without a check-in is not green: unknown is not safe."""
    gap = BLOCK_2 - timedelta(days=5)
    checks = check_stages(_plan(), BLOCK_2, _green(missing=(gap,)), _score(10.5))
    assert [(c.allowed, c.decision.rule) for c in checks] == [(1, "stage.hold")]
    assert "1 of the 14 days" in checks[0].decision.reason


def test_an_unpaced_heel_raise_never_moves_a_calf_to_moderate_load() -> None:
    """2 → 3 needs a typical paced heel raise; an unpaced one is indicative and says which
    test to repeat."""
    from anklet.domain.assessment import HeelRaiseProtocol

    unpaced = Assessment(
        START,
        SideResult(lunge=11.0, heel_raise_reps=40, pain=0),
        SideResult(lunge=11.0, heel_raise_reps=40, pain=0),
        heel_raise_protocol=HeelRaiseProtocol.UNPACED,
    )
    score = score_assessment(
        unpaced, athlete=ATHLETE, earlier=[], norm_table=load_heel_raise_norms()
    )
    plan = generate_plan(
        athlete=ATHLETE,
        score=_score(9.5),  # mildly restricted left: it starts at rung 2, rung 3 planned next
        lock=LoadingLock(()),
        catalogue=load_catalogue(),
        start=START,
        weeks=8,
    )
    checks = [c for c in check_stages(plan, BLOCK_2, _green(), score) if c.planned == 3]
    assert checks and all(c.allowed == 2 for c in checks)
    assert "paced 60-bpm heel-raise test" in checks[0].decision.reason


def test_a_stage_cap_keeps_every_block_at_the_held_rung() -> None:
    capped = _plan(left=1)
    assert {p.stage_left for p in capped.phases} == {1}
    assert {p.stage_right for p in capped.phases} == {p.stage_right for p in _plan().phases}


def test_the_hold_names_every_missing_condition_at_once() -> None:
    """Both short: the mornings and the lunge are named together, not one after the other."""
    gap = BLOCK_2 - timedelta(days=2)
    checks = check_stages(_plan(), BLOCK_2, _green(missing=(gap,)), _score(8.5))
    (check,) = checks
    assert "not green" in check.decision.reason and "restricted" in check.decision.reason
