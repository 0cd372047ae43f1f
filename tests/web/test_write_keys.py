"""A write sent again with the same Idempotency-Key (a phone's offline queue retrying) is
given the first answer and stored once, through the API and through a page's form post;
the same key on another request is refused; a write refused keeps no key. Both databases."""

from __future__ import annotations

import uuid

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from anklet.bootstrap import Anklet
from anklet.storage.log_tables import check_ins, session_logs
from anklet.storage.receipt_tables import write_receipts
from tests.helpers import TODAY
from tests.web.conftest import API, created, problem
from tests.web.test_pages import form_values, token

HEADER = "Idempotency-Key"


def _anklet(client: TestClient) -> Anklet:
    assert isinstance(client.app, FastAPI)
    found: Anklet = client.app.state.anklet
    return found


def count(client: TestClient, table: object) -> int:
    with _anklet(client).engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def key() -> dict[str, str]:
    return {HEADER: str(uuid.uuid4())}


def test_a_log_sent_twice_with_one_key_is_logged_once_and_answered_the_same(
    client: TestClient, sam: str
) -> None:
    headers = key()
    body = {"pain": 2, "notes": "sent from the gym"}
    first = client.post(f"{API}/athletes/{sam}/session-logs", json=body, headers=headers)
    again = client.post(f"{API}/athletes/{sam}/session-logs", json=body, headers=headers)
    assert created(first) == created(again)
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["content-type"] == first.headers["content-type"]
    assert count(client, session_logs) == 1
    history = client.get(f"{API}/athletes/{sam}/history").json()
    assert [log["notes"] for log in history["logs"]] == ["sent from the gym"]


def test_a_check_in_sent_twice_with_one_key_is_stored_once(client: TestClient, sam: str) -> None:
    headers = key()
    body = {"morning_pain": 1, "stiffness": 2}
    first = created(client.post(f"{API}/athletes/{sam}/check-ins", json=body, headers=headers))
    again = created(client.post(f"{API}/athletes/{sam}/check-ins", json=body, headers=headers))
    assert first == again
    assert count(client, check_ins) == 1
    # Without a key, the same morning again is the usual conflict: nothing hides it.
    problem(client.post(f"{API}/athletes/{sam}/check-ins", json=body), 409)


def test_one_key_on_another_request_is_refused_and_stores_nothing(
    client: TestClient, sam: str
) -> None:
    headers = key()
    created(client.post(f"{API}/athletes/{sam}/session-logs", json={"pain": 2}, headers=headers))
    other = client.post(
        f"{API}/athletes/{sam}/session-logs", json={"pain": 3, "replace": True}, headers=headers
    )
    refused = problem(other, 422)
    assert refused["field"] == HEADER and "another request" in refused["allowed"]
    assert client.get(f"{API}/athletes/{sam}/history").json()["logs"][0]["pain"] == 2


def test_a_key_that_is_not_a_key_is_a_422_naming_the_header(client: TestClient, sam: str) -> None:
    for bad in ("short", "x" * 129, "with spaces in it, sixteen+"):
        refused = problem(
            client.post(
                f"{API}/athletes/{sam}/session-logs", json={"pain": 2}, headers={HEADER: bad}
            ),
            422,
        )
        assert refused["field"] == HEADER and "16 to 128" in refused["allowed"]
    assert count(client, session_logs) == 0 and count(client, write_receipts) == 0


def test_a_refused_write_keeps_no_key_so_the_corrected_one_goes_through(
    client: TestClient, sam: str
) -> None:
    headers = key()
    problem(
        client.post(f"{API}/athletes/{sam}/session-logs", json={"pain": 11}, headers=headers), 422
    )
    assert count(client, write_receipts) == 0
    created(client.post(f"{API}/athletes/{sam}/session-logs", json={"pain": 1}, headers=headers))
    assert count(client, session_logs) == 1


def test_a_write_stored_without_its_answer_is_not_stored_again(
    client: TestClient, sam: str
) -> None:
    """The server stopped between committing the write and keeping its answer: a retry is
    told it is recorded (409 already-recorded), and nothing is written twice."""
    headers = key()
    body = {"pain": 2}
    created(client.post(f"{API}/athletes/{sam}/session-logs", json=body, headers=headers))
    with _anklet(client).engine.begin() as connection:
        connection.execute(update(write_receipts).values(status=None, body=None, media_type=None))
    refused = problem(
        client.post(f"{API}/athletes/{sam}/session-logs", json=body, headers=headers), 409
    )
    assert refused["type"].endswith("/already-recorded")
    assert count(client, session_logs) == 1


def test_a_page_form_posted_twice_with_one_key_logs_once_and_redirects_the_same(
    client: TestClient, sam: str
) -> None:
    page = client.get(f"/athletes/{sam}/log")
    posted = form_values(page.text) | {"pain": "3", "notes": "queued offline"}
    headers = key()
    first = client.post(
        f"/athletes/{sam}/log", data=posted, headers=headers, follow_redirects=False
    )
    # Sent later, with a newer CSRF token: still the same write.
    again = client.post(
        f"/athletes/{sam}/log",
        data=posted | {"csrf_token": token(client)},
        headers=headers,
        follow_redirects=False,
    )
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"] == f"/athletes/{sam}/status"
    assert again.headers["Idempotent-Replayed"] == "true"
    assert count(client, session_logs) == 1

    checked = {"csrf_token": token(client), "morning_pain": "1", "stiffness": "1"}
    morning = key()
    for _ in range(2):
        answer = client.post(
            f"/athletes/{sam}/checkin", data=checked, headers=morning, follow_redirects=False
        )
        assert answer.status_code == 303
    assert count(client, check_ins) == 1
    # Its answer lost: the page says it is recorded, and the queue can tell.
    with _anklet(client).engine.begin() as connection:
        connection.execute(update(write_receipts).values(status=None, body=None, media_type=None))
    recorded = client.post(f"/athletes/{sam}/checkin", data=checked, headers=morning)
    assert recorded.status_code == 409 and "already recorded" in recorded.text
    assert recorded.headers["Idempotent-Replayed"] == "recorded"
    assert count(client, check_ins) == 1


def test_a_page_post_with_a_key_still_needs_its_csrf_token(client: TestClient, sam: str) -> None:
    page = client.get(f"/athletes/{sam}/log")
    posted = form_values(page.text) | {"pain": "3"}
    headers = key()
    ok = client.post(f"/athletes/{sam}/log", data=posted, headers=headers, follow_redirects=False)
    assert ok.status_code == 303
    forged = client.post(
        f"/athletes/{sam}/log",
        data=posted | {"csrf_token": "forged"},
        headers=headers,
        follow_redirects=False,
    )
    assert forged.status_code == 403 and "Location" not in forged.headers
    assert "security token" in forged.text


def test_a_page_form_refused_shows_its_errors_and_keeps_no_key(
    client: TestClient, sam: str
) -> None:
    page = client.get(f"/athletes/{sam}/log")
    headers = key()
    refused = client.post(
        f"/athletes/{sam}/log", data=form_values(page.text) | {"pain": "12"}, headers=headers
    )
    assert refused.status_code == 422 and 'class="field-error"' in refused.text
    assert count(client, write_receipts) == 0
    assert TODAY.isoformat() in refused.text
