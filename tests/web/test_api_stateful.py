"""schemathesis's stateful phase over the API (issue 13): sequences of calls that follow the
links schemathesis infers from the OpenAPI document (an athlete made, then read, edited,
logged for, checked in, tested...), at least 2,000 requests with every built-in check on
(no server error; status codes, content types, headers and bodies as documented; input the
schema forbids refused, input it allows accepted or refused by a named rule; what was made
found, and nothing used after it was deleted). It found a handle whose pattern the schema did
not state, and 404s that did not say what was missing.

Deterministic: Hypothesis is derandomized and schemathesis's order of first calls seeded,
and every scenario starts from the same database (a copy of one seeded file, a new engine
and app; the clock is fixed), so a run alone makes the same requests each time. Inside a whole
run of the suite it once made others (a multipart file part of the bytes `false`), so what
moves its choices there is not pinned down: a failure seen only in CI is worth reading.
SQLite only, like the stateless run (test_api_schemathesis.py): the run is about the API's
contract. The printed documents (a second each) are left to the stateless run and
test_api_reports.py, so the run stays within a few minutes on two cores."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import (
    ensure_resource_availability,
    negative_data_rejection,
    positive_data_acceptance,
)
from sqlalchemy.engine import Engine

from anklet.bootstrap import Anklet
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.web.app import create_app
from tests.helpers import FakeClock
from tests.web.conftest import API, PLAN_START, add_sam, created

pytestmark = pytest.mark.slow

SEED = 20261202
SCENARIOS = 160
STEPS_PER_SCENARIO = 20
AT_LEAST = 2_000
PRINTED = rf"^{API}/athletes/\{{handle\}}/(handout|progress-report)$"
# The one upload of files. A file in a multipart body is bytes with no JSON type to violate:
# a "boolean" file (one order of the run made the part's content the five bytes `false`) is
# an unreadable file, which the import refuses by name in its answer for each file (200, as
# documented), so the check that schema-violating input is refused cannot apply to it. Its
# other checks (no server error, the answer as documented) still do.
UPLOADS = {f"POST {API}/athletes/{{handle}}/runs"}


def accepted_or_refused_by_a_named_rule(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis's positive_data_acceptance, but for one answer: a 422 problem that
    names the field, the value and what is allowed. That is how the domain refuses what a
    JSON schema cannot state (a date on or before today and not before the athlete was
    added, a birth year that makes an age of 10 to 100 this year, a plan week that exists,
    a lock key that is open); a schema-valid request refused any other way (a bare 422 of
    the framework, a 400) is still a failure."""
    if response.status_code == 422:
        body = response.json()
        if body.get("type", "").endswith("/invalid-value") and {"field", "allowed"} <= set(body):
            return True
    return positive_data_acceptance(ctx, response, case)


def created_is_found(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis's ensure_resource_availability, but a 404 that says something else is
    missing is no failure: a new athlete has no baseline before its first morning, no
    calendar before its first plan, and, without accounts, no clinical notes (the problem's
    `missing` names the baseline, the plan or the account). A 404 that names the athlete
    just made is still a failure."""
    if response.status_code == 404:
        missing = response.json().get("missing")
        if missing is not None and missing != "athlete":
            return None
    return ensure_resource_availability(ctx, response, case)


class Fresh:
    """A new app on a new copy of the seeded database, for each scenario."""

    def __init__(self, seeded: Path, folder: Path) -> None:
        self.seeded = seeded
        self.folder = folder
        self.count = 0
        self.engine: Engine | None = None
        self.app: FastAPI = self.new()

    def new(self) -> FastAPI:
        if self.engine is not None:
            self.engine.dispose()
        self.count += 1
        path = self.folder / f"scenario-{self.count}.db"
        shutil.copy(self.seeded, path)
        url = f"sqlite:///{path}"
        self.engine = make_engine(url)
        settings_ = build_settings(db=url, environ={})
        anklet = Anklet(settings=settings_, engine=self.engine, clock=FakeClock())
        self.app = create_app(anklet=anklet)
        return self.app


@pytest.fixture
def fresh(tmp_path: Path, sqlite_template: Path) -> Iterator[Fresh]:
    seeded = tmp_path / "seeded.db"
    shutil.copy(sqlite_template, seeded)
    engine = make_engine(f"sqlite:///{seeded}")
    anklet = Anklet(
        settings=build_settings(db=f"sqlite:///{seeded}", environ={}),
        engine=engine,
        clock=FakeClock(),
    )
    with TestClient(create_app(anklet=anklet)) as client:
        add_sam(client)
        created(client.post(f"{API}/athletes/sam/plans", json={"start": PLAN_START.isoformat()}))
    engine.dispose()
    made = Fresh(seeded, tmp_path)
    yield made
    if made.engine is not None:
        made.engine.dispose()


def test_sequences_of_calls_answer_as_documented(fresh: Fresh) -> None:
    schema = schemathesis.openapi.from_asgi(f"{API}/openapi.json", fresh.app).exclude(
        path_regex=PRINTED
    )
    machine: Any = schema.as_state_machine()

    class Scenarios(machine):  # type: ignore[misc]
        answered: ClassVar[Counter[int]] = Counter()
        called: ClassVar[set[str]] = set()
        rule_order_seed = SEED

        def setup(self) -> None:
            fresh.new()

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"app": fresh.app}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            self.called.add(case.operation.label)
            excluded = [positive_data_acceptance, ensure_resource_availability]
            if case.operation.label in UPLOADS:
                excluded.append(negative_data_rejection)
            case.validate_response(
                response,
                excluded_checks=excluded,
                additional_checks=[accepted_or_refused_by_a_named_rule, created_is_found],
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            self.answered[response.status_code] += 1

    Scenarios.run(
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS_PER_SCENARIO,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
    )
    assert Scenarios.answered.total() >= AT_LEAST, Scenarios.answered
    assert not any(status >= 500 for status in Scenarios.answered), Scenarios.answered
    assert Scenarios.called >= UPLOADS  # the exception above names a call that was made
