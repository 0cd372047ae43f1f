"""Use cases for the exercise catalogue: list with filters, show one with its chain of steps.

The catalogue is passed in (loaded by `anklet.importers.catalogue`), so these functions need no
database and no files.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from anklet.domain.athlete import Equipment
from anklet.domain.errors import Action, Hint, NotFound
from anklet.domain.exercise_graph import progression_chain, regression_chain
from anklet.domain.exercises import Catalogue, Category, Exercise, Stage, Target

__all__ = [
    "ExerciseDetail",
    "find_exercise",
    "list_exercises",
    "show_exercise",
]


@dataclass(frozen=True)
class ExerciseDetail:
    """One exercise with the main chain of easier and harder steps, nearest first."""

    exercise: Exercise
    easier: tuple[Exercise, ...]
    harder: tuple[Exercise, ...]


def list_exercises(
    *,
    catalogue: Catalogue,
    stage: Stage | None = None,
    target: Target | None = None,
    equipment: Equipment | None = None,
    category: Category | None = None,
    no_equipment: bool = False,
) -> list[Exercise]:
    """Exercises matching every filter given, in catalogue order.

    `stage` matches the exercise's own rung of the ladder; `equipment` keeps exercises that use
    that item; `no_equipment` keeps those that need nothing at all.
    """
    return [
        exercise
        for exercise in catalogue
        if (stage is None or exercise.stage == stage)
        and (target is None or target in exercise.targets)
        and (equipment is None or equipment in exercise.equipment)
        and (category is None or exercise.category == category)
        and (not no_equipment or not exercise.equipment)
    ]


def show_exercise(*, catalogue: Catalogue, exercise_id: str) -> ExerciseDetail:
    """The exercise named by id (or exactly by name or alias), with its regression chains."""
    exercise = find_exercise(catalogue, exercise_id)
    return ExerciseDetail(
        exercise=exercise,
        easier=tuple(catalogue[i] for i in regression_chain(catalogue, exercise.id)),
        harder=tuple(catalogue[i] for i in progression_chain(catalogue, exercise.id)),
    )


def find_exercise(catalogue: Catalogue, text: str) -> Exercise:
    """Look up by id, then by name or alias ignoring case; NotFound suggests the closest ids."""
    found = catalogue.get(text)
    if found is not None:
        return found
    wanted = text.strip().casefold()
    for exercise in catalogue:
        if wanted in {name.casefold() for name in exercise.names()}:
            return exercise
    suggestion = _suggestion(catalogue, wanted)
    raise NotFound(
        "exercise",
        text,
        suggestion,
        action=None if suggestion else Hint(Action.LIST_EXERCISES),
    )


def _suggestion(catalogue: Catalogue, wanted: str) -> str:
    owners: dict[str, str] = {}
    for exercise in catalogue:
        for name in exercise.names():
            owners.setdefault(name.casefold(), exercise.id)
    close = difflib.get_close_matches(wanted, list(owners), n=3, cutoff=0.5)
    ids = list(dict.fromkeys(owners[name] for name in close))
    if not ids:
        return ""
    return "did you mean " + " or ".join(repr(exercise_id) for exercise_id in ids) + "?"
