"""The plyometric dose once the gate is open: how many foot contacts, how often, and for whom
fewer (NSCA: Potach & Chu 2016, Essentials of Strength Training and Conditioning, ch. 18).

Whether pogo hops and the other hopping drills may appear at all is decided elsewhere, by
their gates (`exercise_gates`). Once they are open, a plan follows these rules:

- Volume is counted in foot contacts, every landing one contact (NSCA).
- The first plyometric week is one session of at most 60 low, quick contacts: below the NSCA
  beginner range of 80-100 a session because of the load on the Achilles tendon.
- Contacts then grow by at most 10 % a week (the size of the step is unverified), up to 120 a
  session, the top of the NSCA beginner-to-intermediate range of 80-120. From there the drills
  get harder rather than longer.
- Contacts are never raised by adding load: a plyometric prescription is body weight only.
- One plyometric session a week, at least 48 h after the last one, so never on consecutive
  days; about 50 or older, or over 100 kg: two thirds of the contacts and at least 72 h apart.
- A lighter week holds the contacts of the last session instead of raising them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from anklet.domain.athlete import Athlete
from anklet.domain.exercises import Catalogue, Exercise, plyometric_ids
from anklet.domain.prescribing import estimate_minutes
from anklet.domain.program import Prescription, Reason

# NSCA (Potach & Chu 2016): beginners do 80-100 contacts a session [V]. Anklet starts at 60,
# deliberately below that range, because the Achilles tendon adapts more slowly than muscle
# and the athletes here are coming back from stiff or weak ankles [D].
FIRST_WEEK_CONTACTS = 60
# NSCA (Potach & Chu 2016): 80-120 contacts a session from beginner to intermediate [V]; past
# it, the NSCA progresses intensity (harder drills), not volume.
SESSION_CONTACTS_MAX = 120
# The weekly step, in tenths: 10 % a week is the low end of a common 10-20 % rule that no
# study behind it was found for [U].
WEEKLY_GROWTH_TENTHS = 1
# NSCA (Potach & Chu 2016): 48-72 h of recovery between plyometric sessions [V]; 2 days is the
# 48 h, so two sessions are never on consecutive calendar days.
MIN_DAYS_APART = 2
# One session a week: the first plyometric week is one session, and a second one a week would
# have to split the 10 % step between two shorter sessions; the catalogue doses pogo hops once
# a week [D]. The step is taken from the last session, which is the last week's total only
# while this stays 1.
SESSIONS_PER_WEEK = 1
# NSCA (Potach & Chu 2016): athletes over 220 lb (100 kg) and older athletes do less volume
# and recover longer (3-4 days between sessions) [S]; "about 50" is where Anklet draws the
# line for older, from the birth year [D].
OLDER_AGE_YEARS = 50
HEAVY_BODY_MASS_KG = 100
# Two thirds of the contacts for them: the NSCA gives no figure, so this is a derived share
# (60 becomes 40, 120 becomes 80) [D].
REDUCED_SHARE_NUMERATOR = 2
REDUCED_SHARE_DENOMINATOR = 3
# 3 days is the 72 h at the top of the NSCA's 48-72 h, the low end of its 3-4 days [D].
REDUCED_MIN_DAYS_APART = 3
NO_LOAD = "body weight, no added load"
SOURCE = "Potach & Chu 2016 (NSCA): contacts a session, 80-100 for beginners [V]"
GROWTH_SOURCE = "10 % a week [U]"
CAP_SOURCE = "Potach & Chu 2016 (NSCA): 80-120 contacts a session [V]"
SPACING_SOURCE = "Potach & Chu 2016 (NSCA): 48-72 h between sessions [V]"
REDUCED_SOURCE = (
    "Potach & Chu 2016 (NSCA): over 100 kg or older, less volume and 3-4 days apart [S]; "
    "two thirds [D]"
)


@dataclass(frozen=True)
class PlyometricLimits:
    """The numbers for one athlete: first week, most a session, fewest days between."""

    first_week: int
    session_max: int
    min_days_apart: int
    reduced_because: str = ""  # why the athlete gets fewer contacts; empty when not


def _reduced(contacts: int) -> int:
    return contacts * REDUCED_SHARE_NUMERATOR // REDUCED_SHARE_DENOMINATOR


def limits_for(athlete: Athlete, start: date) -> PlyometricLimits:
    """Fewer contacts and more days between for an athlete about 50 or older on the plan's
    first day, or over 100 kg; the standard dose otherwise (or when neither is known)."""
    age = athlete.age_on(start)
    reasons = []
    if age is not None and age >= OLDER_AGE_YEARS:
        reasons.append(f"about {age} years old")
    if athlete.body_mass_kg is not None and athlete.body_mass_kg > HEAVY_BODY_MASS_KG:
        reasons.append(f"over {HEAVY_BODY_MASS_KG} kg")
    if not reasons:
        return PlyometricLimits(FIRST_WEEK_CONTACTS, SESSION_CONTACTS_MAX, MIN_DAYS_APART)
    return PlyometricLimits(
        _reduced(FIRST_WEEK_CONTACTS),
        _reduced(SESSION_CONTACTS_MAX),
        REDUCED_MIN_DAYS_APART,
        " and ".join(reasons),
    )


class Step(StrEnum):
    """How this session's contacts came about."""

    FIRST = "first-week"
    GROW = "contacts-grow"
    CAP = "contacts-cap"
    HOLD = "lighter-week-hold"


@dataclass(frozen=True)
class PlyometricDose:
    """The contacts one plyometric session may hold, and why. Hashable: sessions are cached
    by it."""

    contacts: int
    step: Step
    limits: PlyometricLimits

    @property
    def why(self) -> Reason:
        return _WHY[self.step](self)


def _first(dose: PlyometricDose) -> Reason:
    return Reason(
        f"Plyometric contacts: {dose.contacts} in all today, counting every landing. The "
        f"first plyometric week is one session of at most {dose.limits.first_week} low, quick "
        "contacts, below the NSCA beginner range of 80-100, because of the load on the "
        f"Achilles tendon.{_always(dose.limits)}",
        f"plyometric.{dose.step.value}",
        _source(dose, SOURCE, "start at 60, below it [D]"),
    )


def _grow(dose: PlyometricDose) -> Reason:
    return Reason(
        f"Plyometric contacts: {dose.contacts} in all today, counting every landing: at most "
        f"10 % more than the last plyometric session (the 10 % step is unverified), up to "
        f"{dose.limits.session_max} a session.{_always(dose.limits)}",
        f"plyometric.{dose.step.value}",
        _source(dose, SOURCE, GROWTH_SOURCE),
    )


def _cap(dose: PlyometricDose) -> Reason:
    return Reason(
        f"Plyometric contacts: {dose.contacts} in all today, the most a session gets (the NSCA "
        "range is 80-120 from beginner to intermediate): from here progress by harder drills, "
        f"not more contacts.{_always(dose.limits)}",
        f"plyometric.{dose.step.value}",
        _source(dose, CAP_SOURCE),
    )


def _hold(dose: PlyometricDose) -> Reason:
    return Reason(
        f"Plyometric contacts: {dose.contacts} in all today, counting every landing. Lighter "
        f"week: the contacts of the last session, held, not raised.{_always(dose.limits)}",
        f"plyometric.{dose.step.value}",
        _source(dose, SOURCE),
    )


_WHY = {Step.FIRST: _first, Step.GROW: _grow, Step.CAP: _cap, Step.HOLD: _hold}


def _always(limits: PlyometricLimits) -> str:
    hours = 24 * limits.min_days_apart
    text = (
        " Body weight only: contacts go up, load never does. One plyometric session a week, "
        f"never on consecutive days: at least {limits.min_days_apart} days ({hours} h) after "
        "the last one."
    )
    if limits.reduced_because:
        text += (
            f" You are {limits.reduced_because}: two thirds of the contacts (a derived share: "
            f"{limits.first_week} in the first week, at most {limits.session_max} a session) "
            f"and at least {limits.min_days_apart} days between plyometric sessions."
        )
    return text


def _source(dose: PlyometricDose, *parts: str) -> str:
    more = [SPACING_SOURCE] + ([REDUCED_SOURCE] if dose.limits.reduced_because else [])
    return "; ".join((*parts, *more))


@dataclass
class PlyometricSchedule:
    """Which technique days of a plan may hold plyometric work, and how many contacts.

    The generator asks `dose_on` for each technique day in date order, then tells `record`
    what the session holds; only a session with plyometric items counts.
    """

    limits: PlyometricLimits
    ids: frozenset[str]
    last_day: date | None = None
    last_contacts: int | None = None
    _weeks: dict[int, int] = field(default_factory=dict)  # plan week -> sessions

    def dose_on(self, day: date, week: int, *, lighter: bool) -> PlyometricDose | None:
        """The dose for a session on `day`, or None when plyometrics must wait."""
        if self._weeks.get(week, 0) >= SESSIONS_PER_WEEK:
            return None
        if self.last_day is not None and (day - self.last_day).days < self.limits.min_days_apart:
            return None
        if self.last_contacts is None:
            return PlyometricDose(self.limits.first_week, Step.FIRST, self.limits)
        if lighter:
            return PlyometricDose(self.last_contacts, Step.HOLD, self.limits)
        grown = self.last_contacts * (10 + WEEKLY_GROWTH_TENTHS) // 10
        if grown >= self.limits.session_max:
            return PlyometricDose(self.limits.session_max, Step.CAP, self.limits)
        return PlyometricDose(grown, Step.GROW, self.limits)

    def record(self, day: date, week: int, items: Sequence[Prescription]) -> None:
        done = contacts_in(items, self.ids)
        if done:
            self.last_day, self.last_contacts = day, done
            self._weeks[week] = self._weeks.get(week, 0) + 1


def contacts_in(items: Sequence[Prescription], ids: frozenset[str]) -> int:
    """Foot contacts in `items`: sets times reps of every plyometric item, both legs counted."""
    return sum(item.sets * (item.reps or 0) for item in items if item.exercise_id in ids)


def schedule_for(athlete: Athlete, catalogue: Catalogue, start: date) -> PlyometricSchedule:
    return PlyometricSchedule(limits_for(athlete, start), plyometric_ids(catalogue))


Group = tuple[Prescription, ...]


def dose_groups(groups: Sequence[Group], dose: PlyometricDose, catalogue: Catalogue) -> list[Group]:
    """`groups` with the plyometric ones sharing `dose.contacts` equally (both legs of a
    single-leg drill share its part); a group left with no contact is dropped."""
    ids = plyometric_ids(catalogue)
    hopping = [i for i, group in enumerate(groups) if group and group[0].exercise_id in ids]
    if not hopping:
        return list(groups)
    share = dose.contacts // len(hopping)
    dosed: list[Group] = []
    for index, group in enumerate(groups):
        if index not in hopping:
            dosed.append(group)
            continue
        each = share // len(group)
        if each:
            exercise = catalogue[group[0].exercise_id]
            dosed.append(tuple(_with_contacts(item, exercise, each, dose) for item in group))
    return dosed


def _with_contacts(
    item: Prescription, exercise: Exercise, contacts: int, dose: PlyometricDose
) -> Prescription:
    """`contacts` landings as the catalogue's sets of at most its top reps: more sets rather
    than longer ones once the sets are full, and no rep range to climb (a range would let the
    contacts grow past the dose)."""
    catalogue_dose = exercise.dosing[0]
    top = catalogue_dose.reps_max or catalogue_dose.reps or contacts
    # The catalogue's sets, more once its sets would pass the top reps; never more sets than
    # contacts. The rounding down of `reps` only ever leaves contacts out.
    sets = max(1, min(contacts, max(item.sets, math.ceil(contacts / top))))
    reps = contacts // sets
    why = dose.why
    return Prescription(
        exercise_id=item.exercise_id,
        exercise_name=item.exercise_name,
        side=item.side,
        sets=sets,
        why=Reason(f"{item.why.text} {why.text}", why.rule, f"{item.why.source}; {why.source}"),
        reps=reps,
        reps_max=None,
        hold_s=item.hold_s,
        distance_m=item.distance_m,
        tempo=item.tempo,
        rest_s=item.rest_s,
        load=NO_LOAD,
        minutes=estimate_minutes(catalogue_dose, sets, reps),
        block=item.block,
    )
