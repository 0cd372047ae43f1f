"""The caseload as one document: what `anklet caseload --json`, the API and the page show."""

from __future__ import annotations

from typing import Any

from anklet.domain.caseload import CaseloadPage, CaseRow


def caseload_document(page: CaseloadPage) -> dict[str, Any]:
    return {"athletes": [case_row_document(r) for r in page.rows], "next_cursor": page.next_cursor}


def case_row_document(row: CaseRow) -> dict[str, Any]:
    return {
        "handle": row.handle,
        "name": row.name,
        "kept": row.kept,
        "flags_as_of": row.as_of.isoformat() if row.as_of else None,
        "flags": [{"code": f.code, "reason": f.reason} for f in row.flags],
        "attention": row.attention,
        "locked": row.locked,
        "red_flag": row.red_flag,
        "regressed_this_week": row.regressed_this_week,
        "retest_overdue": row.retest_overdue,
        "last_activity_on": row.last_activity_on.isoformat() if row.last_activity_on else None,
    }
