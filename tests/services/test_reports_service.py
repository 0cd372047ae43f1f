"""The handout and the progress report read through the services (issue 10, points 2-3), on
SQLite and PostgreSQL: the handout's days are the day view's, the report's numbers are the
scoring's, and the locks, clearances and red flags are the ones stored."""

from __future__ import annotations

from datetime import timedelta

import pytest

from anklet.domain.errors import InvalidValue, NotFound
from anklet.domain.program import SessionKind
from anklet.importers.bibliography import load_bibliography
from anklet.reports.handout import day_label, handout_document
from anklet.reports.progress_report import ReportVersion, progress_report_document
from anklet.services.plans import day_view
from anklet.services.reports import handout, parse_weeks, progress_report
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY
from tests.report_story import (
    CLEARED,
    CLEARED_BY,
    FIRST_TEST,
    HANDLE,
    READ,
    RED_FLAG,
    RED_FLAG_QUESTION,
    RETEST,
    START,
    clock_on,
    play_story,
)

NOW = clock_on(TODAY)


def test_the_handout_is_the_day_view_of_the_chosen_weeks(uow: SqlUnitOfWork) -> None:
    play_story(uow, cleared=False)
    current = handout(uow=uow, handle=HANDLE, clock=NOW, **READ)
    assert current.weeks == (4,), "TODAY is the first day of plan week 4"
    chosen = handout(uow=uow, handle=HANDLE, clock=NOW, weeks=(4, 3, 3), **READ)
    assert chosen.weeks == (3, 4)
    assert [a.day for a in chosen.days] == [START + timedelta(days=n) for n in range(14, 28)]
    for answer in chosen.days:
        view = day_view(uow=uow, handle=HANDLE, day=answer.day, clock=NOW, **READ)
        assert answer.sessions == view.sessions, answer.day
        assert answer.warnings == view.warnings, answer.day
    locked = [a for a in chosen.days if a.day >= RED_FLAG]
    assert locked and all(
        s.kind in (SessionKind.MOBILITY, SessionKind.RETEST) for a in locked for s in a.sessions
    )
    document = handout_document(chosen)
    lock = next(w for w in document["warnings"] if w["rule"] == "safety.loading-lock")
    held = [a.day for a in chosen.days if "safety.loading-lock" in {w.rule for w in a.warnings}]
    assert lock["days"] == f"{day_label(held[0])} to {day_label(held[-1])}"
    named = {
        row["exercise"]
        for w in document["weeks"]
        for d in w["days"]
        for s in d["sessions"]
        for row in s["rows"]
    }
    assert named == {e["id"] for e in document["exercises"]}
    assert all(e["cues"] for e in document["exercises"])


def test_weeks_outside_the_plan_or_too_many_are_refused(uow: SqlUnitOfWork) -> None:
    play_story(uow)
    for weeks in [(0,), (9,), (1, 2, 3, 4, 5)]:
        with pytest.raises(InvalidValue) as refused:
            handout(uow=uow, handle=HANDLE, clock=NOW, weeks=weeks, **READ)
        assert refused.value.field == "weeks" and "between 1 and 8" in refused.value.allowed


def test_typed_weeks_are_numbers_ranges_or_lists() -> None:
    assert parse_weeks("3") == (3,)
    assert parse_weeks(" 3-4 ") == (3, 4)
    assert parse_weeks("1,3-4") == (1, 3, 4)
    for bad in ("", "x", "4-3", "1-9", "3,,4", "-1", "1" * 400):
        with pytest.raises(InvalidValue) as refused:
            parse_weeks(bad)
        assert refused.value.field == "weeks"


def test_a_handout_or_a_report_of_nobody_is_not_found(uow: SqlUnitOfWork) -> None:
    with pytest.raises(NotFound):
        handout(uow=uow, handle="nobody", clock=NOW, **READ)
    with pytest.raises(NotFound):
        progress_report(uow=uow, handle="nobody", clock=NOW, **READ)


def test_the_progress_report_holds_baseline_and_now_locks_and_sources(uow: SqlUnitOfWork) -> None:
    play_story(uow)
    report = progress_report(uow=uow, handle=HANDLE, clock=NOW, **READ)
    athlete = progress_report_document(
        report, version=ReportVersion.ATHLETE, bibliography=load_bibliography()
    )
    rows = {(r["test"], r["side"]): r for r in athlete["tests"]}
    left = rows[("lunge", "left")]
    assert (left["baseline"], left["now"], left["change"]) == (8.0, 10.2, 2.2)
    assert left["baseline_date"] == FIRST_TEST.isoformat()
    assert left["now_date"] == RETEST.isoformat()
    assert (left["smallest_real_change"], left["verdict"]) == (1.5, "real")
    assert rows[("lunge", "right")]["verdict"] == "within noise"
    assert (
        rows[("heel-raise", "left")]["change"] == 8
        and rows[("heel-raise", "left")]["verdict"] == "real"
    )
    assert rows[("heel-raise", "right")]["verdict"] == "within noise"
    assert rows[("stance", "left")]["verdict"] == "no real-change threshold"
    assert athlete["lsi"]["baseline"]["lsi_percent"] == 64.0
    assert athlete["lsi"]["baseline"]["weaker_side"] == "left"
    assert athlete["now"]["stage"] == {
        "left": report.status.stage_left,
        "right": report.status.stage_right,
    }
    assert athlete["now"]["locked"] is False
    flags = athlete["red_flags"]
    assert [(f["date"], f["question"], f["locks"]) for f in flags] == [
        (RED_FLAG.isoformat(), RED_FLAG_QUESTION, True)
    ]
    kinds = [(entry["kind"], entry["date"]) for entry in athlete["locks"]]
    assert ("lock", RED_FLAG.isoformat()) in kinds and ("clearance", CLEARED.isoformat()) in kinds
    assert any(e["cleared_by"] == CLEARED_BY for e in athlete["locks"])
    assert not any(e["still_open"] for e in athlete["locks"] if e["kind"] == "lock")
    held = sum(group["count"] for group in athlete["holds"])
    assert held + len(athlete["decisions"]) == len(report.decisions)
    logged_pain = [log.pain_during for log in report.logs if log.day >= TODAY - timedelta(13)]
    pain = athlete["trends"][0]
    assert pain["recent_count"] == len(logged_pain)
    assert pain["recent"] == round(sum(logged_pain) / len(logged_pain), 1)
    assert "raw" not in athlete and "sources" not in athlete

    clinician = progress_report_document(
        report, version=ReportVersion.CLINICIAN, bibliography=load_bibliography()
    )
    assert len(clinician["raw"]["assessments"]) == 2
    assert len(clinician["raw"]["logs"]) == len(report.logs)
    assert len(clinician["raw"]["check_ins"]) == len(report.check_ins)
    assert len(clinician["all_decisions"]) == len(report.decisions)
    cited = {s["id"] for s in clinician["sources"]}
    assert {"powden-2015", "wells-1997"} <= cited
    assert all(s["reference"] for s in clinician["sources"])
