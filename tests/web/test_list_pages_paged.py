"""Pages that list things come a page at a time, like the API (issue 13, point 10): the
status page's locks and clearances and the runs page's runs (newest first, 20 a page,
`limit` at most 100) and the home page's athletes (by handle, 50 a page, at most 200), each
cut at its page size with a link to the next page that is the API's own cursor; walking the
links shows every entry once. Before, the first two printed every entry there was, and the
runs page the newest 20 with no way to the rest."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from anklet.domain.units import LIST_PAGE_DEFAULT
from anklet.web.api.athletes import PAGE_DEFAULT
from tests.run_files import START, gpx_run
from tests.web.conftest import API, add_sam, created, ok

ROUNDS = 11  # a red flag and its clearance each: 22 entries, more than a page


def _locks_and_clearances(client: TestClient) -> list[str]:
    for round_ in range(ROUNDS):
        created(client.post(f"{API}/athletes/sam/screenings", json={"yes": [2]}))
        created(
            client.post(
                f"{API}/athletes/sam/clearances",
                json={"cleared_by": f"Dr Lee {round_}", "note": f"seen, round {round_}"},
            )
        )
    history = ok(client.get(f"{API}/athletes/sam/locks/history?limit=100"))["entries"]
    assert len(history) > LIST_PAGE_DEFAULT
    return [_said(entry) for entry in reversed(history)]  # the page's order: newest first


def _said(entry: dict[str, object]) -> str:
    if entry["kind"] == "lock":
        return f"lock {entry['key']}"
    return f"clearance by {entry['cleared_by']}"


def _shown_entries(html: str) -> list[str]:
    section = html.split('id="lock-history"', 1)[1].split("</section>", 1)[0]
    shown = []
    for item in re.findall(r"<li>(.*?)</li>", section, flags=re.S):
        if "verdict pause" in item:
            key = re.search(r'<span class="source">([^ ]+) ·', item)
            assert key is not None, item
            shown.append(f"lock {key.group(1)}")
        else:
            by = re.search(r"by (.*?):", item)
            assert by is not None, item
            shown.append(f"clearance by {by.group(1)}")
    return shown


def _link(html: str, anchor_id: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" id="{anchor_id}"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_status_page_shows_a_page_of_locks_newest_first_and_links_the_older(
    client: TestClient, sam: str
) -> None:
    expected = _locks_and_clearances(client)
    first = client.get("/athletes/sam/status")
    assert first.status_code == 200
    assert _shown_entries(first.text) == expected[:LIST_PAGE_DEFAULT]  # cut at the page size
    older = _link(first.text, "older-locks")
    assert older is not None and "after=" in older
    second = client.get(f"/athletes/sam/status{older}")
    assert second.status_code == 200
    assert _shown_entries(second.text) == expected[LIST_PAGE_DEFAULT:]
    assert _link(second.text, "older-locks") is None and _link(second.text, "newest-locks")


def test_walking_the_status_page_by_fives_shows_every_entry_once(
    client: TestClient, sam: str
) -> None:
    expected = _locks_and_clearances(client)
    seen: list[str] = []
    address: str | None = "?limit=5"
    while address:
        page = client.get(f"/athletes/sam/status{address}")
        assert page.status_code == 200
        entries = _shown_entries(page.text)
        assert 1 <= len(entries) <= 5
        seen += entries
        address = _link(page.text, "older-locks")
    assert seen == expected


def test_a_bad_page_size_or_cursor_is_the_error_page_naming_it(
    client: TestClient, sam: str
) -> None:
    for query, allowed in (
        ("limit=0", "1 to 100 entries"),
        ("limit=101", "1 to 100 entries"),
        ("limit=x", "1 to 100 entries"),
        ("after=nowhere", "the cursor of an entry"),
    ):
        page = client.get(f"/athletes/sam/status?{query}")
        assert page.status_code == 422, query
        assert allowed in page.text and "text/html" in page.headers["content-type"]


def _handles(html: str) -> list[str]:
    listed = html.split('id="athletes"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="/athletes/([a-z0-9-]+)"', listed)


def test_the_athlete_list_is_cut_at_its_page_size_and_the_next_page_reachable(
    client: TestClient,
) -> None:
    handles = sorted(f"a{n:03d}" for n in range(PAGE_DEFAULT + 3))
    for handle in handles:
        created(client.post(f"{API}/athletes", json={"handle": handle, "name": handle}))
    first = client.get("/")
    assert _handles(first.text) == handles[:PAGE_DEFAULT]
    more = _link(first.text, "more-athletes")
    assert more is not None
    second = client.get(f"/{more}")
    assert _handles(second.text) == handles[PAGE_DEFAULT:]
    assert _link(second.text, "more-athletes") is None
    assert _link(second.text, "first-athletes") == "/"
    walked: list[str] = []
    address: str | None = "?limit=7"
    while address:
        page = client.get(f"/{address}")
        walked += _handles(page.text)
        address = _link(page.text, "more-athletes")
    assert walked == handles
    assert client.get("/?limit=201").status_code == 422


RUNS = LIST_PAGE_DEFAULT + 2


def _dates(html: str) -> list[str]:
    table = html.split('id="runs-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(\d{4}-\d{2}-\d{2})</td>", table)


def test_the_runs_page_is_cut_at_its_page_size_and_the_older_runs_reachable(
    client: TestClient,
) -> None:
    """The runs page showed the newest 20 with no way to the others (the weekly distance
    stays of every run)."""
    add_sam(client)
    files = [
        (
            "files",
            (f"run-{n}.gpx", gpx_run(start=START - timedelta(days=2 * n)).data, "text/xml"),
        )
        for n in range(RUNS)
    ]
    imported = ok(client.post(f"{API}/athletes/sam/runs", files=files))
    assert imported["imported"] == RUNS
    every = [run["date"] for run in ok(client.get(f"{API}/athletes/sam/runs?limit=100"))["runs"]]
    newest_first = sorted(every, reverse=True)
    first = client.get("/athletes/sam/runs")
    assert first.status_code == 200 and f"{RUNS} in all" in first.text
    assert _dates(first.text) == newest_first[:LIST_PAGE_DEFAULT]
    older = _link(first.text, "older-runs")
    assert older is not None
    second = client.get(f"/athletes/sam/runs{older}")
    assert _dates(second.text) == newest_first[LIST_PAGE_DEFAULT:]
    assert _link(second.text, "older-runs") is None
    walked: list[str] = []
    address: str | None = "?limit=3"
    while address:
        page = client.get(f"/athletes/sam/runs{address}")
        assert page.status_code == 200
        walked += _dates(page.text)
        address = _link(page.text, "older-runs")
    assert walked == newest_first
    assert client.get("/athletes/sam/runs?limit=0").status_code == 422
