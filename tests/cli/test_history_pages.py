"""`anklet history` a page of days at a time (issue 13, point 10): --days (default 28, at most
92), the newest days first, and the page before named on standard error as --before DATE, so --json
stays one document."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from anklet.domain.training_log import CheckIn
from anklet.domain.units import HISTORY_DAYS_DEFAULT
from anklet.storage.engine import make_engine
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.cli.conftest import Cli


def _mornings(cli: Cli, days: list[date]) -> None:
    engine = make_engine(f"sqlite:///{cli.db}")
    uow = SqlUnitOfWork(engine)
    with uow:
        found = uow.athletes.by_handle("sam")
        assert found is not None and found.id is not None
        for day in days:
            at = datetime(day.year, day.month, day.day, 7)
            uow.check_ins.add(
                found.id, CheckIn(day=day, morning_pain=0, stiffness=1, recorded_at=at)
            )
        uow.commit()
    engine.dispose()


def test_the_history_pages_by_days(cli: Cli, sam: str) -> None:
    today = date.today()
    days = [today - timedelta(days=offset) for offset in range(0, 50, 5)]
    _mornings(cli, days)
    first = cli("history", sam, "--json")
    assert first.exit_code == 0, first.output
    oldest = today + timedelta(days=1) - timedelta(days=HISTORY_DAYS_DEFAULT)
    shown = [c["date"] for c in json.loads(first.stdout)["check_ins"]]
    assert shown == [d.isoformat() for d in reversed(days) if d >= oldest]  # as they happened
    assert f"--before {oldest.isoformat()}" in first.stderr
    rest = cli.json("history", sam, "--before", oldest.isoformat(), "--days", "92")
    older = [d.isoformat() for d in reversed(days) if d < oldest]
    assert [c["date"] for c in rest["check_ins"]] == older
    text = cli("history", sam, "--days", "7")
    assert text.exit_code == 0 and "--before" in text.stderr
    for bad in (("--days", "0"), ("--days", "93"), ("--before", "0")):
        assert cli("history", sam, *bad).exit_code == 2


def test_the_assessments_the_plans_and_the_lock_history_page_too(cli: Cli, sam: str) -> None:
    for day in (
        ("--date", date.today().isoformat()),
        ("--date", (date.today() - timedelta(days=9)).isoformat()),
    ):
        result = cli(
            "assess",
            sam,
            *day,
            "--lunge-left",
            "8",
            "--lunge-right",
            "9",
            "--heel-raise-left",
            "20",
            "--heel-raise-right",
            "22",
            "--yes",
        )
        assert result.exit_code == 0, result.output
    first = cli("assessments", sam, "--json", "--limit", "1")
    assert first.exit_code == 0, first.output
    cursor = first.stderr.split("--after ", 1)[1].strip()
    rest = cli.json("assessments", sam, "--after", cursor)
    assert len(json.loads(first.stdout)) == 1 and len(rest) == 1
    assert cli("assessments", sam, "--after", "nothing").exit_code == 2
    assert cli("plan", "history", sam, "--limit", "0").exit_code == 2
    assert cli("locks", sam, "--history", "--limit", "101").exit_code == 2
    assert cli("runs", sam, "--json", "--after", "nothing").exit_code == 2
    assert cli.json("runs", sam, "--limit", "1")["runs"] == []
