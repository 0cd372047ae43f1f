"""The OpenAPI document against the app (issue 6, point 5): schemathesis generates requests
for every operation from /api/v1/openapi.json, with a bounded number of examples, and checks
that no response is a server error and every response matches its documented schema.

SQLite only: the run is about the API's contract, not the engine; sam has a plan, so the
routes under /athletes/{handle} answer with real documents as well as with problems."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeAlias

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.errors import InvalidSchema
from schemathesis.core.result import Err, Ok
from schemathesis.specs.openapi.checks import response_schema_conformance

from anklet.bootstrap import Anklet
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.web.app import create_app
from tests.helpers import FakeClock
from tests.web.conftest import API, PLAN_START, add_sam, created

# schemathesis leaves its operations' parameter, response and schema types open.
Operation: TypeAlias = schemathesis.APIOperation[Any, Any, Any, Any]


@pytest.fixture
def seeded_app(tmp_path: Path, sqlite_template: Path) -> Iterator[FastAPI]:
    path = tmp_path / "anklet.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    anklet = Anklet(settings=build_settings(db=url, environ={}), engine=engine, clock=FakeClock())
    app = create_app(anklet=anklet)
    with TestClient(app) as client:
        add_sam(client)
        created(client.post(f"{API}/athletes/sam/plans", json={"start": PLAN_START.isoformat()}))
    yield app
    engine.dispose()


@pytest.fixture
def api_schema(seeded_app: FastAPI) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi(f"{API}/openapi.json", seeded_app)


def test_every_operation_answers_without_a_server_error_and_as_documented(
    api_schema: schemathesis.BaseSchema,
) -> None:
    """Each operation in turn, with its own bounded Hypothesis run. (schemathesis's lazy
    pytest fixture loader does not run on pytest 9, so the operations are walked here.)"""
    operations = [_operation(result) for result in api_schema.get_all_operations()]
    assert len(operations) >= 22
    for operation in operations:
        check_operation(operation)


def _operation(result: Ok[Operation] | Err[InvalidSchema]) -> Operation:
    if isinstance(result, Err):
        raise result.err()
    return result.ok()


# Printed documents take a second or more each to lay out: a few examples cover their
# parameters (tests/web/test_api_reports.py checks them one by one).
DOCUMENT_EXAMPLES = 4
DOCUMENT_PATHS = (
    f"{API}/athletes/{{handle}}/handout",
    f"{API}/athletes/{{handle}}/progress-report",
)


def check_operation(operation: Operation) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=DOCUMENT_EXAMPLES if operation.path in DOCUMENT_PATHS else 20,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case[Operation]) -> None:
        if "handle" in (case.path_parameters or {}):
            # Unknown handles are 404 problems (test_api_errors); here sam's documents are fuzzed.
            case.path_parameters["handle"] = "sam"
        case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

    run()
