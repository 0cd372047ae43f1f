"""The bibliography on the web: the /sources page with an anchor per source, the API's
/sources documents (validated by their Out models), and citations on the pages that show
reasons linked to their entries."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from anklet.domain.evidence import EVIDENCE_LABELS
from anklet.importers.bibliography import load_bibliography
from anklet.web.api.responses import SourceListOut, SourceOut
from anklet.web.pages.render import cite_links
from tests.helpers import TODAY
from tests.web.conftest import API, PLAN_START, created, ok, problem

CITE_LINK = re.compile(r'<a class="cite" href="/sources#([a-z0-9-]+)">')


def test_the_sources_page_anchors_every_source_and_explains_the_labels(
    client: TestClient,
) -> None:
    response = client.get("/sources")
    assert response.status_code == 200
    html = response.text
    for source in load_bibliography():
        assert f'id="{source.id}"' in html, source.id
    assert 'id="evidence-labels"' in html
    for label in EVIDENCE_LABELS:
        assert label.meaning.replace("'", "&#39;") in html


def test_every_page_links_to_the_sources(client: TestClient) -> None:
    html = client.get("/exercises").text
    assert 'href="/sources" id="nav-sources"' in html
    assert 'id="foot-sources"' in html


def test_the_api_lists_the_sources_and_shows_one(client: TestClient) -> None:
    document = SourceListOut.model_validate(ok(client.get(f"{API}/sources")))
    assert document.count == len(load_bibliography()) == len(document.sources)
    assert [label.label for label in document.labels] == ["V", "S", "D", "U"]
    one = SourceOut.model_validate(ok(client.get(f"{API}/sources/hoch-mckeon-2011")))
    assert one.cite == "Hoch & McKeon 2011" and one.read == "S"
    body = problem(client.get(f"{API}/sources/hoch-2013"), 404)
    assert "hoch-2012" in body["detail"]


def test_exercise_sources_link_each_citation(client: TestClient) -> None:
    html = client.get("/exercises/pogo-hop").text
    linked = set(CITE_LINK.findall(html))
    assert {"potach-chu-2016", "green-2022"} <= linked
    assert linked <= {source.id for source in load_bibliography()}


def test_the_reasons_on_plan_today_and_status_link_their_citations(
    client: TestClient, sam: str
) -> None:
    """A painful session gives the status page decisions to show with their sources."""
    monday = ok(client.get(f"{API}/athletes/sam/today", params={"date": PLAN_START.isoformat()}))
    strength = next(s for s in monday["sessions"] if s["kind"] == "strength")
    item = next(i for i in strength["items"] if i["block"] != "warm-up")
    done = {key: item[key] for key in ("exercise", "side", "sets", "reps", "hold_s")}
    log = {"date": PLAN_START.isoformat(), "pain": 7, "items": [done]}
    created(client.post(f"{API}/athletes/sam/session-logs", json=log))
    known = {source.id for source in load_bibliography()}
    for page in ("plan", "today", "status"):
        html = client.get(f"/athletes/{sam}/{page}?date={TODAY.isoformat()}").text
        linked = set(CITE_LINK.findall(html))
        assert linked, page
        assert linked <= known, page


def test_the_filter_escapes_the_text_around_each_link() -> None:
    html = str(cite_links("<b>Hoch & McKeon 2011</b>; Smith 2020 [D]"))
    assert html == (
        '&lt;b&gt;<a class="cite" href="/sources#hoch-mckeon-2011">Hoch &amp; McKeon 2011</a>'
        "&lt;/b&gt;; Smith 2020 [D]"
    )
