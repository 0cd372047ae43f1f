"""Response schemas in the OpenAPI document (issue 6, points 3 and 5): every successful answer
of every route is described by a model named by role (anklet.web.api.responses), closed to
unknown keys, so schemathesis's conformance check compares real documents with real schemas."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import API

JSON = "application/json"

# A few routes and the model that describes their successful answer.
NAMED = {
    ("get", "/athletes"): "AthleteOut",
    ("get", "/athletes/{handle}"): "AthleteDetailOut",
    ("post", "/athletes/{handle}/screenings"): "ScreeningOut",
    ("post", "/athletes/{handle}/clearances"): "ClearanceOut",
    ("get", "/athletes/{handle}/locks"): "LocksOut",
    ("get", "/athletes/{handle}/locks/history"): "LockHistoryOut",
    ("post", "/athletes/{handle}/assessments"): "AssessmentOut",
    ("get", "/athletes/{handle}/plan"): "PlanOut",
    ("get", "/athletes/{handle}/today"): "DayViewOut",
    ("get", "/athletes/{handle}/week"): "DayViewOut",
    ("post", "/athletes/{handle}/session-logs"): "SessionLogOut",
    ("get", "/athletes/{handle}/status"): "StatusOut",
    ("get", "/athletes/{handle}/progress"): "ProgressOut",
    ("get", "/exercises/{exercise_id}"): "ExerciseDetailOut",
}


def _document(client: TestClient) -> dict[str, Any]:
    document: dict[str, Any] = client.get(f"{API}/openapi.json").json()
    return document


def _successes(document: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(method, path, status) -> the JSON schema of each 2xx answer."""
    found = {}
    for path, operations in document["paths"].items():
        if not path.startswith(API) or path.startswith(f"{API}/openapi") or "/docs" in path:
            continue
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                # Documents (a calendar, a PDF) are described by their media type instead.
                if code.startswith("2") and JSON in response.get("content", {JSON: {}}):
                    content = response.get("content", {})
                    found[(method, path.removeprefix(API), code)] = content.get(JSON, {}).get(
                        "schema", {}
                    )
    return found


def _model_name(schema: dict[str, Any]) -> str | None:
    """The component a schema refers to, directly or as the items of an array."""
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def test_every_successful_answer_of_every_route_has_a_real_schema(client: TestClient) -> None:
    document = _document(client)
    successes = _successes(document)
    assert len(successes) >= 22
    components = document["components"]["schemas"]
    for key, schema in successes.items():
        name = _model_name(schema)
        described = components[name] if name else schema.get("items", schema)
        assert described.get("properties"), f"no response schema for {key}"


DOCUMENTS = {
    "/athletes/{handle}/calendar.ics": {"text/calendar"},
    "/athletes/{handle}/handout": {"text/html", "application/pdf"},
    "/athletes/{handle}/progress-report": {"text/html", "application/pdf"},
}


def test_document_routes_name_their_media_types(client: TestClient) -> None:
    paths = _document(client)["paths"]
    for path, media in DOCUMENTS.items():
        content = paths[f"{API}{path}"]["get"]["responses"]["200"]["content"]
        assert set(content) == media, path


def test_successful_answers_are_described_by_models_named_by_role(client: TestClient) -> None:
    successes = _successes(_document(client))
    by_route = {
        (method, path): _model_name(schema) for (method, path, _), schema in successes.items()
    }
    for route, model in NAMED.items():
        assert by_route[route] == model, route
    assert all(name and name.endswith("Out") for name in by_route.values()), by_route


def test_response_models_refuse_keys_they_do_not_name(client: TestClient) -> None:
    """A document key a model forgets is an error, not a silently dropped field; the schemas
    say so, so a client (and schemathesis) can rely on the listed keys being all of them."""
    document = _document(client)
    components = document["components"]["schemas"]
    out_models = {name: schema for name, schema in components.items() if name.endswith("Out")}
    assert len(out_models) >= 30
    for name, schema in out_models.items():
        assert schema.get("additionalProperties") is False, name
        assert schema["properties"], name
    # A key named after a Python keyword keeps its name in the document.
    assert "class" in components["AsymmetryOut"]["properties"]
