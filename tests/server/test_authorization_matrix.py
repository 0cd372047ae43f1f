"""The authorization matrix (issue 15): every route of the app, taken from its route table,
asked by six principals. Only the allowed cells get through; a refused read of an athlete
answers exactly as a handle that does not exist would; a route without a row here fails.

Writes are sent without a body (or without their confirmation), so an allowed cell is
refused by validation and nothing changes between cells."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.server.conftest import Cast, csrf_of

# Who may pass each door: the test's own statement of the rules, not the app's table.
EVERYONE = {"anonymous", "athlete_a", "athlete_b", "coach_a", "other_coach", "admin"}
SIGNED_IN = EVERYONE - {"anonymous"}
ALLOWED = {
    "public": EVERYONE,
    "signed-in": SIGNED_IN,
    "athlete": {"athlete_a", "coach_a"},  # ana's record: ana and her coach
    "erase": {"athlete_a", "admin"},
    "clinician": {"coach_a"},
    "coach": {"coach_a", "other_coach"},
    "admin": {"admin"},
    "closed": set(),
}

A = "/athletes/{handle}"
API = "/api/v1"
ROWS: dict[tuple[str, str], str] = {
    ("GET", "/"): "signed-in",
    ("POST", "/athletes"): "signed-in",
    ("GET", "/login"): "public",
    ("GET", "/sw.js"): "public",
    ("GET", "/manifest.webmanifest"): "public",
    ("POST", "/login"): "public",
    ("POST", "/logout"): "public",
    ("GET", "/join"): "public",
    ("POST", "/join"): "public",
    ("GET", "/reset"): "public",
    ("POST", "/reset"): "public",
    ("GET", "/exercises"): "signed-in",
    ("GET", "/exercises/{exercise_id}"): "signed-in",
    ("GET", "/sources"): "signed-in",
    ("GET", "/caseload"): "coach",
    ("GET", "/account"): "signed-in",
    ("POST", "/account/tokens"): "signed-in",
    ("POST", "/account/tokens/{token_id}/revoke"): "signed-in",
    ("POST", "/account/invitations"): "signed-in",
    ("POST", "/account/coach-link"): "signed-in",
    ("POST", "/account/coaches/{coach_id}/revoke"): "signed-in",
    ("GET", "/link"): "signed-in",
    ("POST", "/link"): "signed-in",
    ("GET", "/admin/audit"): "admin",
    ("GET", "/admin/audit.csv"): "admin",
    ("GET", f"{API}/me"): "signed-in",
    ("GET", f"{API}/tokens"): "signed-in",
    ("POST", f"{API}/tokens"): "signed-in",
    ("DELETE", f"{API}/tokens/{{token_id}}"): "signed-in",
    ("POST", f"{API}/invitations"): "signed-in",
    ("POST", f"{API}/coach-links"): "signed-in",
    ("POST", f"{API}/coach-links/invitations"): "signed-in",
    ("DELETE", f"{API}/coach-links/{{coach_id}}"): "signed-in",
    ("GET", f"{API}/audit"): "admin",
    ("GET", "/import"): "closed",
    ("POST", "/import"): "closed",
    ("POST", f"{A}/delete"): "erase",
    ("POST", f"{A}/notes"): "clinician",
    ("POST", f"{A}/plan-changes"): "clinician",
    ("GET", f"{API}{A}/plan-changes"): "athlete",
    ("POST", f"{API}{A}/plan-changes"): "clinician",
    ("DELETE", f"{API}{A}/plan-changes/{{change_id}}"): "clinician",
    ("GET", f"{API}{A}/clinical-notes"): "clinician",
    ("POST", f"{API}{A}/clinical-notes"): "clinician",
    ("GET", f"{API}/openapi.json"): "public",
    ("GET", f"{API}/docs"): "public",
    ("GET", f"{API}/athletes"): "signed-in",
    ("POST", f"{API}/athletes"): "signed-in",
    ("GET", f"{API}/exercises"): "signed-in",
    ("GET", f"{API}/exercises/{{exercise_id}}"): "signed-in",
    ("GET", f"{API}/sources"): "signed-in",
    ("GET", f"{API}/sources/{{source_id}}"): "signed-in",
    ("GET", f"{API}/screening-questions"): "signed-in",
    ("GET", f"{API}/caseload"): "coach",
    ("POST", f"{API}/imports"): "closed",
    ("DELETE", f"{API}{A}"): "erase",
}
for method, tail in [
    ("GET", ""),
    ("GET", "/assess"),
    ("POST", "/assess"),
    ("GET", "/assess/result"),
    ("GET", "/checkin"),
    ("POST", "/checkin"),
    ("POST", "/clearance"),
    ("GET", "/data"),
    ("GET", "/edit"),
    ("POST", "/edit"),
    ("GET", "/handout"),
    ("GET", "/log"),
    ("POST", "/log"),
    ("GET", "/plan"),
    ("POST", "/plan"),
    ("GET", "/progress"),
    ("GET", "/report"),
    ("GET", "/runs"),
    ("POST", "/runs"),
    ("GET", "/screen"),
    ("POST", "/screen"),
    ("POST", "/squat-depth"),
    ("GET", "/status"),
    ("GET", "/today"),
]:
    ROWS[(method, f"{A}{tail}")] = "athlete"
for method, tail in [
    ("GET", ""),
    ("PATCH", ""),
    ("GET", "/assessments"),
    ("POST", "/assessments"),
    ("GET", "/baseline"),
    ("PUT", "/baseline"),
    ("GET", "/calendar.ics"),
    ("GET", "/check-ins"),
    ("POST", "/check-ins"),
    ("GET", "/check-ins/{day}"),
    ("PATCH", "/check-ins/{day}"),
    ("POST", "/clearances"),
    ("GET", "/export"),
    ("GET", "/handout"),
    ("GET", "/history"),
    ("GET", "/locks"),
    ("GET", "/locks/history"),
    ("GET", "/plan"),
    ("GET", "/plans"),
    ("POST", "/plans"),
    ("GET", "/progress"),
    ("GET", "/progress-report"),
    ("GET", "/runs"),
    ("POST", "/runs"),
    ("GET", "/runs/{run_id}"),
    ("POST", "/screenings"),
    ("GET", "/session-logs"),
    ("POST", "/session-logs"),
    ("GET", "/session-logs/{day}/{kind}"),
    ("PATCH", "/session-logs/{day}/{kind}"),
    ("POST", "/squat-depths"),
    ("GET", "/squat-depths/{day}"),
    ("GET", "/status"),
    ("GET", "/today"),
    ("GET", "/week"),
]:
    ROWS[(method, f"{API}{A}{tail}")] = "athlete"

FILLED = {
    "handle": "ana",
    "exercise_id": "wall-ankle-mobilisation",
    "source_id": "x",
    "run_id": "1",
    "token_id": "999",
    "coach_id": "999",
    "day": "2026-06-15",
    "kind": "strength",
    "change_id": "999",
}


def route_table(app: FastAPI) -> list[tuple[str, str]]:
    found = []
    for route in iter_route_contexts(app.routes):
        if route.path is None or route.path.startswith("/static"):
            continue
        for method in sorted(route.methods or ()):
            if method != "HEAD":
                found.append((method, route.path))
    return found


def test_every_route_has_a_row(app: FastAPI) -> None:
    missing = [cell for cell in route_table(app) if cell not in ROWS]
    assert not missing, f"routes without a row in the authorization matrix: {missing}"
    gone = [cell for cell in ROWS if cell not in route_table(app)]
    assert not gone, f"rows for routes that no longer exist: {gone}"


def _send(client: TestClient, method: str, path: str, handle: str) -> Response:
    url = re.sub(r"\{(\w+)\}", lambda m: handle if m[1] == "handle" else FILLED[m[1]], path)
    headers = {"accept": "text/html"} if not path.startswith(API) else {}
    if method == "GET":
        return client.get(url, headers=headers, follow_redirects=False)
    if path.startswith(API):
        return client.request(method, url, json={}, follow_redirects=False)
    token = client.cookies.get("anklet_csrf") or csrf_of(client, "/login")
    return client.request(
        method, url, data={"csrf_token": token}, headers=headers, follow_redirects=False
    )


def _refusal(path: str, who: str, door: str, answer: Response) -> bool:
    if answer.status_code in (401, 403):
        return True
    if path.startswith(API):
        return False
    return answer.status_code == 303 and answer.headers["location"].startswith("/login")


def _masked(answer: Response, handle: str) -> tuple[int, str]:
    return answer.status_code, answer.text.replace(repr(handle), "'?'").replace(handle, "?")


@pytest.mark.parametrize("door", sorted(ALLOWED))
def test_only_the_allowed_cells_get_through(cast: Cast, app: FastAPI, door: str) -> None:
    cells = [cell for cell in route_table(app) if ROWS.get(cell) == door]
    assert cells or door == "admin", f"no route behind the {door} door"
    wrong: list[str] = []
    for method, path in cells:
        if (method, path) == ("POST", "/logout"):
            continue  # it would sign the cast out: tests/server/test_sign_in.py
        for who, client in cast.all().items():
            if door in ("erase",) and who in ALLOWED[door]:
                continue  # an allowed erase is refused only by its missing confirmation
            answer = _send(client, method, path, "ana")
            allowed = who in ALLOWED[door]
            if door in ("athlete", "erase", "clinician") and not allowed and who != "anonymous":
                # Not yours looks exactly like does not exist.
                ghost = _send(client, method, path, "nobody")
                if answer.status_code != 404 or _masked(answer, "ana") != _masked(ghost, "nobody"):
                    wrong.append(f"{who} {method} {path}: {answer.status_code} leaks")
                continue
            if allowed == _refusal(path, who, door, answer) or answer.status_code >= 500:
                wrong.append(f"{who} {method} {path}: {answer.status_code} {answer.text[:120]}")
    assert not wrong, "\n".join(wrong)
