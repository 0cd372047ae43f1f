"""The progress report as a JSON-ready document, in an athlete and a clinician version.

Both hold: baseline against now for every test and side, marked real or within noise by the
smallest real change of the method and rater (Powden 2015; Hébert-Losier 2017 for the heel
raise), the LSI, the stage per side, adherence, the pain and morning trends, the engine's
decisions with their reasons, red-flag answers, locks and clearances. The clinician version
adds every source the report cites and the raw tables. Pure: `reports.printing` draws it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum
from statistics import fmean
from typing import TYPE_CHECKING, Any

from anklet.domain import norms
from anklet.domain.progression import Verdict
from anklet.domain.units import Side
from anklet.reports.charts import progress_charts
from anklet.reports.documents import lock_history_entry_document
from anklet.reports.handout import day_label
from anklet.reports.progress import progress_document
from anklet.reports.source_documents import labels_as_list, source_as_dict
from anklet.reports.training_documents import check_in_fields, decision_document

if TYPE_CHECKING:
    from anklet.domain.bibliography import Bibliography
    from anklet.domain.evaluation import AssessmentScore
    from anklet.domain.screening import ScreeningResult
    from anklet.domain.training_log import CheckIn, SessionLog
    from anklet.services.reports import ProgressReport

TREND_WINDOW_DAYS = 14  # the last two weeks against the two before
# How the tests table decides "real" (the thresholds of domain.norms, with their sources).
REAL_CHANGE_NOTE = (
    "A change is real when it is at least the smallest real change: for the lunge "
    f"{norms.LUNGE_REAL_CHANGE_CM['trained']:g} cm ({norms.LUNGE_REAL_CHANGE_DEG['trained']:g}°) "
    f"with a trained tester and {norms.LUNGE_REAL_CHANGE_CM['self']:g} cm "
    f"({norms.LUNGE_REAL_CHANGE_DEG['self']:g}°) measured on your own, the upper end of the "
    "published single-rater error (Powden 2015; Konor 2012; Chisholm 2012) [D]; for the paced "
    f"heel raise {norms.HEEL_RAISE_REAL_CHANGE_REPS} repetitions (Ross & Fontenot 2000; "
    "Hébert-Losier 2017) [D]. A smaller change is within the noise of measuring. The "
    "single-leg stance has no such threshold here, so its change is shown but never called real."
)


class ReportVersion(StrEnum):
    ATHLETE = "athlete"
    CLINICIAN = "clinician"


def progress_report_document(
    report: ProgressReport, *, version: ReportVersion, bibliography: Bibliography
) -> dict[str, Any]:
    series = progress_document(
        report.handle,
        scores=report.scores,
        logs=report.logs,
        check_ins=report.check_ins,
        decisions=report.decisions,
        plan=report.plan,
        today=report.today,
    )
    status = report.status
    decisions = [decision_document(d) for d in report.decisions]
    document: dict[str, Any] = {
        "kind": "progress-report",
        "version": version.value,
        "athlete": report.handle,
        "name": report.athlete.name,
        "date": report.today.isoformat(),
        "date_label": day_label(report.today),
        "first_test": report.scores[0].assessment.taken_on.isoformat() if report.scores else None,
        "tests_count": len(report.scores),
        "now": {
            "stage": {"left": status.stage_left, "right": status.stage_right},
            "phase": status.phase,
            "locked": status.lock.locked,
            "lock_reason": status.lock.reason or None,
            "flags": [{"code": f.code, "reason": f.reason} for f in status.flags],
        },
        "tests": test_rows(report.scores),
        "real_change_note": REAL_CHANGE_NOTE,
        "findings": [
            {
                "code": f.code,
                "side": f.side.value if f.side else None,
                "text": f.message,
                "source": f.source,
            }
            for f in (report.latest.findings if report.latest else ())
        ],
        "lsi": lsi_rows(report.scores),
        "adherence": {
            "last_7_days": _adherence(status.adherence_7),
            "last_28_days": _adherence(status.adherence_28),
            "weeks": series["adherence"],
        },
        "trends": trends(report.logs, report.check_ins, report.today),
        "decisions": [d for d in decisions if d["verdict"] != Verdict.HOLD.value],
        "holds": hold_groups(decisions),
        "red_flags": red_flag_rows(report.screenings),
        "locks": [lock_history_entry_document(entry) for entry in report.locks],
        "charts": progress_charts(series),
    }
    if version is ReportVersion.CLINICIAN:
        document["all_decisions"] = decisions
        document["raw"] = raw_tables(report)
        document["sources"] = cited_sources(document, bibliography)
        document["labels"] = labels_as_list()
    return document


def _adherence(value: Any) -> dict[str, Any]:
    return {"prescribed": value.prescribed, "done": value.done, "percent": value.percent}


TESTS = (
    ("lunge", "Knee-to-wall lunge"),
    ("heel-raise", "Paced heel raise"),
    ("stance", "Single-leg stance"),
)


def test_rows(scores: Sequence[AssessmentScore]) -> list[dict[str, Any]]:
    """Baseline against now, per test and side. The baseline is the first test comparable
    with the newest (same method, device, rater and protocol), as the scoring compares them;
    the stance has no published smallest real change, so its change is never called real."""
    rows = []
    for test, name in TESTS:
        for side in Side:
            row = _test_row(scores, test, side)
            if row is not None:
                rows.append({"test": test, "name": name, "side": side.value, **row})
    return rows


def _value(score: AssessmentScore, test: str, side: Side) -> tuple[float | None, str, str]:
    """The value, its unit and its band in one score (None: not measured there)."""
    if test == "lunge" and score.lunge is not None and side in score.lunge.values:
        return score.lunge.values[side], score.lunge.unit, score.lunge.bands[side].value
    if test == "heel-raise" and score.heel_raise is not None and side in score.heel_raise.reps:
        heel = score.heel_raise
        return heel.reps[side], "reps", heel.bands[side].value
    if test == "stance":
        held = score.assessment.side(side).single_leg_stance_s
        return held, "s", ""
    return None, "", ""


def _test_row(scores: Sequence[AssessmentScore], test: str, side: Side) -> dict[str, Any] | None:
    measured = [s for s in scores if _value(s, test, side)[0] is not None]
    if not measured:
        return None
    latest = measured[-1]
    now, unit, band = _value(latest, test, side)
    # The change since the first comparable test; with two tests the scoring gives it as
    # the change since the previous one (the same test).
    mine = {c.since_kind: c for c in latest.changes if c.test == test and c.side is side}
    change = mine.get("first") or mine.get("previous")
    if change is not None:
        base = next(s for s in measured if s.assessment.taken_on == change.since)
    else:
        # Stance (no threshold), or nothing comparable before the newest: the first result.
        base = measured[0] if test == "stance" else latest
    baseline, _, base_band = _value(base, test, side)
    delta = None if now is None or baseline is None else round(now - baseline, 1)
    return {
        "unit": unit,
        "baseline": baseline,
        "baseline_date": base.assessment.taken_on.isoformat(),
        "baseline_band": base_band or None,
        "now": now,
        "now_date": latest.assessment.taken_on.isoformat(),
        "band": band or None,
        "change": delta if base is not latest else None,
        "smallest_real_change": change.threshold if change else None,
        "verdict": _verdict(change, base is latest, test),
    }


def _verdict(change: Any, alone: bool, test: str) -> str:
    if alone:
        return "no comparable earlier test"
    if change is None:
        return "no real-change threshold"
    return "real" if change.real else "within noise"


def lsi_rows(scores: Sequence[AssessmentScore]) -> dict[str, Any] | None:
    """The heel-raise limb symmetry index at the first and the newest test with both sides."""
    both = [s for s in scores if s.heel_raise is not None and s.heel_raise.lsi_percent is not None]
    if not both:
        return None

    def row(score: AssessmentScore) -> dict[str, Any]:
        heel = score.heel_raise
        assert heel is not None
        return {
            "date": score.assessment.taken_on.isoformat(),
            "lsi_percent": heel.lsi_percent,
            "weaker_side": heel.weaker_side.value if heel.weaker_side else None,
        }

    return {"baseline": row(both[0]), "now": row(both[-1])}


def trends(
    logs: Sequence[SessionLog], check_ins: Sequence[CheckIn], today: date
) -> list[dict[str, Any]]:
    """Mean pain during sessions, morning pain and stiffness (0-10) over the last two weeks
    against the two weeks before; the counts say how much each mean rests on."""
    recent = (today - timedelta(days=TREND_WINDOW_DAYS - 1), today)
    before = (recent[0] - timedelta(days=TREND_WINDOW_DAYS), recent[0] - timedelta(days=1))
    measures = (
        ("pain during sessions", [(log.day, log.pain_during) for log in logs]),
        ("morning pain", [(c.day, c.morning_pain) for c in check_ins]),
        ("morning stiffness", [(c.day, c.stiffness) for c in check_ins]),
    )
    rows = []
    for name, values in measures:
        then = [v for d, v in values if before[0] <= d <= before[1]]
        now = [v for d, v in values if recent[0] <= d <= recent[1]]
        rows.append(
            {
                "measure": name,
                "before": _mean(then),
                "before_count": len(then),
                "recent": _mean(now),
                "recent_count": len(now),
                "from": before[0].isoformat(),
                "to": recent[1].isoformat(),
            }
        )
    return rows


def _mean(values: list[int]) -> float | None:
    return round(fmean(values), 1) if values else None


def hold_groups(decisions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The engine's holds by rule: how often, the latest day and its reason (a hold changes
    nothing, so a list of each would hide the decisions that did)."""
    groups: dict[str, dict[str, Any]] = {}
    for d in decisions:
        if d["verdict"] != Verdict.HOLD.value:
            continue
        group = groups.setdefault(d["rule"], {"rule": d["rule"], "count": 0})
        group |= {"count": group["count"] + 1, "last_date": d["date"]}
        group |= {"reason": d["reason"], "source": d["source"]}
    return sorted(groups.values(), key=lambda g: (-g["count"], g["rule"]))


def red_flag_rows(screenings: Sequence[ScreeningResult]) -> list[dict[str, Any]]:
    """Every red-flag question answered yes, with what it asked to do."""
    return [
        {
            "date": result.screening.taken_on.isoformat(),
            "question": flag.question.number,
            "text": flag.question.text,
            "action": flag.action.value,
            "advice": flag.advice,
            "locks": flag.locks,
            "source": flag.question.source,
        }
        for result in screenings
        for flag in result.flags
    ]


def raw_tables(report: ProgressReport) -> dict[str, list[dict[str, Any]]]:
    """Every stored value behind the report, as recorded."""
    return {
        "assessments": [_assessment_row(score) for score in report.scores],
        "logs": [
            {
                "date": log.day.isoformat(),
                "session": log.kind.value,
                "pain": log.pain_during,
                "rpe": log.rpe,
                "rir": log.rir,
                "warning_signs": ", ".join(
                    name
                    for name, seen in (
                        ("sharp pain", log.sharp_pain),
                        ("swelling", log.swelling),
                        ("unusual tightness", log.unusual_tightness),
                    )
                    if seen
                ),
                "item_count": len(log.items),
                "skipped": sum(1 for item in log.items if item.skipped),
            }
            for log in report.logs
        ],
        "check_ins": [check_in_fields(c) for c in report.check_ins],
        "screenings": [
            {
                "date": r.screening.taken_on.isoformat(),
                "yes": sorted(r.screening.yes),
                "action": r.action.value,
            }
            for r in report.screenings
        ],
    }


def _assessment_row(score: AssessmentScore) -> dict[str, Any]:
    test = score.assessment
    row: dict[str, Any] = {
        "date": test.taken_on.isoformat(),
        "method": test.lunge_method.value,
        "rater": test.rater.value,
        "protocol": test.heel_raise_protocol.value,
    }
    for side in Side:
        result = test.side(side)
        row[side.value] = {
            "lunge": result.lunge,
            "heel_raise_reps": result.heel_raise_reps,
            "stance_s": result.single_leg_stance_s,
            "pain": result.pain,
        }
    return row


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for key, v in value.items() if key != "charts" for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def cited_sources(document: dict[str, Any], bibliography: Bibliography) -> list[dict[str, Any]]:
    """Every source the report's words cite, each once, in the bibliography's order."""
    cited = {s.id for text in _texts(document) for s in bibliography.cited_in(text)}
    return [source_as_dict(s) for s in bibliography if s.id in cited]
