"""Erasing an athlete on the server (issue 10, point 6, with accounts): the record and every
row that points at it go; the accounts stay (an athlete account without a record can make a
new one), and the coach who followed it no longer sees anything of it."""

from __future__ import annotations

from sqlalchemy import func, select

from anklet.bootstrap import Anklet
from anklet.storage.account_tables import accounts, coach_links, invitations
from tests.server.conftest import API, Cast, principal_of


def _count(server: Anklet, table: object, **where: object) -> int:
    from sqlalchemy import Table

    assert isinstance(table, Table)
    query = select(func.count()).select_from(table)
    for name, value in where.items():
        query = query.where(table.c[name] == value)
    with server.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def test_the_admin_erases_a_record_and_its_links_go_with_it(server: Anklet, cast: Cast) -> None:
    ana_id = principal_of(server, "ana@home.test").account.athlete_id
    assert ana_id is not None
    assert _count(server, coach_links, athlete_id=ana_id) == 1
    wrong = cast.admin.delete(f"{API}/athletes/ana", params={"confirm": "anna"})
    assert wrong.status_code == 422
    gone = cast.admin.delete(f"{API}/athletes/ana", params={"confirm": "ana"})
    assert gone.status_code == 200, gone.text
    assert _count(server, coach_links, athlete_id=ana_id) == 0
    assert _count(server, invitations, athlete_id=ana_id) == 0
    assert _count(server, accounts, email="ana@home.test") == 1
    assert principal_of(server, "ana@home.test").account.athlete_id is None
    assert cast.coach_a.get(f"{API}/athletes/ana").status_code == 404
    assert cast.coach_a.get(f"{API}/caseload").json()["athletes"] == []
    # The account lives on: ana may start a new record.
    again = cast.athlete_a.post(f"{API}/athletes", json={"handle": "ana", "name": "Ana"})
    assert again.status_code == 201, again.text


def test_a_coach_cannot_erase_a_record_they_follow(cast: Cast) -> None:
    refused = cast.coach_a.delete(f"{API}/athletes/ana", params={"confirm": "ana"})
    assert refused.status_code == 404
    assert cast.athlete_a.get(f"{API}/athletes/ana").status_code == 200
