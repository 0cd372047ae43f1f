"""Red-flag screening: the ten questions, in our own words, each citing its sources.

Anklet never diagnoses. A "yes" tells the athlete whom to see and how soon, and may lock
loading until they record a clearance (see `safety.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from anklet.domain.errors import InvalidValue


class Action(StrEnum):
    NONE = "none"
    SOON = "soon"
    SAME_DAY = "same-day"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return list(Action).index(self)


class Restriction(StrEnum):
    """What a raised flag stops until clearance; the plan keeps only what is still allowed."""

    ALL_LOADING = "all-loading"  # mobility only
    HEAVY_AND_PLYOMETRIC = "heavy-and-plyometric"
    IMPACT = "impact"
    PROGRESSION = "progression"


ADVICE = {
    Action.EMERGENCY: "Stop now and get emergency care (call 999, 911 or 112, or go to an "
    "emergency department).",
    Action.SAME_DAY: "Stop training and get a medical assessment today.",
    Action.SOON: "Pause the loading named below and book an appointment with a doctor or "
    "physiotherapist.",
}


@dataclass(frozen=True)
class RedFlagQuestion:
    number: int
    text: str
    action: Action
    concern: str
    restriction: Restriction | None
    source: str
    # Question 6 only: the action when symptoms come only with exercise and settle within ~30 min.
    exercise_only_action: Action | None = None


QUESTIONS: tuple[RedFlagQuestion, ...] = (
    RedFlagQuestion(
        1,
        "Did you feel a sudden kick, snap or pop at the back of your ankle or calf, and is it "
        "now hard or impossible to go up on your toes on that leg, or can you feel a dip above "
        "the heel? (Being able to walk does not rule this out.)",
        Action.EMERGENCY,
        "a possible Achilles tendon tear; the first 24 hours matter for treatment",
        Restriction.ALL_LOADING,
        "Boyd 2015; Maffulli 1998 [V]",
    ),
    RedFlagQuestion(
        2,
        "Is one calf swollen (clearly bigger than the other), warm, red or darker, tender along "
        "the calf, or throbbing and cramping more when you walk or stand? More so after surgery, "
        "a cast, three or more days in bed, a long journey, pregnancy or recent birth, hormone "
        "pills, cancer or an earlier clot.",
        Action.SAME_DAY,
        "a possible blood clot in the leg (DVT)",
        Restriction.ALL_LOADING,
        "Wells 1997 criteria [V]; NHS n.d. advice [S]",
    ),
    RedFlagQuestion(
        3,
        "Together with calf symptoms like those above: sudden shortness of breath, chest pain "
        "that is worse when breathing in, coughing up blood, or fainting?",
        Action.EMERGENCY,
        "a possible clot in the lungs; call an ambulance",
        Restriction.ALL_LOADING,
        "NHS n.d. text via secondary pages [S]",
    ),
    RedFlagQuestion(
        4,
        "A fever or feeling generally unwell, together with a hot, swollen, red joint, redness "
        "that is spreading, or a wound near the ankle?",
        Action.EMERGENCY,
        "a possible infection of the joint or skin",
        Restriction.ALL_LOADING,
        "NHS Borders n.d. MSK toolkit [V]",
    ),
    RedFlagQuestion(
        5,
        "After a twist or a fall: could you not take four steps straight afterwards and still "
        "cannot, or does the bone hurt to press at the back edge or tip of either ankle bone "
        "(lowest 6 cm), the bony bump on the inner midfoot, or the outer edge of the foot "
        "halfway along?",
        Action.SAME_DAY,
        "a possible fracture (Ottawa ankle rules)",
        Restriction.ALL_LOADING,
        "Stiell 1992 via secondary sources [S]",
    ),
    RedFlagQuestion(
        6,
        "Numbness, pins and needles, a foot that drops or slaps, clear weakness, or a cold or "
        "pale foot? Or pain far beyond what you would expect that keeps rising after an injury "
        "or exercise?",
        Action.EMERGENCY,
        "nerve, blood-supply or compartment pressure problems",
        Restriction.ALL_LOADING,
        "Mayo Clinic n.d. CECS page; NHS Borders n.d. [V]",
        exercise_only_action=Action.SOON,
    ),
    RedFlagQuestion(
        7,
        "Pain that wakes you at night or does not change with rest or position, weight loss you "
        "cannot explain, night sweats, or a history of cancer?",
        Action.SOON,
        "pain that needs a clinician to rule out serious causes",
        None,
        "NHS Borders n.d. toolkit [V]; GPonline n.d. [S]",
    ),
    RedFlagQuestion(
        8,
        "Pain in one spot on the shin bone that has grown to hurt when you walk or rest?",
        Action.SOON,
        "a possible bone stress injury; stop running, hopping and jumping",
        Restriction.IMPACT,
        "Houston Methodist n.d. page [S]",
    ),
    RedFlagQuestion(
        9,
        "Are you taking, or did you recently take, an antibiotic ending in -floxacin (such as "
        "ciprofloxacin or levofloxacin), especially if you are 60 or over or take steroids, and "
        "do you now have Achilles pain?",
        Action.SOON,
        "these antibiotics raise the risk of Achilles tendon problems; stop heavy and "
        "plyometric calf loading",
        Restriction.HEAVY_AND_PLYOMETRIC,
        "Alves 2019; van der Linden 2003; FDA 2008 warning [V]",
    ),
    RedFlagQuestion(
        10,
        "Pain above 5/10 during sessions, or worse pain or stiffness the next morning, for two "
        "weeks even though you reduced the load; or any sharp pain, new swelling or unusual "
        "tightness?",
        Action.SOON,
        "the tendon is not tolerating the load; pause the progression",
        Restriction.PROGRESSION,
        "tendon-load guard after Silbernagel 2007 [S/D]; source article 2025",
    ),
)

QUESTION_NUMBERS = tuple(question.number for question in QUESTIONS)
LOCKING_ACTIONS = frozenset({Action.EMERGENCY, Action.SAME_DAY})


def question(number: int) -> RedFlagQuestion:
    for candidate in QUESTIONS:
        if candidate.number == number:
            return candidate
    raise InvalidValue("question", number, f"a question number from 1 to {len(QUESTIONS)}")


@dataclass(frozen=True)
class Screening:
    """The answers of one screening: the numbers answered yes; every other answer is no."""

    taken_on: date
    yes: frozenset[int]
    exercise_only: bool = False  # question 6: only during exercise and settles within ~30 min
    id: int | None = None
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class RaisedFlag:
    question: RedFlagQuestion
    action: Action
    locks: bool
    advice: str


@dataclass(frozen=True)
class ScreeningResult:
    screening: Screening
    action: Action
    flags: tuple[RaisedFlag, ...]

    @property
    def locked(self) -> bool:
        return any(flag.locks for flag in self.flags)

    @property
    def restrictions(self) -> frozenset[Restriction]:
        return frozenset(
            flag.question.restriction
            for flag in self.flags
            if flag.locks and flag.question.restriction is not None
        )


def make_screening(*, taken_on: date, yes: Iterable[int], exercise_only: bool = False) -> Screening:
    numbers = frozenset(yes)
    for number in sorted(numbers):
        question(number)
    if exercise_only and 6 not in numbers:
        raise InvalidValue("exercise_only", True, "only together with a yes to question 6")
    return Screening(taken_on=taken_on, yes=numbers, exercise_only=exercise_only)


def evaluate_screening(screening: Screening) -> ScreeningResult:
    """The strongest action wins; EMERGENCY and SAME-DAY always lock loading,
    and SOON locks the loading its question names (impact, heavy/plyometric, progression)."""
    flags = []
    for number in sorted(screening.yes):
        asked = question(number)
        action = asked.action
        if screening.exercise_only and asked.exercise_only_action is not None:
            action = asked.exercise_only_action
        locks = action in LOCKING_ACTIONS or asked.restriction is not None
        advice = f"{ADVICE[action]} Why: {asked.concern}."
        flags.append(RaisedFlag(asked, action, locks, advice))
    strongest = max((flag.action for flag in flags), key=lambda a: a.rank, default=Action.NONE)
    return ScreeningResult(screening, strongest, tuple(flags))
