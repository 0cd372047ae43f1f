"""An athlete's test results as a FHIR R4 Bundle (`anklet export --format fhir`).

One Patient (the handle and the demographics the athlete gave, nothing more) and one
Observation per test, side and assessment: the knee-to-wall lunge (distance or angle), the
paced or unpaced single-leg heel raise, the single-leg stance time and the pain reported with
the test. Codes: LOINC where a code exists (pain), SNOMED CT for the ankle and its side, and
Anklet's own code system, documented in docs/fhir.md, for the tests LOINC has no code for.

Everything is derived from the stored rows, so the same history gives the same bundle: the
ids are name-based UUIDs and the only moment the bundle adds is its own timestamp.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from anklet.domain.assessment import LungeMethod
from anklet.domain.athlete import Sex
from anklet.domain.units import Side

if TYPE_CHECKING:
    from anklet.domain.assessment import Assessment, SideResult
    from anklet.domain.athlete import Athlete
    from anklet.services.data_transfer import ClinicalRecord

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# Anklet's own code system and identifier namespace (docs/fhir.md lists every code).
ANKLET_CODES = "https://anklet.invalid/fhir/CodeSystem/anklet"
ANKLET_HANDLE = "https://anklet.invalid/fhir/athlete-handle"
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://anklet.invalid/fhir")

PAIN_LOINC = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
ANKLE_JOINT = "70258002"  # SNOMED CT: ankle joint structure
LATERALITY = "272741003"  # SNOMED CT attribute: laterality
SIDE_QUALIFIER = {Side.LEFT: ("7771000", "Left"), Side.RIGHT: ("24028007", "Right")}

# (code, display) in Anklet's code system.
LUNGE_DISTANCE = ("knee-to-wall-distance", "Weight-bearing lunge: knee-to-wall distance")
LUNGE_ANGLE = ("knee-to-wall-angle", "Weight-bearing lunge: tibial angle")
HEEL_RAISE = ("single-leg-heel-raise-count", "Single-leg heel raises to fatigue")
STANCE = ("single-leg-stance-time", "Single-leg stance time, eyes open")


def bundle(record: ClinicalRecord, *, generated_at: datetime) -> dict[str, Any]:
    """The Bundle as a JSON-ready dict; `generated_at` is naive UTC, as the clock gives it."""
    athlete = record.athlete
    patient_url = _urn("patient", athlete.handle)
    entries = [{"fullUrl": patient_url, "resource": _patient(athlete, patient_url)}]
    for assessment in record.assessments:
        for observation in _observations(athlete.handle, assessment, patient_url):
            entries.append({"fullUrl": f"urn:uuid:{observation['id']}", "resource": observation})
    return {
        "resourceType": "Bundle",
        "id": _id("bundle", athlete.handle, generated_at.isoformat()),
        "type": "collection",
        "timestamp": _instant(generated_at),
        "entry": entries,
    }


def bundle_json(record: ClinicalRecord, *, generated_at: datetime) -> bytes:
    document = bundle(record, generated_at=generated_at)
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def _patient(athlete: Athlete, url: str) -> dict[str, Any]:
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": url.removeprefix("urn:uuid:"),
        "identifier": [{"system": ANKLET_HANDLE, "value": athlete.handle}],
        "name": [{"text": athlete.name}],
        "gender": {Sex.FEMALE: "female", Sex.MALE: "male"}.get(athlete.sex, "unknown"),
    }
    if athlete.birth_year is not None:
        patient["birthDate"] = f"{athlete.birth_year:04d}"  # only the year is kept
    return patient


def _observations(handle: str, assessment: Assessment, patient_url: str) -> list[dict[str, Any]]:
    found = []
    for side in Side:
        result = assessment.side(side)
        for test, value in _tests(assessment, result):
            found.append(_observation(handle, assessment, side, test, value, patient_url))
    return found


def _tests(assessment: Assessment, result: SideResult) -> Sequence[tuple[str, Any]]:
    tests: list[tuple[str, Any]] = []
    if result.lunge is not None:
        tests.append(("lunge", result.lunge))
    if result.heel_raise_reps is not None:
        tests.append(("heel-raise", result.heel_raise_reps))
    if result.single_leg_stance_s is not None:
        tests.append(("stance", result.single_leg_stance_s))
    if result.pain is not None:
        tests.append(("pain", result.pain))
    del assessment
    return tests


def _observation(
    handle: str,
    assessment: Assessment,
    side: Side,
    test: str,
    value: Any,
    patient_url: str,
) -> dict[str, Any]:
    stamp = (assessment.recorded_at or datetime.min).isoformat()
    observation: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _id("observation", handle, assessment.taken_on.isoformat(), stamp, side, test),
        "status": "final",
        "category": [_category("survey" if test == "pain" else "exam")],
        "code": _code(assessment, test),
        "subject": {"reference": patient_url},
        "effectiveDateTime": assessment.taken_on.isoformat(),
        "valueQuantity": _quantity(assessment, test, value),
        "bodySite": _ankle(side),
    }
    if assessment.recorded_at is not None:
        observation["issued"] = _instant(assessment.recorded_at)
    method = _method(assessment, test)
    if method is not None:
        observation["method"] = method
    return observation


def _code(assessment: Assessment, test: str) -> dict[str, Any]:
    if test == "pain":
        code, display = PAIN_LOINC
        return {"coding": [{"system": LOINC, "code": code, "display": display}], "text": display}
    if test == "lunge":
        code, display = (
            LUNGE_DISTANCE if assessment.lunge_method is LungeMethod.DISTANCE_CM else LUNGE_ANGLE
        )
    else:
        code, display = HEEL_RAISE if test == "heel-raise" else STANCE
    return {"coding": [{"system": ANKLET_CODES, "code": code, "display": display}], "text": display}


def _quantity(assessment: Assessment, test: str, value: Any) -> dict[str, Any]:
    if test == "lunge":
        unit, code = (
            ("cm", "cm") if assessment.lunge_method is LungeMethod.DISTANCE_CM else ("°", "deg")
        )
    else:
        unit, code = {
            "heel-raise": ("repetitions", "{repetitions}"),
            "stance": ("s", "s"),
            "pain": ("score", "{score}"),
        }[test]
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def _method(assessment: Assessment, test: str) -> dict[str, Any] | None:
    """How the value was taken, in Anklet's code system: the values are compared only
    within one method (docs/assessment.md)."""
    if test == "lunge":
        parts = [assessment.lunge_method.value, assessment.lunge_device.value]
        if assessment.lunge_placement is not None:
            parts.append(assessment.lunge_placement.value)
        rater = assessment.rater.value
        code = f"lunge-{'-'.join(parts)}"
        text = f"Knee-to-wall lunge, {', '.join(parts)}, measured by {rater}"
    elif test == "heel-raise":
        protocol, incline = assessment.heel_raise_protocol.value, assessment.incline_deg
        code = f"heel-raise-{protocol}-incline-{incline}"
        text = f"Single-leg heel raise, {protocol}, {incline}° incline"
    else:
        return None
    return {"coding": [{"system": ANKLET_CODES, "code": code}], "text": text}


def _ankle(side: Side) -> dict[str, Any]:
    qualifier, word = SIDE_QUALIFIER[side]
    return {
        "coding": [
            {
                "system": SNOMED,
                # A post-coordinated expression: ankle joint, with laterality left or right.
                "code": f"{ANKLE_JOINT}:{LATERALITY}={qualifier}",
                "display": f"{word} ankle joint",
            },
            {"system": ANKLET_CODES, "code": f"ankle-{side.value}", "display": f"{word} ankle"},
        ],
        "text": f"{word} ankle",
    }


def _category(code: str) -> dict[str, Any]:
    display = {"exam": "Exam", "survey": "Survey"}[code]
    return {"coding": [{"system": CATEGORY, "code": code, "display": display}]}


def _instant(moment: datetime) -> str:
    return moment.replace(tzinfo=UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(str(part) for part in parts)))


def _urn(*parts: object) -> str:
    return f"urn:uuid:{_id(*parts)}"
