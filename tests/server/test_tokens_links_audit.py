"""API tokens, coach links and the audit log on the server, on SQLite and PostgreSQL: a token
is shown once, read tokens only read, revoked ones are refused; an athlete links a coach and
ends the link; every read of a record by someone else is in the log, which only an admin
reads and exports."""

from __future__ import annotations

import csv
import io

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.server.conftest import API, Cast, csrf_of


def _token(client: TestClient, scope: str) -> tuple[int, str]:
    made = client.post(f"{API}/tokens", json={"label": f"{scope} script", "scope": scope})
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["token"].startswith("ank_")
    return body["id"], body["token"]


def test_a_token_reads_writes_by_scope_and_stops_when_revoked(cast: Cast, app: FastAPI) -> None:
    read_id, read = _token(cast.athlete_a, "read")
    _, write = _token(cast.athlete_a, "write")
    listed = cast.athlete_a.get(f"{API}/tokens").json()
    assert {t["label"] for t in listed} == {"read script", "write script"}
    assert all("token" not in t for t in listed)  # the secret is never shown again
    with TestClient(app) as program:
        bearer = {"authorization": f"Bearer {read}"}
        assert program.get(f"{API}/athletes/ana", headers=bearer).status_code == 200
        assert program.get(f"{API}/athletes/ben", headers=bearer).status_code == 404
        refused = program.post(f"{API}/athletes/ana/screenings", json={"yes": []}, headers=bearer)
        assert refused.status_code == 403 and "may only read" in refused.text
        written = program.post(
            f"{API}/athletes/ana/screenings",
            json={"yes": []},
            headers={"authorization": f"Bearer {write}"},
        )
        assert written.status_code == 201, written.text
        assert cast.athlete_a.delete(f"{API}/tokens/{read_id}").status_code == 200
        gone = program.get(f"{API}/athletes/ana", headers=bearer)
        assert gone.status_code == 401
        wrong = program.get(f"{API}/athletes", headers={"authorization": "Bearer ank_made_up"})
        assert wrong.status_code == 401
    used = {t["label"]: t for t in cast.athlete_a.get(f"{API}/tokens").json()}
    assert used["read script"]["revoked_at"] and used["read script"]["last_used_on"]
    assert cast.athlete_b.delete(f"{API}/tokens/{read_id}").status_code == 404  # not theirs


def test_an_athlete_links_a_coach_and_ends_the_link(cast: Cast) -> None:
    assert cast.other_coach.get(f"{API}/athletes/ben").status_code == 404
    link = cast.athlete_b.post(f"{API}/coach-links/invitations")
    assert link.status_code == 201, link.text
    token = link.json()["path"].split("token=", 1)[1]
    refused = cast.athlete_a.post(f"{API}/coach-links", json={"token": token})
    assert refused.status_code == 422  # only a coach follows
    accepted = cast.other_coach.post(f"{API}/coach-links", json={"token": token})
    assert accepted.status_code == 201 and accepted.json() == {"athlete": "ben"}
    assert cast.other_coach.get(f"{API}/athletes/ben").status_code == 200
    again = cast.coach_a.post(f"{API}/coach-links", json={"token": token})
    assert again.status_code == 422  # the link worked once
    me = cast.athlete_b.get(f"{API}/me").json()
    assert [c["email"] for c in me["coaches"]] == ["coach.b@clinic.test"]
    coach_id = me["coaches"][0]["id"]
    assert cast.athlete_b.delete(f"{API}/coach-links/{coach_id}").status_code == 200
    assert cast.other_coach.get(f"{API}/athletes/ben").status_code == 404
    assert cast.other_coach.get(f"{API}/caseload").json()["athletes"] == []


def test_the_account_page_makes_a_token_and_a_coach_link(cast: Cast) -> None:
    token = csrf_of(cast.athlete_a, "/account")
    page = cast.athlete_a.post(
        "/account/tokens", data={"label": "watch", "scope": "read", "csrf_token": token}
    )
    assert page.status_code == 200 and 'id="new-token"' in page.text and "ank_" in page.text
    again = cast.athlete_a.get("/account")
    assert "ank_" not in again.text and "watch" in again.text
    bad = cast.athlete_a.post(
        "/account/tokens", data={"label": "", "scope": "root", "csrf_token": token}
    )
    assert bad.status_code == 422
    assert "scope: &#39;root&#39;" in bad.text and "label: &#39;&#39;" in bad.text
    linked = cast.athlete_a.post("/account/coach-link", data={"csrf_token": token})
    assert 'id="new-link"' in linked.text and "/link?token=" in linked.text


def test_the_audit_log_records_reads_by_others_and_only_an_admin_reads_it(
    cast: Cast, app: FastAPI
) -> None:
    assert cast.coach_a.get(f"{API}/athletes/ana/status").status_code == 200
    assert cast.athlete_a.get(f"{API}/athletes/ana/status").status_code == 200
    with TestClient(app) as stranger:
        stranger.post(
            "/login",
            data={
                "email": "ana@home.test",
                "password": "=cmd|' /C calc'!A0 guess",
                "csrf_token": csrf_of(stranger),
            },
        )
    events = cast.admin.get(f"{API}/audit", params={"limit": 500}).json()
    reads = [e for e in events if e["action"] == "athlete.access"]
    assert any(
        e["actor"] == "coach.a@clinic.test" and "GET /api/v1/athletes/ana/status" in e["detail"]
        for e in reads
    )
    assert not any(e["actor"] == "ana@home.test" for e in reads)  # her own reads are hers
    assert any(e["action"] == "signin.failure" and e["subject"] == "ana@home.test" for e in events)
    assert [e["id"] for e in events] == sorted((e["id"] for e in events), reverse=True)
    assert cast.coach_a.get(f"{API}/audit").status_code == 403
    assert cast.athlete_a.get("/admin/audit", headers={"accept": "text/html"}).status_code == 403
    exported = cast.admin.get("/admin/audit.csv")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == len(events)
    page = cast.admin.get("/admin/audit", headers={"accept": "text/html"})
    assert page.status_code == 200 and "athlete.access" in page.text


def test_ids_beyond_the_databases_range_are_refused_not_overflowed(cast: Cast) -> None:
    huge = 2**63
    for path in (
        f"{API}/tokens/{huge}",
        f"{API}/coach-links/{huge}",
        f"{API}/athletes/ana/plan-changes/{huge}",
    ):
        client = cast.coach_a if "plan-changes" in path else cast.athlete_a
        answer = client.delete(path)
        assert answer.status_code == 422, (path, answer.text)
    audit = cast.admin.get(f"{API}/audit", params={"before": huge})
    assert audit.status_code == 422
