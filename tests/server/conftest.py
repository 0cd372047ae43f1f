"""The multi-user server in tests: the real app with accounts on, over an SQLite file and
PostgreSQL, and a cast of accounts each with its own browser-like client (its own cookies).

Accounts are made through the services (an admin by the operator, everyone else by an
invitation); passwords are hashed with argon2id at its smallest cost, to keep tests fast."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from anklet.domain.accounts import Principal, Role
from anklet.services.accounts import (
    accept_invitation,
    create_admin,
    invite,
)
from anklet.settings import build_settings
from anklet.storage.engine import make_engine
from anklet.storage.passwords import fast_passwords
from anklet.web.app import create_app
from tests.helpers import FakeClock

PASSWORD = "correct horse battery"
API = "/api/v1"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def server(database_url: str) -> Iterator[Anklet]:
    engine = make_engine(database_url)
    settings = build_settings(db=database_url, accounts=True, environ={})
    core = Anklet(settings=settings, engine=engine, clock=FakeClock())
    core.__dict__["passwords"] = fast_passwords()  # the cached property, set once here
    yield core
    engine.dispose()


@pytest.fixture
def app(server: Anklet) -> FastAPI:
    return create_app(anklet=server)


def csrf_of(client: TestClient, path: str = "/login") -> str:
    page = client.get(path, headers={"accept": "text/html"})
    found = CSRF.search(page.text)
    assert found, page.text[:400]
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> None:
    token = csrf_of(client)
    answer = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text[:400]


def make_admin(server: Anklet, email: str = "admin@clinic.test") -> str:
    create_admin(
        uow=server.accounts_uow(),
        clock=server.clock,
        passwords=server.passwords,
        email=email,
        name="Ada Admin",
        password=PASSWORD,
    )
    return email


def make_account(
    server: Anklet, role: Role, email: str, *, by: str, athlete_handle: str | None = None
) -> str:
    """An account made the way people make them: `by` invites, the new person accepts."""
    inviter = _principal(server, by)
    link = invite(
        uow=server.accounts_uow(),
        clock=server.clock,
        inviter=inviter,
        role=role,
        athlete_handle=athlete_handle,
    )
    accept_invitation(
        uow=server.accounts_uow(),
        clock=server.clock,
        passwords=server.passwords,
        secret=link.secret,
        email=email,
        name=email.split("@", maxsplit=1)[0].title(),
        password=PASSWORD,
    )
    return email


def _principal(server: Anklet, email: str) -> Principal:
    with server.accounts_uow() as uow:
        found = uow.accounts.by_email(email)
    assert found is not None, email
    return Principal(found[0])


def principal_of(server: Anklet, email: str) -> Principal:
    return _principal(server, email)


@dataclass
class Cast:
    """Six points of view on one server: nobody, two athletes, A's coach, another coach and
    the admin; each client keeps its own session cookie."""

    anonymous: TestClient
    athlete_a: TestClient
    athlete_b: TestClient
    coach_a: TestClient
    other_coach: TestClient
    admin: TestClient

    def all(self) -> dict[str, TestClient]:
        return dict(vars(self))


ATHLETE = {"name": "Ana Runner", "days": ["mon", "wed", "fri"], "equipment": ["band", "wall"]}


@pytest.fixture
def cast(server: Anklet, app: FastAPI) -> Iterator[Cast]:
    """ana (athlete A, followed by coach A) and ben (athlete B, followed by nobody)."""
    admin = make_admin(server)
    make_account(server, Role.COACH, "coach.a@clinic.test", by=admin)
    make_account(server, Role.COACH, "coach.b@clinic.test", by=admin)
    make_account(server, Role.ATHLETE, "ana@home.test", by=admin)
    make_account(server, Role.ATHLETE, "ben@home.test", by=admin)
    clients = {name: TestClient(app) for name in Cast.__dataclass_fields__}
    for client in clients.values():
        client.__enter__()
    try:
        sign_in(clients["admin"], admin)
        sign_in(clients["coach_a"], "coach.a@clinic.test")
        sign_in(clients["other_coach"], "coach.b@clinic.test")
        sign_in(clients["athlete_a"], "ana@home.test")
        sign_in(clients["athlete_b"], "ben@home.test")
        for client, handle in ((clients["athlete_a"], "ana"), (clients["athlete_b"], "ben")):
            made = client.post(f"{API}/athletes", json={"handle": handle, **ATHLETE})
            assert made.status_code == 201, made.text
        _link(server, "coach.a@clinic.test", "ana")
        yield Cast(**clients)
    finally:
        for client in clients.values():
            client.__exit__(None, None, None)


def _link(server: Anklet, coach: str, handle: str) -> None:
    """Coach A follows ana: ana sends a link invitation, the coach opens it."""
    from anklet.services.accounts import accept_link, invite_coach

    link = invite_coach(
        uow=server.accounts_uow(), clock=server.clock, athlete=_principal(server, "ana@home.test")
    )
    accept_link(
        uow=server.accounts_uow(),
        clock=server.clock,
        coach=_principal(server, coach),
        secret=link.secret,
    )
    del handle


__all__ = [
    "API",
    "PASSWORD",
    "Cast",
    "csrf_of",
    "make_account",
    "make_admin",
    "principal_of",
    "sign_in",
]
