"""Export, import and delete through the API and the pages (issue 10, points 4, 6, 7), on
SQLite and PostgreSQL: the same service behind each door, the same refusals."""

from __future__ import annotations

import io
import json
import re
import zipfile

from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle

from anklet.bootstrap import Anklet
from anklet.domain.limits import MAX_BODY_BYTES
from tests.helpers import row_counts
from tests.web.conftest import API, created, ok, problem


def _export(client: TestClient, handle: str, fmt: str = "json") -> bytes:
    response = client.get(f"{API}/athletes/{handle}/export", params={"format": fmt})
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    return response.content


def test_the_api_exports_imports_and_deletes(client: TestClient, anklet: Anklet, sam: str) -> None:
    exported = _export(client, sam)
    assert len(exported) > MAX_BODY_BYTES  # an import may be larger than any other body
    document = json.loads(exported)
    assert document["format"] == "anklet-athlete" and document["athlete"]["handle"] == sam
    with zipfile.ZipFile(io.BytesIO(_export(client, sam, "csv"))) as archive:
        assert "assessments.csv" in archive.namelist()
    bundle = Bundle.model_validate_json(_export(client, sam, "fhir"))
    assert bundle.entry and len(bundle.entry) > 1

    taken = problem(client.post(f"{API}/imports", json=document), 409)
    assert taken["hint"] == "new-handle"
    copied = created(client.post(f"{API}/imports", params={"handle": "sam-2"}, json=document))
    assert copied["athlete"] == "sam-2" and copied["rows"]["athletes"] == 1
    again = json.loads(_export(client, "sam-2"))
    assert again["tables"] == document["tables"]

    problem(client.delete(f"{API}/athletes/sam-2", params={"confirm": "sam"}), 422)
    deleted = ok(client.delete(f"{API}/athletes/sam-2", params={"confirm": "sam-2"}))
    assert deleted["deleted"]["athletes"] == 1
    problem(client.get(f"{API}/athletes/sam-2"), 404)


def test_the_api_refuses_a_newer_or_broken_export_and_writes_nothing(
    client: TestClient, anklet: Anklet, sam: str
) -> None:
    document = json.loads(_export(client, sam))
    before = row_counts(anklet.engine)
    newer = problem(
        client.post(f"{API}/imports", params={"handle": "x"}, json=document | {"version": 9}), 422
    )
    assert newer["field"] == "version" and "newer Anklet" in newer["allowed"]
    document["tables"]["assessment_sides"][0]["pain"] = 11
    out_of_range = problem(
        client.post(f"{API}/imports", params={"handle": "x"}, json=document), 422
    )
    assert out_of_range["field"].startswith("tables.assessments[0].pain")
    problem(client.post(f"{API}/imports", params={"handle": "x"}, json=[1, 2]), 422)
    assert row_counts(anklet.engine) == before


def _token(client: TestClient, page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).text)
    assert found is not None
    return found.group(1)


def test_the_pages_import_an_upload_and_delete_after_the_handle_is_typed(
    client: TestClient, anklet: Anklet, sam: str
) -> None:
    exported = _export(client, sam)
    data_page = client.get(f"/athletes/{sam}/data")
    assert data_page.status_code == 200
    assert f"/api/v1/athletes/{sam}/export?format=fhir" in data_page.text

    token = _token(client, "/import")
    files = {"file": ("sam.json", exported, "application/json")}
    taken = client.post("/import", data={"csrf_token": token}, files=files)
    assert taken.status_code == 409 and "already taken" in taken.text
    moved = client.post(
        "/import",
        data={"csrf_token": token, "handle": "sam-3"},
        files=files,
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/athletes/sam-3"
    broken = client.post(
        "/import",
        data={"csrf_token": token, "handle": "sam-4"},
        files={"file": ("x.json", exported[:300], "application/json")},
    )
    assert broken.status_code == 422 and "Nothing was imported" in broken.text

    before = row_counts(anklet.engine)
    wrong = client.post("/athletes/sam-3/delete", data={"csrf_token": token, "confirm": "sam"})
    assert wrong.status_code == 422 and "type &#39;sam-3&#39; exactly" in wrong.text
    assert row_counts(anklet.engine) == before
    gone = client.post(
        "/athletes/sam-3/delete",
        data={"csrf_token": token, "confirm": "sam-3"},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert client.get("/athletes/sam-3").status_code == 404
    assert client.get(f"/athletes/{sam}").status_code == 200
