"""Words per interface: a service says what is wrong and hands the next step over as a hint;
the API answers it as fields, a page as a link, and neither tells anyone to type a command."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import API, add_sam, problem


def test_the_api_names_the_next_step_as_fields_not_as_a_command(client: TestClient) -> None:
    add_sam(client)
    body = problem(client.get(f"{API}/athletes/sam/plan"), 404)
    assert (body["hint"], body["href"]) == ("create-plan", f"{API}/athletes/sam/plans")
    assert "anklet " not in body["detail"]
    unknown = problem(client.get(f"{API}/athletes/nobody"), 404)
    assert (unknown["hint"], unknown["href"]) == ("list-athletes", f"{API}/athletes")


def test_a_page_offers_the_next_step_as_a_link(client: TestClient) -> None:
    page = client.get("/athletes/nobody")
    assert page.status_code == 404
    assert 'id="next-step"' in page.text and 'href="/"' in page.text
    assert "anklet athlete list" not in page.text
