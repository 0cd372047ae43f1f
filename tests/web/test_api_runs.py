"""The runs routes of the API on SQLite and PostgreSQL: a multipart upload of several watch
files, the runs beside the ankle results, one run's laps and minutes, squat depths, the
running part of the status, and the errors as problems."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from anklet.domain.limits import MAX_BODY_BYTES, MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES
from anklet.web.limits import body_limit
from tests.run_files import START, bad_crc, fit_run, gpx_run, tcx_run
from tests.web.conftest import API, add_sam, ok, problem

DAY = (START + timedelta(days=1)).date().isoformat()


@pytest.fixture(scope="module")
def uploads() -> list[tuple[str, tuple[str, bytes, str]]]:
    ten_k = fit_run(every_s=2)
    octets = "application/octet-stream"
    return [
        ("files", ("10k.fit", ten_k.data, octets)),
        (
            "files",
            (
                "easy.fit",
                fit_run(
                    dynamics=False,
                    distance_m=5000,
                    moving_s=1700,
                    start=START - timedelta(days=7),
                    serial=None,
                    every_s=5,
                ).data,
                octets,
            ),
        ),
        ("files", ("long.tcx", tcx_run(start=START - timedelta(days=14)).data, "text/xml")),
        ("files", ("park.gpx", gpx_run(start=START - timedelta(days=21)).data, "text/xml")),
        ("files", ("crc.fit", bad_crc(ten_k.data), octets)),
        ("files", ("again.fit", ten_k.data, octets)),
    ]


def _upload(client: TestClient, files: list[Any]) -> Any:
    return ok(client.post(f"{API}/athletes/sam/runs", files=files))


def test_an_upload_of_several_files_imports_them_and_reports_each(
    client: TestClient, uploads: list[Any]
) -> None:
    add_sam(client)
    document = _upload(client, uploads)
    assert (document["imported"], document["duplicates"], document["refused"]) == (4, 1, 1)
    outcomes = {f["file"]: f["outcome"] for f in document["files"]}
    assert outcomes == {
        "10k.fit": "imported",
        "easy.fit": "imported",
        "long.tcx": "imported",
        "park.gpx": "imported",
        "crc.fit": "refused",
        "again.fit": "duplicate",
    }
    assert _upload(client, uploads[:1])["duplicates"] == 1


def test_the_runs_and_one_run_read_back_as_imported(client: TestClient, uploads: list[Any]) -> None:
    add_sam(client)
    _upload(client, uploads)
    document = ok(client.get(f"{API}/athletes/sam/runs", params={"date": DAY}))
    ten_k = next(run for run in document["runs"] if run["file"] == "10k.fit")
    assert (ten_k["distance_km"], ten_k["cadence_spm"], ten_k["ground_contact_ms"]) == (
        10.0,
        171.0,
        245.0,
    )
    assert document["warnings"][0]["rule"] == "running-load.long-run-spike"
    assert document["cadence_cue"]["target_spm"] > document["cadence_cue"]["recent_spm"]
    detail = ok(client.get(f"{API}/athletes/sam/runs/{ten_k['id']}"))
    assert len(detail["laps"]) == 10 and len(detail["minutes"]) == 51
    assert detail["summary"]["gct_balance_left_percent"] == 49.6
    assert sum(m["distance_m"] for m in detail["minutes"]) == pytest.approx(10_000, abs=2)
    assert detail["device_serial"] == "3900000001"
    problem(client.get(f"{API}/athletes/sam/runs/999999"), 404)
    problem(client.get(f"{API}/athletes/sam/runs/99999999999"), 422)


def test_the_runs_come_a_page_at_a_time_beside_every_week(
    client: TestClient, uploads: list[Any]
) -> None:
    """Issue 13, point 10: `limit` runs a page with the next in the Link header; the weekly
    distance and the warnings are of every run on every page."""
    import re

    add_sam(client)
    _upload(client, uploads)
    whole = ok(client.get(f"{API}/athletes/sam/runs", params={"date": DAY, "limit": 100}))
    assert len(whole["runs"]) == 4
    seen: list[Any] = []
    address: str | None = f"{API}/athletes/sam/runs?date={DAY}&limit=3"
    while address:
        response = client.get(address)
        page = ok(response)
        assert page["weekly"] == whole["weekly"] and page["warnings"] == whole["warnings"]
        seen += page["runs"]
        found = re.fullmatch(r'<([^>]+)>; rel="next"', response.headers.get("link", ""))
        address = found.group(1) if found else None
    assert seen == whole["runs"]
    assert problem(client.get(f"{API}/athletes/sam/runs?after=x"), 422)["field"] == "after"
    assert problem(client.get(f"{API}/athletes/sam/runs?limit=101"), 422)["field"] == "limit"


def test_status_carries_the_running_load_warnings(client: TestClient, uploads: list[Any]) -> None:
    add_sam(client)
    _upload(client, uploads)
    status = ok(client.get(f"{API}/athletes/sam/status", params={"date": DAY}))
    assert status["running"]["warnings"][0]["source"].startswith("Frandsen 2025")


def test_squat_depths_are_checked_and_listed(client: TestClient) -> None:
    add_sam(client)
    stored = client.post(f"{API}/athletes/sam/squat-depths", json={"date": DAY, "depth": "40"})
    assert stored.status_code == 201 and stored.json()["box_height_cm"] == 40.0
    bad = problem(client.post(f"{API}/athletes/sam/squat-depths", json={"depth": "90"}), 422)
    assert bad["field"] == "depth" and bad["value"] == "90"
    depths = ok(client.get(f"{API}/athletes/sam/runs"))["squat_depth"]
    assert [d["depth"] for d in depths] == ["40 cm box"]


def test_uploads_have_their_own_bounded_size_and_count(client: TestClient) -> None:
    add_sam(client)
    assert body_limit({"path": f"{API}/athletes/sam/runs"}) == MAX_UPLOAD_BYTES
    assert body_limit({"path": "/athletes/sam/runs"}) == MAX_UPLOAD_BYTES
    assert body_limit({"path": f"{API}/athletes/sam/squat-depths"}) == MAX_BODY_BYTES
    big = fit_run(every_s=1).data  # larger than a JSON body may be
    assert len(big) > MAX_BODY_BYTES
    assert (
        _upload(client, [("files", ("big.fit", big, "application/octet-stream"))])["imported"] == 1
    )
    many = [("files", (f"{n}.fit", b"", "application/octet-stream")) for n in range(401)]
    assert len(many) > MAX_UPLOAD_FILES
    refused = problem(client.post(f"{API}/athletes/sam/runs", files=many), 422)
    assert refused["field"] == "files"


def test_an_upload_for_an_unknown_athlete_is_a_404(client: TestClient) -> None:
    files = [("files", ("a.fit", b"x", "application/octet-stream"))]
    problem(client.post(f"{API}/athletes/nobody/runs", files=files), 404)
