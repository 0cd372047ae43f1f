"""The pages added to the loop: editing an athlete, the exercise library (search and filters,
the list swapped by HTMX, a plain GET form without it), an exercise's page, a CSRF refusal as
an HTML page, and the lock banner on every athlete page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from anklet.bootstrap import Anklet
from tests.web.test_pages import EVERY_DAY, add_sam, field_errors, ticked_lifts, token

ATHLETE_PAGES = ("today", "log", "checkin", "plan", "progress", "assess", "screen", "edit")


def listed(html: str) -> list[str]:
    return re.findall(r'<li class="exercise" data-exercise="([^"]+)"', html)


def edited(csrf: str, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf_token": csrf,
        "name": "Sam Edited",
        "birth_year": "1985",
        "sex": "female",
        "goal": "running",
        "days": ["tue", "thu"],
        "minutes": "45",
        "equipment": ["band", "step"],
        "units": "imperial",
    }
    return form | changes


def test_the_edit_form_is_prefilled_and_linked_from_the_overview(client: TestClient) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    assert 'href="/athletes/sam/edit"' in client.get("/athletes/sam").text
    page = client.get("/athletes/sam/edit")
    assert page.status_code == 200
    assert 'id="f-name" name="name" type="text" value="Sam"' in page.text
    assert 'name="csrf_token"' in page.text
    checked = re.findall(r'name="days" value="(\w+)" checked', page.text)
    assert checked == EVERY_DAY
    assert re.search(r'<option value="metric" selected>', page.text)
    assert 'name="handle"' not in page.text  # the handle is not editable


def test_an_edit_is_saved_and_redirects_to_the_overview(client: TestClient) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    response = client.post("/athletes/sam/edit", data=edited(csrf), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/athletes/sam"
    overview = client.get("/athletes/sam").text
    assert "Sam Edited" in overview and "tue, thu" in overview and "45 min" in overview
    api = client.get("/api/v1/athletes/sam").json()
    assert api["birth_year"] == 1985 and api["sex"] == "female" and api["units"] == "imperial"
    assert sorted(api["equipment"]) == ["band", "step"] and api["goal"] == "running"
    again = client.get("/athletes/sam/edit").text
    assert 'value="1985"' in again and '<option value="imperial" selected>' in again


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "1 to 80 characters"),
        ({"birth_year": "abc"}, "birth_year", "a whole number"),
        ({"minutes": "two"}, "minutes", "a whole number"),
        ({"days": []}, "days", "at least one weekday"),
        ({"sex": "other"}, "sex", "one of"),
    ],
)
def test_a_bad_edit_shows_the_form_again_with_the_message_beside_the_field(
    client: TestClient, changes: dict[str, object], field: str, message: str
) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    response = client.post("/athletes/sam/edit", data=edited(csrf, **changes))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert f'id="error-{field}"' in response.text
    assert any(message in error for error in field_errors(response)), field_errors(response)
    assert 'value="Sam Edited"' in response.text or field == "name"  # what was typed stays
    assert client.get("/api/v1/athletes/sam").json()["name"] == "Sam"  # nothing was saved


def test_editing_an_unknown_athlete_is_the_404_page(client: TestClient) -> None:
    csrf = token(client)
    assert client.get("/athletes/nobody/edit").status_code == 404
    response = client.post("/athletes/nobody/edit", data=edited(csrf))
    assert response.status_code == 404 and "no athlete named" in response.text


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/athletes", {"handle": "kim", "name": "Kim"}),
        ("/athletes/sam/edit", {"name": "Sam"}),
        ("/athletes/sam/plan", {"weeks": "8"}),
        ("/athletes/sam/clearance", {"note": "Dr Lee"}),
    ],
)
def test_a_csrf_refusal_is_an_html_page(
    client: TestClient, path: str, data: dict[str, str]
) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    for form in (data, data | {"csrf_token": "x" + csrf}):
        response = client.post(path, data=form)
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("text/html")
        assert "<h1>The form was refused</h1>" in response.text
        assert "security token is missing or out of date" in response.text


def test_a_csrf_refusal_without_a_cookie_gives_a_fresh_token(anklet: Anklet) -> None:
    from anklet.web.app import create_app

    with TestClient(create_app(anklet=anklet)) as fresh:
        response = fresh.post("/athletes", data={"handle": "kim", "name": "Kim"})
        assert response.status_code == 403 and "text/html" in response.headers["content-type"]
        assert "anklet_csrf=" in response.headers["set-cookie"]


def test_the_library_lists_every_exercise_and_is_linked_from_every_page(
    client: TestClient, anklet: Anklet
) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    for path in ("/", "/athletes/sam", "/exercises"):
        assert 'href="/exercises"' in client.get(path).text
    page = client.get("/exercises")
    assert page.status_code == 200
    assert listed(page.text) == [exercise.id for exercise in anklet.catalogue]
    assert '<form method="get" action="/exercises"' in page.text  # works without JavaScript
    assert 'hx-get="/exercises"' in page.text and 'hx-target="#exercise-list"' in page.text
    assert "<script>" not in page.text


def test_the_search_matches_name_alias_and_summary(client: TestClient, anklet: Anklet) -> None:
    exercise = next(e for e in anklet.catalogue if e.aliases)
    for words in (exercise.name, exercise.aliases[0], exercise.summary.split()[-1].strip(".")):
        found = listed(client.get("/exercises", params={"q": words.upper()}).text)
        assert exercise.id in found, words
        assert found == [
            e.id
            for e in anklet.catalogue
            if all(
                w in " ".join((e.name, *e.aliases, e.summary)).casefold()
                for w in words.casefold().split()
            )
        ]
    nothing = client.get("/exercises", params={"q": "zzz-no-such-thing"})
    assert listed(nothing.text) == [] and 'id="no-exercises"' in nothing.text


def test_the_filters_narrow_the_list(client: TestClient, anklet: Anklet) -> None:
    def ids(**params: str) -> list[str]:
        response = client.get("/exercises", params=params)
        assert response.status_code == 200, response.text
        return listed(response.text)

    assert ids(stage="1") == [e.id for e in anklet.catalogue if e.stage == 1]
    assert ids(target="plantarflexion") == [
        e.id for e in anklet.catalogue if "plantarflexion" in e.targets
    ]
    assert ids(equipment="band") == [e.id for e in anklet.catalogue if "band" in e.equipment]
    assert ids(equipment="none") == [e.id for e in anklet.catalogue if not e.equipment]
    assert ids(category="mobility") == [e.id for e in anklet.catalogue if e.category == "mobility"]
    both = ids(stage="3", category="strength")
    assert both == [e.id for e in anklet.catalogue if e.stage == 3 and e.category == "strength"]
    assert 0 < len(both) < len(anklet.catalogue)
    kept = client.get("/exercises", params={"stage": "3", "q": "raise"}).text
    assert '<option value="3" selected>' in kept and 'value="raise"' in kept


def test_htmx_gets_only_the_list(client: TestClient) -> None:
    partial = client.get("/exercises", params={"q": "lunge"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert partial.text.strip().startswith('<section id="exercise-list"')
    assert "<html" not in partial.text and listed(partial.text)
    assert "HX-Request" in partial.headers["vary"]
    restore = client.get(
        "/exercises",
        params={"q": "lunge"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.text  # a history restore wants the whole page


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"stage": "9"}, "stage"),
        ({"target": "knees"}, "target"),
        ({"equipment": "rope"}, "equipment"),
    ],
)
def test_a_bad_filter_is_shown_beside_it(
    client: TestClient, params: dict[str, str], field: str
) -> None:
    response = client.get("/exercises", params=params)
    assert response.status_code == 422
    assert f'id="error-{field}"' in response.text and field_errors(response)


def test_every_exercise_has_a_page_with_its_details(client: TestClient, anklet: Anklet) -> None:
    for exercise in anklet.catalogue:
        page = client.get(f"/exercises/{exercise.id}")
        assert page.status_code == 200, exercise.id
        assert f"<h1>{escape(exercise.name)}</h1>" in page.text
        for section in ("cues", "dosing", "chain", "sources"):
            assert f'id="{section}"' in page.text
        assert page.text.count("<th>stage ") == len(exercise.dosing)
        if exercise.gates:
            assert 'id="gates"' in page.text


def test_an_exercise_page_shows_the_chain_of_easier_and_harder_steps(
    client: TestClient, anklet: Anklet
) -> None:
    from anklet.services.exercises import show_exercise

    exercise = next(e for e in anklet.catalogue if e.regressions and e.progressions and e.sources)
    detail = show_exercise(catalogue=anklet.catalogue, exercise_id=exercise.id)
    page = client.get(f"/exercises/{exercise.id}").text
    easier = re.search(r'<ol class="chain" id="easier">(.*?)</ol>', page, re.S)
    harder = re.search(r'<ol class="chain" id="harder">(.*?)</ol>', page, re.S)
    assert easier and harder
    assert re.findall(r'href="/exercises/([^"]+)"', easier.group(1)) == [
        e.id for e in detail.easier
    ]
    assert re.findall(r'href="/exercises/([^"]+)"', harder.group(1)) == [
        e.id for e in detail.harder
    ]
    # Each source is shown whole; its citations are links to /sources (tags aside).
    text = re.sub(r'<a class="cite" href="/sources#[a-z0-9-]+">(.*?)</a>', r"\1", page)
    assert all(str(escape(source)) in text for source in exercise.sources)


def test_an_unknown_exercise_is_the_404_page_with_a_hint(client: TestClient) -> None:
    response = client.get("/exercises/calf-rase")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no exercise named &#39;calf-rase&#39;; did you mean" in response.text


def test_today_links_each_item_to_its_exercise_page(client: TestClient) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    client.post("/athletes/sam/screen", data={"csrf_token": csrf})
    client.post(
        "/athletes/sam/assess",
        data={"csrf_token": csrf, "lunge_left": "8", "lunge_right": "11.5"},
    )
    client.post("/athletes/sam/plan", data={"csrf_token": csrf, "weeks": "8"})
    today = client.get("/athletes/sam/today").text
    items = re.findall(r'<li class="item" data-exercise="([^"]+)"', today)
    assert items
    for exercise_id in set(items):
        assert f'href="/exercises/{exercise_id}"' in today
        assert client.get(f"/exercises/{exercise_id}").status_code == 200


def test_every_athlete_page_shows_the_lock_banner_while_loading_is_locked(
    client: TestClient,
) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    client.post("/athletes/sam/assess", data={"csrf_token": csrf, "lunge_left": "8"})
    client.post("/athletes/sam/plan", data={"csrf_token": csrf, "weeks": "8"})
    for page in ATHLETE_PAGES:
        html = client.get(f"/athletes/sam/{page}").text
        assert 'id="lock-banner"' not in html, page
    client.post("/athletes/sam/screen", data={"csrf_token": csrf, "yes": "5"})
    for page in ATHLETE_PAGES:
        response = client.get(f"/athletes/sam/{page}")
        assert response.status_code == 200, (page, response.text)
        banner = re.search(
            r'<div class="banner lock" role="alert" id="lock-banner">(.*?)</div>',
            response.text,
            re.S,
        )
        assert banner, page
        assert "Loading is locked" in banner.group(1) and "red flag 5" in banner.group(1)
        assert 'href="/athletes/sam#clearance-form"' in banner.group(1)
    form = {
        "csrf_token": csrf,
        "lift": ticked_lifts(client.get("/athletes/sam").text),
        "cleared_by": "Dr Lee, physiotherapist",
        "note": "seen, all clear",
    }
    cleared = client.post("/athletes/sam/clearance", data=form)
    assert cleared.status_code == 200 and form["lift"]
    for page in ATHLETE_PAGES:
        assert 'id="lock-banner"' not in client.get(f"/athletes/sam/{page}").text, page


def test_body_mass_is_entered_on_the_form_and_shown_on_the_overview(client: TestClient) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    assert 'id="f-body_mass_kg"' in client.get("/athletes/sam/edit").text
    response = client.post(
        "/athletes/sam/edit", data=edited(csrf, body_mass_kg="104.5"), follow_redirects=False
    )
    assert response.status_code == 303
    assert "104.5 kg" in client.get("/athletes/sam").text
    assert client.get("/api/v1/athletes/sam").json()["body_mass_kg"] == 104.5
    assert 'value="104.5"' in client.get("/athletes/sam/edit").text
    client.post("/athletes/sam/edit", data=edited(csrf, body_mass_kg=""))
    assert client.get("/api/v1/athletes/sam").json()["body_mass_kg"] is None
    assert 'id="body-mass"' not in client.get("/athletes/sam").text


@pytest.mark.parametrize(
    ("path", "kg", "message"),
    [
        ("/athletes/sam/edit", "20", "30 to 250 kg"),
        ("/athletes/sam/edit", "300", "30 to 250 kg"),
        ("/athletes/sam/edit", "heavy", "a number"),
        ("/athletes", "20", "30 to 250 kg"),
    ],
)
def test_a_body_mass_outside_30_to_250_kg_shows_the_form_again(
    client: TestClient, path: str, kg: str, message: str
) -> None:
    csrf = token(client)
    add_sam(client, csrf)
    data = edited(csrf, body_mass_kg=kg) | ({"handle": "kim"} if path == "/athletes" else {})
    response = client.post(path, data=data)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="error-body_mass_kg"' in response.text
    assert any(message in error for error in field_errors(response)), field_errors(response)
    assert f'value="{kg}"' in response.text  # what was typed stays, to correct
    assert client.get("/api/v1/athletes/sam").json()["body_mass_kg"] is None
