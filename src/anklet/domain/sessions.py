"""Building the sessions of one plan: daily mobility, strength, technique and re-tests.

A `SessionBuilder` holds what does not change from day to day (the athlete, the catalogue, the
gate facts, the lock) and caches the items of each kind of session, so a 16-week plan builds
each distinct session once (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from anklet.domain.athlete import Athlete, Equipment
from anklet.domain.exercise_gates import GateFacts
from anklet.domain.exercises import Catalogue, Category, Exercise, Knee, Stage, Target
from anklet.domain.ladder import ExtraWork
from anklet.domain.prescribing import (
    Choice,
    choose,
    dose_source,
    estimate_minutes,
    fit_groups,
    open_exercises,
    prescribe,
    with_sets,
)
from anklet.domain.program import Prescription, Reason, SideChoice
from anklet.domain.screening import Restriction
from anklet.domain.units import Side

MOBILITY_BUDGET_MIN = 15  # "short: about 10-15 minutes" (issue 4; source article 2025)
LIGHT_STRENGTH_FLOOR = 2  # a stage-1 ankle still does the gentlest loaded work on strength days
DELOAD_SOURCE = "Rogerson 2024; Bell 2023 [V]; size of the cut [U]"
STRENGTH_SOURCE = "ACSM 2009; Beyer 2015; Kato 2013"
SIDES = (Side.LEFT, Side.RIGHT)
SIDE_CHOICE = {Side.LEFT: SideChoice.LEFT, Side.RIGHT: SideChoice.RIGHT}
IMPACT_IDS = frozenset({"forefoot-strides"})  # and every plyometric
MOBILISATION_IDS = frozenset({"joint-distraction"})  # mobilisation with movement

Group = tuple[Prescription, ...]


@dataclass(frozen=True)
class Slot:
    name: str
    fits: Callable[[Exercise], bool]
    calf: bool  # the weaker-calf extra set applies here


def _is(category: Category, *targets: Target) -> Callable[[Exercise], bool]:
    return lambda e: e.category is category and bool(set(targets) & set(e.targets))


def _knee(fits: Callable[[Exercise], bool], *knees: Knee | None) -> Callable[[Exercise], bool]:
    return lambda e: fits(e) and e.knee in knees


STRENGTH_SLOTS = (
    Slot(
        "calf, straight knee",
        _knee(_is(Category.STRENGTH, Target.PLANTARFLEXION), Knee.STRAIGHT, None),
        calf=True,
    ),
    # Dorsiflexor strength supports active range (Kato 2013): before the soleus slot,
    # so a short session keeps it.
    Slot("dorsiflexors", _is(Category.STRENGTH, Target.DORSIFLEXION), calf=False),
    Slot(
        "calf, bent knee (soleus)",
        _knee(_is(Category.STRENGTH, Target.PLANTARFLEXION), Knee.BENT, Knee.BOTH),
        calf=True,
    ),
    Slot(
        "foot and ankle control",
        lambda e: (
            e.category in (Category.STRENGTH, Category.BALANCE)
            and bool(
                {Target.EVERSION, Target.INVERSION, Target.FOOT_INTRINSICS, Target.BALANCE}
                & set(e.targets)
            )
        ),
        calf=False,
    ),
)


def _first_minutes(exercise: Exercise) -> float:
    dose = exercise.dosing[0]
    return estimate_minutes(dose, dose.sets)


def _source(exercise: Exercise, stage: int, *more: str) -> str:
    return dose_source("; ".join((*exercise.sources, *more)), exercise, stage)


def deload(item: Prescription, exercise: Exercise) -> Prescription:
    """A lighter week: about a third fewer sets, same exercise and days (after Rogerson 2024)."""
    sets = max(1, item.sets - max(1, round(item.sets / 3)))
    why = Reason(
        f"{item.why.text} Lighter week: {sets} sets instead of {item.sets}, keep 3 or "
        "more reps in reserve (the size of the cut is unverified).",
        "deload.every-fourth-week",
        DELOAD_SOURCE,
    )
    dose = exercise.dosing[0]
    return with_sets(item, sets, dose, why) if item.sets > 1 else item


@dataclass
class SessionBuilder:
    athlete: Athlete
    catalogue: Catalogue
    facts: GateFacts
    extra: ExtraWork
    restrictions: frozenset[Restriction]
    plateaus: frozenset[str] = frozenset()  # "lunge", "heel-raise" (domain.plateau)
    _items: dict[tuple[object, ...], tuple[Group, tuple[str, ...]]] = field(default_factory=dict)
    _picks: dict[tuple[object, ...], Choice | None] = field(default_factory=dict)
    _ladders: dict[tuple[object, ...], bool] = field(default_factory=dict)
    # Keyed by id(item); the item itself is kept in the value so its id cannot be reused.
    _lighter: dict[int, tuple[Prescription, Prescription]] = field(default_factory=dict)
    _open: tuple[Exercise, ...] = ()
    _open_by_id: dict[str, Exercise] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Gates do not depend on the slot or the week: check each exercise once per plan.
        opened = open_exercises(self.catalogue, self.facts)
        self._open = tuple(exercise for exercise in opened if self.allowed(exercise))
        self._open_by_id = {exercise.id: exercise for exercise in self._open}

    def allowed(self, exercise: Exercise) -> bool:
        """False for what a partial lock stops: heavy or plyometric work, or impact."""
        plyometric = exercise.category is Category.PLYOMETRIC
        if Restriction.ALL_LOADING in self.restrictions and _calf_soft_tissue(exercise):
            # A possible clot (or any same-day or emergency answer, or new swelling): never
            # massage or roll the calf until cleared (Wells criteria; NHS advice) [V/S].
            return False
        heavy = Equipment.WEIGHTS in exercise.equipment
        if Restriction.HEAVY_AND_PLYOMETRIC in self.restrictions and (heavy or plyometric):
            return False
        impact = plyometric or exercise.id in IMPACT_IDS
        return not (Restriction.IMPACT in self.restrictions and impact)

    def pick(
        self, key: str, fits: Callable[[Exercise], bool], stage: int, single: bool = False
    ) -> Choice | None:
        """The best open exercise for a slot; `key` names the slot for the per-plan memo."""
        memo = (key, stage, single)
        if memo not in self._picks:
            self._picks[memo] = choose(
                self._open,
                fits=fits,
                stage=stage,
                equipment=self.athlete.equipment,
                prefer_single_leg=single,
            )
        return self._picks[memo]

    def open_exercise(self, exercise_id: str, stage: int) -> Exercise | None:
        """This exercise if its gates pass, its stage is reached and the athlete owns what
        it needs; otherwise None."""
        exercise = self._open_by_id.get(exercise_id)
        if exercise is None or exercise.stage > stage:
            return None
        return exercise if exercise.needs_only(self.athlete.equipment) else None

    def lighter(self, item: Prescription) -> Prescription:
        """The lighter-week version of an item, made once per item: the items of cached
        sessions are shared, so every lighter week reuses the same objects."""
        key = id(item)
        if key not in self._lighter:
            self._lighter[key] = (item, deload(item, self.catalogue[item.exercise_id]))
        return self._lighter[key][1]

    def cached(
        self, key: tuple[object, ...], build: Callable[[], tuple[Group, tuple[str, ...]]]
    ) -> tuple[Group, tuple[str, ...]]:
        if key not in self._items:
            self._items[key] = build()
        return self._items[key]

    # --- items for one exercise ------------------------------------------------------------

    def per_side(
        self,
        exercise: Exercise,
        stage: int,
        why: Reason,
        *,
        extra_for: Side | None,
        extra_why: Reason | None,
        weeks_in: int = 1,
        block: str = "main",
    ) -> Group:
        """Both sides of an exercise; a bilateral one is one item, plus one single-leg set for
        the side that needs more."""
        if not exercise.per_side:
            items = [
                prescribe(
                    exercise,
                    stage=stage,
                    side=SideChoice.BOTH,
                    why=why,
                    week_in_stage=weeks_in,
                    block=block,
                )
            ]
            if extra_for is not None and extra_why is not None:
                extra_why = Reason(
                    extra_why.text, extra_why.rule, dose_source(extra_why.source, exercise, stage)
                )
                one = prescribe(
                    exercise,
                    stage=stage,
                    side=SIDE_CHOICE[extra_for],
                    why=extra_why,
                    week_in_stage=weeks_in,
                    block=block,
                )
                items.append(with_sets(one, 1, exercise.dosing[0], extra_why))
            return tuple(items)
        items = []
        for side in SIDES:
            item = prescribe(
                exercise,
                stage=stage,
                side=SIDE_CHOICE[side],
                why=why,
                week_in_stage=weeks_in,
                block=block,
            )
            if side is extra_for and extra_why is not None:
                text = Reason(
                    f"{why.text} {extra_why.text}",
                    extra_why.rule,
                    f"{why.source}; {extra_why.source}",
                )
                item = with_sets(item, item.sets + 1, exercise.dosing[0], text)
            items.append(item)
        return tuple(items)

    # --- mobility, every day -----------------------------------------------------------------

    def mobility(self, budget_min: float | None = None) -> Group:
        """The daily mobility in at most 15 minutes, or in `budget_min` when the day has less
        (a re-test day of a short budget)."""
        budget: float = min(MOBILITY_BUDGET_MIN, self.athlete.minutes)
        if budget_min is not None:
            budget = min(budget, budget_min)
        return self.cached(("mobility", budget), lambda: self._mobility(budget))[0]

    def _mobility(self, budget_min: float) -> tuple[Group, tuple[str, ...]]:
        order = {e.id: i for i, e in enumerate(self.catalogue)}
        candidates = sorted(
            (
                e
                for e in self.catalogue
                if e.category in (Category.MOBILITY, Category.SOFT_TISSUE)
                and e.needs_only(self.athlete.equipment)
                and self.allowed(e)
            ),
            # Mobilisation with movement first on a lunge plateau (Taylor 2024; Hoch 2012); then
            # dorsiflexion; shorter drills first, so 15 minutes hold more variety.
            key=lambda e: (
                not (self._lunge_plateau and e.id in MOBILISATION_IDS),
                Target.DORSIFLEXION not in e.targets,
                _first_minutes(e),
                order[e.id],
            ),
        )
        groups = []
        for exercise in candidates:
            why = Reason(
                f"Daily mobility: {exercise.summary}",
                "mobility.daily",
                _source(
                    exercise,
                    Stage.RANGE_OF_MOTION,
                    "source article 2025: mobility daily; Johanson 2006; Dinh 2011",
                ),
            )
            dorsiflexion = Target.DORSIFLEXION in exercise.targets
            groups.append(
                self.per_side(
                    exercise,
                    int(Stage.RANGE_OF_MOTION),
                    why,
                    extra_for=self.extra.mobility_side if dorsiflexion else None,
                    extra_why=self.extra.mobility_why,
                )
            )
        kept, left_out = fit_groups(groups, budget_min)
        return tuple(kept), tuple(left_out)

    @property
    def _lunge_plateau(self) -> bool:
        return "lunge" in self.plateaus

    # --- strength, two or three days a week --------------------------------------------------

    def strength(
        self,
        stages: dict[Side, int],
        weeks_in: int,
        lighter: bool,
        budget_min: float | None = None,
    ) -> tuple[Group, tuple[str, ...]]:
        """The strength session in `budget_min` (the minutes the day has left for it; the
        athlete's whole day when not given)."""
        budget = self.athlete.minutes if budget_min is None else budget_min
        # Only a week-by-week ladder changes a session from one week to the next.
        ladder_week = weeks_in if self._has_ladder(stages) else 0
        week_key = (
            "strength-week",
            stages[Side.LEFT],
            stages[Side.RIGHT],
            ladder_week,
            lighter,
            budget,
        )
        if week_key in self._items:
            return self._items[week_key]
        groups = [group for slot in STRENGTH_SLOTS if (group := self._slot(slot, stages, weeks_in))]
        # The slots are cached, so equal groups are the same objects: weeks whose sessions
        # are equal share one tuple of items.
        key = ("strength", *(id(group) for group in groups), lighter, budget)
        self._items[week_key] = self.cached(key, lambda: self._strength(groups, lighter, budget))
        return self._items[week_key]

    def _has_ladder(self, stages: dict[Side, int]) -> bool:
        stage = max(min(stages.values()), LIGHT_STRENGTH_FLOOR)
        memo = ("ladder", stage, self.extra.strength_side is not None)
        if memo not in self._ladders:
            self._ladders[memo] = any(
                (dose := choice.exercise.dosing_at(stage)) is not None and bool(dose.weeks)
                for slot in STRENGTH_SLOTS
                if (
                    choice := self.pick(
                        slot.name,
                        slot.fits,
                        stage,
                        single=slot.calf and self.extra.strength_side is not None,
                    )
                )
                is not None
            )
        return self._ladders[memo]

    def _strength(
        self, groups: list[Group], lighter: bool, budget_min: float
    ) -> tuple[Group, tuple[str, ...]]:
        # Fit at full volume first, then lighten: a lighter week keeps the same exercises
        # rather than using the time it frees for a new one (as in Rogerson 2024).
        kept, left_out = fit_groups(groups, budget_min)
        if lighter:
            kept = [self.lighter(item) for item in kept]
        return tuple(kept), tuple(left_out)

    def _slot(self, slot: Slot, stages: dict[Side, int], weeks_in: int) -> Group:
        # Both ankles share one exercise per slot at the lower ankle's stage: safer, and it
        # keeps a session short; the side that needs more gets the extra set.
        stage = max(min(stages.values()), LIGHT_STRENGTH_FLOOR)
        extra_for = self.extra.strength_side if slot.calf else None
        choice = self.pick(slot.name, slot.fits, stage, single=extra_for is not None)
        if choice is None:
            return ()
        exercise = choice.exercise
        dose = exercise.dosing_at(stage)
        # Only a week-by-week ladder (heavy slow resistance) changes from week to week.
        week_key = weeks_in if dose is not None and dose.weeks else 0
        gentle = min(stages.values()) < LIGHT_STRENGTH_FLOOR
        key = ("slot", slot.name, stage, gentle, week_key)
        return self.cached(
            key, lambda: (self._slot_items(slot, choice, stage, gentle, weeks_in), ())
        )[0]

    def _slot_items(
        self, slot: Slot, choice: Choice, stage: int, gentle: bool, weeks_in: int
    ) -> Group:
        exercise = choice.exercise
        extra_for = self.extra.strength_side if slot.calf else None
        text = f"Strength, {slot.name}: {exercise.summary}"
        if gentle:
            text += " Range comes first, so only the gentlest loaded work for now."
        why = Reason(text, "strength.slot", _source(exercise, stage, STRENGTH_SOURCE))
        if choice.fallback is not None:
            why = Reason(f"{text} {choice.fallback.text}", choice.fallback.rule, why.source)
        group = self.per_side(
            exercise,
            stage,
            why,
            extra_for=extra_for,
            extra_why=self.extra.strength_why,
            weeks_in=weeks_in,
        )
        if slot.calf and "heel-raise" in self.plateaus:
            # A heel-raise plateau changes the stimulus: one more set (Ross & Fontenot 2000) [D].
            more = Reason(
                f"{why.text} One more set: the heel raise has plateaued.",
                "plateau.heel-raise",
                f"{why.source}; heel-raise plateau derived from Ross & Fontenot 2000 [D]",
            )
            dose = exercise.dosing[0]
            group = tuple(with_sets(item, item.sets + 1, dose, more) for item in group)
        return group


CALF_MUSCLES = frozenset({"gastrocnemius", "soleus"})


def _calf_soft_tissue(exercise: Exercise) -> bool:
    return exercise.category is Category.SOFT_TISSUE and bool(CALF_MUSCLES & set(exercise.muscles))
