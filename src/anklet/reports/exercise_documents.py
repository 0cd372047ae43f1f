"""Exercise catalogue values -> plain JSON-ready dicts, for `--json` and the API.

Every field of an exercise is carried, plus readable `text` forms of dosing, gates and limits.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from anklet.domain.exercise_gates import cautions

if TYPE_CHECKING:
    from anklet.domain.exercises import Contraindication, Dosing, Exercise, Gate
    from anklet.services.exercises import ExerciseDetail


def exercise_as_dict(exercise: Exercise) -> dict[str, Any]:
    """Every field of an exercise as JSON-ready values (texts, numbers, lists, dicts)."""
    return {
        "id": exercise.id,
        "name": exercise.name,
        "aliases": list(exercise.aliases),
        "category": exercise.category.value,
        "stage": int(exercise.stage),
        "stage_label": exercise.stage.label,
        "targets": [target.value for target in exercise.targets],
        "summary": exercise.summary,
        "muscles": list(exercise.muscles),
        "equipment": [item.value for item in exercise.equipment],
        "per_side": exercise.per_side,
        "knee": exercise.knee.value if exercise.knee else None,
        "minutes": exercise.minutes,
        "instructions": list(exercise.instructions),
        "cues": list(exercise.cues),
        "faults": list(exercise.faults),
        "dosing": [dosing_as_dict(dose) for dose in exercise.dosing],
        "regressions": list(exercise.regressions),
        "progressions": list(exercise.progressions),
        "gates": [gate_as_dict(gate) for gate in exercise.gates],
        "contraindications": [contraindication_as_dict(c) for c in exercise.contraindications],
        "cautions": cautions(exercise),
        "sources": list(exercise.sources),
        "notes": list(exercise.notes),
        "overrides": exercise.overrides,
        "origin": exercise.origin,
    }


def dosing_as_dict(dose: Dosing) -> dict[str, Any]:
    document = asdict(dose)
    document["stage"] = int(dose.stage)
    document["weeks"] = [asdict(step) for step in dose.weeks]
    document["text"] = dose.describe()
    return document


def gate_as_dict(gate: Gate) -> dict[str, Any]:
    return {
        "metric": gate.metric.value,
        "threshold": gate.threshold,
        "at_most": gate.metric.at_most,
        "note": gate.note,
        "text": gate.describe(),
    }


def contraindication_as_dict(item: Contraindication) -> dict[str, Any]:
    return {
        "kind": item.kind.value,
        "threshold": item.threshold,
        "note": item.note,
        "text": item.describe(),
    }


def detail_as_dict(detail: ExerciseDetail) -> dict[str, Any]:
    document = exercise_as_dict(detail.exercise)
    document["regression_chain"] = [exercise.id for exercise in detail.easier]
    document["progression_chain"] = [exercise.id for exercise in detail.harder]
    return document
