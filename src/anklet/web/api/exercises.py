"""/exercises: the catalogue with filters, and one exercise with its chain of steps."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from anklet.domain.athlete import Equipment
from anklet.domain.exercises import Category, Stage, Target
from anklet.reports.exercise_documents import detail_as_dict, exercise_as_dict
from anklet.services.exercises import list_exercises, show_exercise
from anklet.web.api.responses import ExerciseDetailOut, ExerciseListOut
from anklet.web.api.schemas import EquipmentFilter, problem_responses
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["exercises"], responses=problem_responses())

NO_EQUIPMENT = "none"


@router.get("/exercises", response_model=ExerciseListOut)
def exercises_list(
    anklet: AnkletDep,
    stage: Annotated[Stage | None, Query(description="the exercise's rung, 1 to 4")] = None,
    target: Annotated[Target | None, Query(description="what it trains")] = None,
    equipment: Annotated[
        EquipmentFilter | None,
        Query(description="exercises that use this item, or `none` for those that need nothing"),
    ] = None,
    category: Annotated[Category | None, Query(description="kind of exercise")] = None,
) -> dict[str, Any]:
    found = list_exercises(
        catalogue=anklet.catalogue,
        stage=stage,
        target=target,
        equipment=Equipment(equipment) if equipment not in (None, NO_EQUIPMENT) else None,
        category=category,
        no_equipment=equipment == NO_EQUIPMENT,
    )
    return {"count": len(found), "exercises": [exercise_as_dict(e) for e in found]}


@router.get("/exercises/{exercise_id}", response_model=ExerciseDetailOut)
def exercises_show(exercise_id: str, anklet: AnkletDep) -> dict[str, Any]:
    """One exercise (by id, name or alias) with its easier and harder steps; an unknown id
    is a 404 that suggests the closest ids."""
    return detail_as_dict(show_exercise(catalogue=anklet.catalogue, exercise_id=exercise_id))
