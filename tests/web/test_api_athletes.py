"""/athletes and body mass: optional, sent back as stored, edited, and checked against its
range (30 to 250 kg) like every other value, as a 422 problem naming field, value and range."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from tests.helpers import row_counts
from tests.web.conftest import API, add_sam, created, ok, problem


def test_body_mass_is_optional_sent_back_and_edited(client: TestClient) -> None:
    add_sam(client)
    assert ok(client.get(f"{API}/athletes/sam"))["body_mass_kg"] is None
    kim = created(
        client.post(f"{API}/athletes", json={"handle": "kim", "name": "Kim", "body_mass_kg": 104.5})
    )
    assert kim["body_mass_kg"] == 104.5
    edited = ok(client.patch(f"{API}/athletes/kim", json={"body_mass_kg": 72}))
    assert edited["body_mass_kg"] == 72
    assert ok(client.get(f"{API}/athletes/kim"))["body_mass_kg"] == 72
    assert [a["body_mass_kg"] for a in ok(client.get(f"{API}/athletes"))] == [72, None]


@pytest.mark.parametrize("kg", [20, 300, 29.5])
@pytest.mark.parametrize("method", ["post", "patch"])
def test_a_body_mass_outside_30_to_250_kg_is_a_422_problem(
    client: TestClient, anklet: Anklet, method: str, kg: float
) -> None:
    add_sam(client)
    before = row_counts(anklet.engine)
    body: dict[str, Any] = {"body_mass_kg": kg}
    if method == "post":
        response = client.post(f"{API}/athletes", json=body | {"handle": "kim", "name": "Kim"})
    else:
        response = client.patch(f"{API}/athletes/sam", json=body)
    found = problem(response, 422)
    assert (found["field"], found["value"], found["allowed"]) == (
        "body_mass_kg",
        kg,
        "30 to 250 kg",
    )
    assert row_counts(anklet.engine) == before


def test_a_body_mass_that_is_not_a_number_is_a_422_problem(client: TestClient) -> None:
    response = client.post(
        f"{API}/athletes", json={"handle": "kim", "name": "Kim", "body_mass_kg": "heavy"}
    )
    assert problem(response, 422)["field"] == "body_mass_kg"
