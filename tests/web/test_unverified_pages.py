"""Unverified numbers say so on the pages and in the API: a [U] catalogue note reads
"unverified" on the exercise page and in the exercise output, and the pages that show evidence
labels explain them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from markupsafe import escape

from anklet.domain.evidence import EVIDENCE_LEGEND, UNVERIFIED_NOTE, is_unverified
from tests.web.conftest import API, ok
from tests.web.test_pages import add_sam, token

LEGEND = str(escape(EVIDENCE_LEGEND))


def test_the_exercise_page_says_a_u_dose_is_unverified_and_explains_the_labels(
    client: TestClient,
) -> None:
    """Tibialis-raise dosing (2-3 × 12-20) is clinic practice only: its note says so."""
    page = client.get("/exercises/tibialis-raise").text
    notes = re.search(r"<h3>Notes</h3><ul>(.*?)</ul>", page, re.S)
    assert notes and "[U]" in notes.group(1)
    assert str(escape(UNVERIFIED_NOTE)) in notes.group(1)
    assert 'id="evidence-legend"' in page and LEGEND in page


def test_the_api_exercise_output_says_a_u_note_is_unverified(client: TestClient) -> None:
    shown = ok(client.get(f"{API}/exercises/tibialis-raise"))
    notes = [note for note in shown["notes"] if is_unverified(note)]
    assert notes and all("unverified" in note.lower() for note in notes)


def test_the_plan_page_explains_the_labels_and_the_deload_note_says_unverified(
    client: TestClient,
) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    client.post("/athletes/sam/screen", data={"csrf_token": csrf})
    client.post(
        "/athletes/sam/assess",
        data={"csrf_token": csrf, "lunge_left": "8", "lunge_right": "11.5"},
    )
    client.post("/athletes/sam/plan", data={"csrf_token": csrf, "weeks": "8"})
    page = client.get("/athletes/sam/plan").text
    assert 'id="evidence-legend"' in page and LEGEND in page
    assert f'title="{LEGEND}"' in page  # the tooltip on each source
    lighter = re.search(r'<p class="banner warn">(Lighter weeks[^<]*)</p>', page)
    assert lighter and "unverified" in lighter.group(1).lower()
    today = client.get("/athletes/sam/today").text
    assert 'id="evidence-legend"' in today
