"""The FHIR R4 export (issue 10, point 7): the bundle validates with the fhir.resources
library's models, and holds one Patient and one Observation per test, side and assessment,
with the codes, units, body sites and methods docs/fhir.md lists."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from anklet.domain.assessment import (
    Assessment,
    LungeDevice,
    LungeMethod,
    LungePlacement,
    SideResult,
)
from anklet.domain.athlete import Athlete, Sex
from anklet.reports.fhir import ANKLET_CODES, LOINC, SNOMED, UCUM, bundle, bundle_json
from anklet.services.data_transfer import ClinicalRecord

NOW = datetime(2026, 6, 15, 12, 0, 0)
TAPE = Assessment(
    taken_on=date(2026, 6, 1),
    left=SideResult(lunge=8.5, heel_raise_reps=18, pain=2, single_leg_stance_s=31.5),
    right=SideResult(lunge=11.0, heel_raise_reps=26),
    recorded_at=datetime(2026, 6, 1, 9, 30, 5, 123456),
)
ANGLE = Assessment(
    taken_on=date(2026, 6, 14),
    left=SideResult(lunge=38.0),
    lunge_method=LungeMethod.ANGLE_DEG,
    lunge_device=LungeDevice.INCLINOMETER,
    lunge_placement=LungePlacement.TUBEROSITY,
    recorded_at=datetime(2026, 6, 14, 8, 0, 0),
)
SAM = Athlete(handle="sam", name="Sam Lee", birth_year=1990, sex=Sex.FEMALE)


def _bundle(athlete: Athlete = SAM) -> dict[str, Any]:
    document = json.loads(bundle_json(ClinicalRecord(athlete, (TAPE, ANGLE)), generated_at=NOW))
    assert isinstance(document, dict)
    return document


def _observations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == "Observation"
    ]


def test_the_bundle_validates_as_fhir_r4() -> None:
    document = _bundle()
    parsed = Bundle.model_validate(document)
    assert parsed.type == "collection"
    # Read back through the library: every entry is a resource of the type written.
    kinds = [e.resource.get_resource_type() for e in parsed.entry or [] if e.resource]
    assert kinds == ["Patient"] + ["Observation"] * 7


def test_one_observation_per_test_and_side_with_unit_site_and_method() -> None:
    found = {
        (o["effectiveDateTime"], o["bodySite"]["text"], o["code"]["coding"][0]["code"]): o
        for o in _observations(_bundle())
    }
    assert set(found) == {
        ("2026-06-01", "Left ankle", "knee-to-wall-distance"),
        ("2026-06-01", "Left ankle", "single-leg-heel-raise-count"),
        ("2026-06-01", "Left ankle", "single-leg-stance-time"),
        ("2026-06-01", "Left ankle", "72514-3"),
        ("2026-06-01", "Right ankle", "knee-to-wall-distance"),
        ("2026-06-01", "Right ankle", "single-leg-heel-raise-count"),
        ("2026-06-14", "Left ankle", "knee-to-wall-angle"),
    }
    lunge = found[("2026-06-01", "Left ankle", "knee-to-wall-distance")]
    assert lunge["valueQuantity"] == {"value": 8.5, "unit": "cm", "system": UCUM, "code": "cm"}
    assert lunge["method"]["coding"][0] == {
        "system": ANKLET_CODES,
        "code": "lunge-distance-cm-tape",
    }
    assert lunge["issued"] == "2026-06-01T09:30:05Z"
    angle = found[("2026-06-14", "Left ankle", "knee-to-wall-angle")]
    assert angle["valueQuantity"]["code"] == "deg"
    assert "tibial-tuberosity" in angle["method"]["coding"][0]["code"]
    pain = found[("2026-06-01", "Left ankle", "72514-3")]
    assert pain["code"]["coding"][0]["system"] == LOINC
    assert pain["valueQuantity"]["value"] == 2
    assert pain["category"][0]["coding"][0]["code"] == "survey"
    site = lunge["bodySite"]["coding"][0]
    assert site["system"] == SNOMED and site["code"] == "70258002:272741003=7771000"
    right = found[("2026-06-01", "Right ankle", "knee-to-wall-distance")]
    assert right["bodySite"]["coding"][0]["code"].endswith("=24028007")


def test_the_patient_holds_the_handle_and_what_was_given_nothing_more() -> None:
    patient = _bundle()["entry"][0]["resource"]
    assert patient == {
        "resourceType": "Patient",
        "id": patient["id"],
        "identifier": [{"system": "https://anklet.invalid/fhir/athlete-handle", "value": "sam"}],
        "name": [{"text": "Sam Lee"}],
        "gender": "female",
        "birthDate": "1990",
    }
    anonymous = _bundle(Athlete(handle="kim", name="Kim"))["entry"][0]["resource"]
    assert "birthDate" not in anonymous and anonymous["gender"] == "unknown"
    for observation in _observations(_bundle()):
        assert observation["subject"]["reference"] == f"urn:uuid:{patient['id']}"


def test_the_same_history_gives_the_same_bundle() -> None:
    record = ClinicalRecord(SAM, (TAPE, ANGLE))
    assert bundle(record, generated_at=NOW) == bundle(record, generated_at=NOW)
    ids = [e["resource"]["id"] for e in bundle(record, generated_at=NOW)["entry"]]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("athlete", [SAM, Athlete(handle="x", name="X", sex=Sex.MALE)])
def test_an_athlete_without_assessments_is_a_bundle_with_the_patient_only(
    athlete: Athlete,
) -> None:
    document = bundle(ClinicalRecord(athlete, ()), generated_at=NOW)
    Bundle.model_validate(document)
    assert [e["resource"]["resourceType"] for e in document["entry"]] == ["Patient"]
