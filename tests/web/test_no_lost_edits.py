"""No lost edits (optimistic concurrency): an edit writes only the fields it names, so two
people changing different details at once both keep their change; an edit that names the
version it was made on (If-Match, the body's `version`, the page's hidden field) is refused
with 409 naming the newer version when the athlete changed meanwhile, and nothing is written."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from anklet.domain.errors import StaleVersion
from anklet.services.athletes import edit_athlete
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.web.conftest import API, add_sam, ok, problem


def _athlete(client: TestClient) -> tuple[dict[str, Any], str]:
    response = client.get(f"{API}/athletes/sam")
    return ok(response), response.headers["etag"]


@pytest.mark.postgres
def test_the_etag_names_the_version_and_a_stale_if_match_is_a_409(
    client: TestClient, anklet: Anklet
) -> None:
    add_sam(client)
    first, tag = _athlete(client)
    assert first["version"] == 1 and tag == '"1"'
    edited = client.patch(f"{API}/athletes/sam", json={"minutes": 40}, headers={"If-Match": tag})
    assert ok(edited)["version"] == 2 and edited.headers["etag"] == '"2"'

    stale = client.patch(f"{API}/athletes/sam", json={"name": "Old"}, headers={"If-Match": tag})
    body = problem(stale, 409)
    assert body["type"].endswith("/stale-version")
    assert body["current_version"] == 2 and "version 2" in body["detail"]
    by_body = client.patch(f"{API}/athletes/sam", json={"name": "Old", "version": 1})
    assert problem(by_body, 409)["current_version"] == 2
    assert _athlete(client)[0]["name"] == "Sam Runner"  # nothing written

    # If-Match compares strongly (RFC 9110): a weak tag never matches, so it is refused.
    weak = client.patch(f"{API}/athletes/sam", json={"name": "New"}, headers={"If-Match": 'W/"2"'})
    assert problem(weak, 422)["field"] == "If-Match"
    strong = client.patch(f"{API}/athletes/sam", json={"name": "New"}, headers={"If-Match": '"2"'})
    assert ok(strong)["name"] == "New"
    both = {"name": "X", "version": 3}
    assert problem(client.patch(f"{API}/athletes/sam", json=both, headers={"If-Match": '"2"'}), 422)
    garbage = client.patch(f"{API}/athletes/sam", json={"name": "X"}, headers={"If-Match": "abc"})
    assert problem(garbage, 422)["field"] == "If-Match"


@pytest.mark.postgres
def test_an_edit_writes_only_the_fields_it_names(client: TestClient) -> None:
    add_sam(client)
    ok(client.patch(f"{API}/athletes/sam", json={"name": "Samantha"}))
    ok(client.patch(f"{API}/athletes/sam", json={"minutes": 45}))
    final, _ = _athlete(client)
    assert (final["name"], final["minutes"], final["version"]) == ("Samantha", 45, 3)


def test_an_edit_read_before_another_commits_keeps_the_other_edit(postgres_url: str) -> None:
    """The interleaving PostgreSQL allows: A reads, B edits the name and commits, A writes the
    minutes. Writing every column back used to put the old name back."""
    from datetime import datetime

    from anklet.domain.athlete import Athlete
    from anklet.storage.engine import make_engine

    engine = make_engine(postgres_url)
    try:
        with SqlUnitOfWork(engine) as setup:
            setup.athletes.add(Athlete(handle="ira", name="Ira"), created_at=datetime(2026, 6, 1))
            setup.commit()
        with SqlUnitOfWork(engine) as first:
            seen = first.athletes.by_handle("ira")
            assert seen is not None
            with SqlUnitOfWork(engine) as second:
                other = second.athletes.by_handle("ira")
                assert other is not None
                second.athletes.update(
                    Athlete(**{**other.__dict__, "name": "Ira Lee"}), fields=["name"]
                )
                second.commit()
            first.athletes.update(Athlete(**{**seen.__dict__, "minutes": 50}), fields=["minutes"])
            first.commit()
        with SqlUnitOfWork(engine) as check:
            final = check.athletes.by_handle("ira")
            assert final is not None
            assert (final.name, final.minutes, final.version) == ("Ira Lee", 50, 3)
            with pytest.raises(StaleVersion) as stale:
                check.athletes.update(final, fields=["name"], expected_version=2)
            assert stale.value.current == 3
    finally:
        with engine.begin() as connection:
            from sqlalchemy import text

            connection.execute(text("DELETE FROM athletes WHERE handle = 'ira'"))
        engine.dispose()


@pytest.mark.postgres
def test_two_edits_of_one_version_at_once_one_wins_one_is_told(
    client: TestClient, anklet: Anklet
) -> None:
    add_sam(client)
    for round_number in range(8):
        version = _athlete(client)[0]["version"]
        results: list[str] = []
        start = threading.Barrier(2)

        def edit(
            minutes: int,
            version: int = version,
            start: threading.Barrier = start,
            results: list[str] = results,
        ) -> None:
            start.wait()
            try:
                edit_athlete(
                    uow=anklet.uow(),
                    handle="sam",
                    changes={"minutes": minutes},
                    clock=anklet.clock,
                    expected_version=version,
                )
                results.append("saved")
            except StaleVersion:
                results.append("stale")

        threads = [threading.Thread(target=edit, args=(30 + n + round_number,)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == ["saved", "stale"]
        assert _athlete(client)[0]["version"] == version + 1


def test_a_page_saved_on_an_older_version_says_changed_elsewhere(client: TestClient) -> None:
    add_sam(client)
    form = client.get("/athletes/sam/edit")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    version = re.search(r'name="version" value="(\d+)"', form.text)
    assert token and version and version.group(1) == "1"
    ok(client.patch(f"{API}/athletes/sam", json={"minutes": 50}))  # another tab saves first
    fields = {"csrf_token": token.group(1), "version": "1", "name": "Sam Typed", "minutes": "30"}
    saved = client.post("/athletes/sam/edit", data={**fields, "days": ["mon"]})
    assert saved.status_code == 409
    assert "changed elsewhere" in saved.text and 'href="/athletes/sam/edit"' in saved.text
    assert 'value="Sam Typed"' in saved.text  # what was typed is kept
    assert _athlete(client)[0]["minutes"] == 50
    fresh = client.get("/athletes/sam/edit")
    assert 'name="version" value="2"' in fresh.text
