"""/exercises (the library: search and filters, the list swapped in place by HTMX as you type,
a plain GET form without JavaScript) and /exercises/{id} (cues, dosing per stage, gates, the
chain of easier and harder steps, sources)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from anklet.domain.athlete import Equipment
from anklet.domain.errors import InvalidValue
from anklet.domain.exercises import Category, Exercise, Stage, Target
from anklet.domain.units import parse_choice
from anklet.reports.exercise_documents import detail_as_dict, exercise_as_dict
from anklet.services.exercises import list_exercises, show_exercise
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import PageRoute, form_errors, render

router = APIRouter(route_class=PageRoute)
TextQuery = Annotated[str, Query()]
NO_EQUIPMENT = "none"
FILTERS = ("q", "stage", "target", "equipment", "category")
CHOICES = {
    "stages": [(int(s), s.label) for s in Stage],
    "targets": [t.value for t in Target],
    "equipment_items": [e.value for e in Equipment],
    "categories": [c.value for c in Category],
}


def _stage(raw: str) -> Stage:
    try:
        return Stage(int(raw))
    except ValueError:
        raise InvalidValue("stage", raw, "a stage from 1 to 4") from None


def matches(exercise: Exercise, words: list[str]) -> bool:
    """Every word typed appears in the name, an alias or the summary (ignoring case)."""
    haystack = " ".join((exercise.name, *exercise.aliases, exercise.summary)).casefold()
    return all(word in haystack for word in words)


def _found(anklet: AnkletDep, chosen: dict[str, str]) -> list[Exercise]:
    equipment = chosen["equipment"]
    found = list_exercises(
        catalogue=anklet.catalogue,
        stage=_stage(chosen["stage"]) if chosen["stage"] else None,
        target=parse_choice("target", chosen["target"], Target) if chosen["target"] else None,
        equipment=(
            parse_choice("equipment", equipment, Equipment)
            if equipment and equipment != NO_EQUIPMENT
            else None
        ),
        category=(
            parse_choice("category", chosen["category"], Category) if chosen["category"] else None
        ),
        no_equipment=equipment == NO_EQUIPMENT,
    )
    words = chosen["q"].casefold().split()
    return [exercise for exercise in found if matches(exercise, words)]


def _partial(request: Request) -> bool:
    """An HTMX request swaps only the list; a history restore wants the whole page."""
    return (
        request.headers.get("hx-request") == "true"
        and request.headers.get("hx-history-restore-request") != "true"
    )


@router.get("/exercises")
def library(
    request: Request,
    anklet: AnkletDep,
    q: TextQuery = "",
    stage: TextQuery = "",
    target: TextQuery = "",
    equipment: TextQuery = "",
    category: TextQuery = "",
) -> Response:
    chosen = dict(zip(FILTERS, (q, stage, target, equipment, category), strict=True))
    chosen = {key: value.strip() for key, value in chosen.items()}
    errors: dict[str, str] = {}
    try:
        found = _found(anklet, chosen)
    except InvalidValue as error:
        errors = form_errors(error)
        found = []
    context: dict[str, Any] = {
        "handle": None,
        "form": chosen,
        "errors": errors,
        "exercises": [exercise_as_dict(e) for e in found],
        "total": len(anklet.catalogue),
    } | CHOICES
    status = 422 if errors else 200
    template = "exercise_list.html" if _partial(request) else "exercises.html"
    response = render(request, template, context, status=status)
    response.headers["vary"] = "HX-Request"
    return response


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, exercise_id: str, anklet: AnkletDep) -> Response:
    detail = show_exercise(catalogue=anklet.catalogue, exercise_id=exercise_id)
    context = {
        "handle": None,
        "exercise": detail_as_dict(detail),
        "easier": [exercise_as_dict(e) for e in detail.easier],
        "harder": [exercise_as_dict(e) for e in detail.harder],
        "names": {e.id: e.name for e in anklet.catalogue},
    }
    return render(request, "exercise.html", context)
