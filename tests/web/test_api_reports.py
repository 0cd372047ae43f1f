"""The handout and the progress report through the API and the pages (issue 10, points 2-3),
on SQLite and PostgreSQL: PDFs read back with poppler for their words and paper, HTML as one
printable page under the app's CSP, and every bad parameter a problem or an error page."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from anklet.bootstrap import Anklet
from tests.pdf_reading import assert_paper, pdf_text
from tests.report_story import NAME, play_story
from tests.stories import start_from
from tests.web.conftest import API, add_sam, problem

pytestmark = pytest.mark.slow


@pytest.fixture
def rae(client: TestClient, anklet: Anklet) -> str:
    start_from(anklet.engine, "rae", lambda: play_story(anklet.uow()))
    return "rae"


def _pdf(client: TestClient, url: str, tmp_path: Path, name: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    path = tmp_path / name
    path.write_bytes(response.content)
    return str(path)


def test_the_api_serves_both_reports_as_pdf_on_the_paper_asked(
    client: TestClient, rae: str, tmp_path: Path
) -> None:
    handout = _pdf(client, f"{API}/athletes/{rae}/handout?weeks=3&weeks=4", tmp_path, "h.pdf")
    assert_paper(Path(handout), "a4")
    text = pdf_text(Path(handout))
    assert f"Training handout: {NAME}" in text and "Week 3" in text and "Week 4" in text
    report = _pdf(
        client,
        f"{API}/athletes/{rae}/progress-report?version=clinician&paper=letter",
        tmp_path,
        "r.pdf",
    )
    assert_paper(Path(report), "letter")
    text = pdf_text(Path(report))
    assert "Progress report: Rae Runner (clinician)" in text and "Raw tables" in text


def test_the_html_versions_are_printable_pages_under_the_csp(client: TestClient, rae: str) -> None:
    response = client.get(f"{API}/athletes/{rae}/progress-report?format=html")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert "Tests: baseline and now" in html and "Sources cited" not in html
    assert html.count("<svg") == 5 and "<script" not in html
    sheet = client.get(f"{API}/athletes/{rae}/handout?format=html&paper=letter").text
    assert "@page { size: letter; }" in sheet and "Week 4" in sheet, "the current week"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("handout?format=docx", "format"),
        ("handout?paper=a5", "paper"),
        ("handout?weeks=9", "weeks"),
        ("handout?weeks=1&weeks=2&weeks=3&weeks=4&weeks=5", "weeks"),
        ("handout?weeks=two", "weeks"),
        ("progress-report?version=coach", "version"),
    ],
)
def test_bad_parameters_are_422_problems_naming_the_field(
    client: TestClient, rae: str, query: str, field: str
) -> None:
    body = problem(client.get(f"{API}/athletes/{rae}/{query}"), 422)
    assert field in body["detail"] or any(field in str(e) for e in body.get("errors", []))


def test_no_athlete_or_no_plan_is_a_404_and_a_new_athlete_still_has_a_report(
    client: TestClient,
) -> None:
    problem(client.get(f"{API}/athletes/nobody/progress-report"), 404)
    add_sam(client)
    no_plan = problem(client.get(f"{API}/athletes/sam/handout"), 404)
    assert "no plan" in no_plan["detail"]
    problem(client.get(f"{API}/athletes/sam/calendar.ics"), 404)
    fresh = client.get(f"{API}/athletes/sam/progress-report?format=html")
    assert fresh.status_code == 200
    assert "No test recorded yet" in fresh.text and "No plan yet" in fresh.text


def test_the_pages_show_the_documents_with_print_and_download_links(
    client: TestClient, rae: str
) -> None:
    page = client.get(f"/athletes/{rae}/handout?weeks=3-4&paper=letter")
    assert page.status_code == 200
    html = page.text
    assert 'id="print-button"' in html and "/static/js/print.js" in html
    assert (
        f"{API}/athletes/{rae}/handout?weeks=3&amp;weeks=4&amp;format=pdf&amp;paper=letter" in html
    )
    assert "Switch to A4" in html
    report = client.get(f"/athletes/{rae}/report?version=clinician").text
    assert f"{API}/athletes/{rae}/progress-report?version=clinician&amp;format=pdf" in report
    assert "The athlete version" in report and "Sources cited in this report" in report
    links = [client.get(f"/athletes/{rae}/{p}").text for p in ("plan", "progress")]
    assert f"/athletes/{rae}/handout" in links[0] and f"/athletes/{rae}/report" in links[1]


def test_bad_page_parameters_show_an_error_page(client: TestClient, rae: str) -> None:
    for url, words in (
        (f"/athletes/{rae}/handout?weeks=12", "weeks: 12 is not allowed"),
        (f"/athletes/{rae}/handout?paper=a3", "paper: &#39;a3&#39; is not allowed"),
        (f"/athletes/{rae}/report?version=x", "version: &#39;x&#39; is not allowed"),
    ):
        page = client.get(url)
        assert page.status_code == 422 and words in page.text, url
    assert client.get("/athletes/nobody/report").status_code == 404


def test_a_name_with_markup_is_printed_as_text_and_fetches_nothing(
    client: TestClient, tmp_path: Path
) -> None:
    name = '<img src="http://evil.example/x.png"> Ann & Co'
    response = client.post(f"{API}/athletes", json={"handle": "ann", "name": name})
    assert response.status_code == 201, response.text
    html = client.get(f"{API}/athletes/ann/progress-report?format=html").text
    assert "<img" not in html and "&lt;img src=&#34;http://evil.example/x.png&#34;&gt;" in html
    pdf = _pdf(client, f"{API}/athletes/ann/progress-report", tmp_path, "ann.pdf")
    assert f"Progress report: {name}" in pdf_text(Path(pdf))
