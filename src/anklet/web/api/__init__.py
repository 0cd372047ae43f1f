"""/api/v1: JSON for other programs (a watch app, a club's platform), OpenAPI described.

Routes are thin: they check the request shape (pydantic), call a service, and return the same
documents the CLI prints with --json (anklet.reports)."""

from __future__ import annotations

from fastapi import APIRouter

from anklet.web.api import (
    accounts,
    assessments,
    athletes,
    caseload,
    data,
    exercises,
    plan_changes,
    plans,
    reports,
    runs,
    safety,
    sources,
    training,
)
from anklet.web.api.schemas import problem_responses
from anklet.web.deps import Authorized

# Every route describes its errors as problem+json (RFC 9457), so clients and schemathesis
# check them against the document.
router = APIRouter(dependencies=[Authorized], responses=problem_responses())
for module in (
    accounts,
    athletes,
    safety,
    assessments,
    plans,
    plan_changes,
    training,
    runs,
    exercises,
    sources,
    reports,
    caseload,
    data,
):
    router.include_router(module.router)
