"""The whole API on a server with accounts, through a coach's write token (issue 15):
schemathesis generates requests for every operation from the OpenAPI document, and no answer
is a server error or leaves its documented schema. SQLite, a few examples per operation: the
signed-out run (tests/web/test_api_schemathesis.py) fuzzes the documents themselves."""

from __future__ import annotations

from collections.abc import Iterator
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

from tests.server.conftest import API, Cast

Operation: TypeAlias = schemathesis.APIOperation[Any, Any, Any, Any]
EXAMPLES = 5
DOCUMENT_EXAMPLES = 2
SLOW = (f"{API}/athletes/{{handle}}/handout", f"{API}/athletes/{{handle}}/progress-report")


@pytest.fixture
def coach_token(cast: Cast, database_url: str) -> Iterator[str]:
    if not database_url.startswith("sqlite"):
        pytest.skip("the contract run needs one database; the matrix covers both")
    made = cast.coach_a.post(f"{API}/tokens", json={"label": "fuzz", "scope": "write"})
    assert made.status_code == 201, made.text
    yield str(made.json()["token"])


def test_every_operation_signed_in_answers_as_documented(app: FastAPI, coach_token: str) -> None:
    schema = schemathesis.openapi.from_asgi(f"{API}/openapi.json", app)
    operations = [_ok(result) for result in schema.get_all_operations()]
    assert len(operations) >= 40
    headers = {"authorization": f"Bearer {coach_token}"}
    for operation in operations:
        _check(operation, headers)
    with TestClient(app) as still:
        assert still.get(f"{API}/me", headers=headers).status_code == 200


def _ok(result: Ok[Operation] | Err[InvalidSchema]) -> Operation:
    if isinstance(result, Err):
        raise result.err()
    return result.ok()


def _check(operation: Operation, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=DOCUMENT_EXAMPLES if operation.path in SLOW else EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case[Operation]) -> None:
        if "handle" in (case.path_parameters or {}):
            case.path_parameters["handle"] = "ana"  # the coach's linked athlete
        if operation.path == f"{API}/tokens/{{token_id}}" and operation.method == "delete":
            return  # revoking its own token would end the run, not find a bug
        case.call_and_validate(
            headers=headers, checks=[not_a_server_error, response_schema_conformance]
        )

    run()
