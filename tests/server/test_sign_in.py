"""Accounts on the multi-user server, on SQLite and PostgreSQL: signing in and out, the
session rotated at sign-in and ended when idle, throttling held in the database, one-time
invitation and reset links, and lists scoped to what each account may see."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from anklet.domain.accounts import (
    LOGIN_FAILURES_PER_ACCOUNT,
    RESET_LIFETIME,
    SESSION_IDLE,
    Role,
)
from anklet.services.accounts import invite, issue_reset
from tests.helpers import FakeClock
from tests.server.conftest import API, PASSWORD, Cast, csrf_of, make_admin, principal_of, sign_in


def _login(client: TestClient, email: str, password: str) -> int:
    token = csrf_of(client)
    answer = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    return answer.status_code


def test_pages_send_a_stranger_to_sign_in_and_the_api_says_401(app: FastAPI) -> None:
    with TestClient(app) as client:
        page = client.get(
            "/athletes/ana/today", headers={"accept": "text/html"}, follow_redirects=False
        )
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=%2Fathletes%2Fana%2Ftoday"
        api = client.get(f"{API}/athletes")
        assert api.status_code == 401 and api.headers["content-type"] == "application/problem+json"
        assert api.headers["www-authenticate"].startswith("Bearer")


def test_signing_in_rotates_the_session_and_signing_out_ends_it(
    server: Anklet, app: FastAPI
) -> None:
    email = make_admin(server)
    with TestClient(app) as client:
        client.cookies.set("anklet_session", "planted-by-someone-else", domain="testserver.local")
        sign_in(client, email)
        session = client.cookies.get("anklet_session")
        assert session and session != "planted-by-someone-else"
        assert client.get(f"{API}/athletes").status_code == 200
        sign_in(client, email)  # signing in again gives a new session, the old one ends
        again = client.cookies.get("anklet_session")
        assert again != session
        with TestClient(app) as thief:
            thief.cookies.set("anklet_session", session)
            assert thief.get(f"{API}/athletes").status_code == 401
        token = csrf_of(client, "/")
        out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert out.status_code == 303
        with TestClient(app) as thief:
            thief.cookies.set("anklet_session", str(again))
            assert thief.get(f"{API}/athletes").status_code == 401


def test_a_session_ends_when_idle(server: Anklet, app: FastAPI) -> None:
    email = make_admin(server)
    with TestClient(app) as client:
        sign_in(client, email)
        assert client.get(f"{API}/athletes").status_code == 200
        assert isinstance(server.clock, FakeClock)
        server.clock.advance(SESSION_IDLE - timedelta(minutes=1))
        assert client.get(f"{API}/athletes").status_code == 200  # used: kept alive
        server.clock.advance(SESSION_IDLE + timedelta(minutes=1))
        assert client.get(f"{API}/athletes").status_code == 401


def test_sign_in_is_throttled_per_account_across_clients(server: Anklet, app: FastAPI) -> None:
    email = make_admin(server)
    for attempt in range(LOGIN_FAILURES_PER_ACCOUNT):
        # A new client each time: the count is in the database, not in a cookie or a process.
        with TestClient(app) as client:
            assert _login(client, email, f"wrong password {attempt}") == 422
    with TestClient(app) as client:
        token = csrf_of(client)
        refused = client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
        assert refused.status_code == 422 and "too many failed sign-ins" in refused.text
    assert isinstance(server.clock, FakeClock)
    server.clock.advance(timedelta(minutes=16))
    with TestClient(app) as client:
        assert _login(client, email, PASSWORD) == 303


def test_a_wrong_address_and_a_wrong_password_read_the_same(server: Anklet, app: FastAPI) -> None:
    email = make_admin(server)
    with TestClient(app) as client:
        token = csrf_of(client)
        wrong_password = client.post(
            "/login", data={"email": email, "password": "not the password", "csrf_token": token}
        )
        nobody = client.post(
            "/login",
            data={
                "email": "nobody@clinic.test",
                "password": "not the password",
                "csrf_token": token,
            },
        )
    assert wrong_password.status_code == nobody.status_code == 422
    assert "the address and password of an account" in wrong_password.text
    assert wrong_password.text.replace(email, "X") == nobody.text.replace("nobody@clinic.test", "X")


def test_a_login_form_without_its_token_is_refused(server: Anklet, app: FastAPI) -> None:
    email = make_admin(server)
    with TestClient(app) as client:
        answer = client.post("/login", data={"email": email, "password": PASSWORD})
        assert answer.status_code == 403
        assert client.cookies.get("anklet_session") is None


def test_an_invitation_works_once(server: Anklet, app: FastAPI) -> None:
    admin = principal_of(server, make_admin(server))
    link = invite(uow=server.accounts_uow(), clock=server.clock, inviter=admin, role=Role.COACH)
    form = {
        "token": link.secret,
        "email": "coach@clinic.test",
        "name": "Cleo",
        "password": PASSWORD,
    }
    with TestClient(app) as first, TestClient(app) as second:
        made = first.post(
            "/join", data=form | {"csrf_token": csrf_of(first)}, follow_redirects=False
        )
        assert made.status_code == 303 and first.cookies.get("anklet_session")
        again = second.post(
            "/join",
            data=form | {"email": "other@clinic.test", "csrf_token": csrf_of(second)},
        )
        assert again.status_code == 422 and "unused and less than 7 days old" in again.text
    assert principal_of(server, "coach@clinic.test").role is Role.COACH


def test_a_reset_link_works_once_and_expires(server: Anklet, app: FastAPI) -> None:
    email = make_admin(server)
    link = issue_reset(uow=server.accounts_uow(), clock=server.clock, email=email)
    new = "a brand new passphrase"
    with TestClient(app) as client:
        sign_in(client, email)
        token = csrf_of(client, "/reset")
        done = client.post(
            "/reset",
            data={"token": link.secret, "password": new, "csrf_token": token},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert client.get(f"{API}/athletes").status_code == 401  # every session ended
        reused = client.post(
            "/reset",
            data={"token": link.secret, "password": "yet another one!", "csrf_token": token},
        )
        assert reused.status_code == 422
        assert _login(client, email, new) == 303
    late = issue_reset(uow=server.accounts_uow(), clock=server.clock, email=email)
    assert isinstance(server.clock, FakeClock)
    server.clock.advance(RESET_LIFETIME + timedelta(seconds=1))
    with TestClient(app) as client:
        expired = client.post(
            "/reset",
            data={
                "token": late.secret,
                "password": "too late for this",
                "csrf_token": csrf_of(client),
            },
        )
        assert expired.status_code == 422


def _handles(client: TestClient) -> list[str]:
    answer = client.get(f"{API}/athletes")
    assert answer.status_code == 200, answer.text
    return [a["handle"] for a in answer.json()]


def test_lists_show_only_what_each_account_may_see(cast: Cast) -> None:
    assert _handles(cast.athlete_a) == ["ana"]
    assert _handles(cast.athlete_b) == ["ben"]
    assert _handles(cast.coach_a) == ["ana"]
    assert _handles(cast.other_coach) == []
    assert _handles(cast.admin) == []
    caseload = cast.coach_a.get(f"{API}/caseload").json()
    assert [row["handle"] for row in caseload["athletes"]] == ["ana"]
    assert cast.other_coach.get(f"{API}/caseload").json()["athletes"] == []
    home = cast.coach_a.get("/", headers={"accept": "text/html"})
    assert "/athletes/ana" in home.text and "/athletes/ben" not in home.text


def test_a_coach_adds_an_athlete_they_then_follow(cast: Cast) -> None:
    made = cast.other_coach.post(f"{API}/athletes", json={"handle": "cai", "name": "Cai"})
    assert made.status_code == 201, made.text
    assert _handles(cast.other_coach) == ["cai"]
    assert cast.coach_a.get(f"{API}/athletes/cai").status_code == 404
    second = cast.athlete_a.post(f"{API}/athletes", json={"handle": "ana2", "name": "Ana"})
    assert second.status_code == 409  # one record per athlete account
    admin = cast.admin.post(f"{API}/athletes", json={"handle": "adm", "name": "Adm"})
    assert admin.status_code == 422


def test_an_athlete_a_coach_invited_is_followed_once_they_make_their_record(
    cast: Cast, server: Anklet, app: FastAPI
) -> None:
    coach = principal_of(server, "coach.b@clinic.test")
    link = invite(uow=server.accounts_uow(), clock=server.clock, inviter=coach, role=Role.ATHLETE)
    form = {"token": link.secret, "email": "cai@home.test", "name": "Cai", "password": PASSWORD}
    with TestClient(app) as athlete:
        made = athlete.post("/join", data=form | {"csrf_token": csrf_of(athlete)})
        assert made.status_code == 200, made.text  # followed to the home page
        record = athlete.post(f"{API}/athletes", json={"handle": "cai", "name": "Cai"})
        assert record.status_code == 201, record.text
    assert _handles(cast.other_coach) == ["cai"]
    assert _handles(cast.coach_a) == ["ana"]  # who did not invite sees nothing new


def test_huge_and_hostile_sign_in_input_is_refused_without_an_echo(
    server: Anklet, app: FastAPI
) -> None:
    email = make_admin(server)
    huge = "x" * 5000
    with TestClient(app) as client:
        token = csrf_of(client)
        answer = client.post("/login", data={"email": email, "password": huge, "csrf_token": token})
        assert answer.status_code == 422 and huge not in answer.text
        # A NUL and a lone surrogate (its UTF-8 bytes, percent-encoded), as a script could send.
        odd = client.post(
            "/login",
            content=f"email=%00{'a' * 400}&password=%ED%A0%80&csrf_token={token}".encode(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert odd.status_code in (400, 422) and "Traceback" not in odd.text
        admin = principal_of(server, email)
        link = invite(uow=server.accounts_uow(), clock=server.clock, inviter=admin, role=Role.COACH)
        joined = client.post(
            "/join",
            data={
                "token": link.secret,
                "email": "c@clinic.test",
                "name": "<script>alert(1)</script>",
                "password": "p" * 257,
                "csrf_token": token,
            },
        )
        assert joined.status_code == 422
        assert "p" * 257 not in joined.text and "<script>alert(1)</script>" not in joined.text
        assert "257 characters" in joined.text
