"""Rendering for the pages: the Jinja2 environment, the CSRF cookie, form fields read into
values (a bad one is an InvalidValue naming the field), the loading lock every athlete page
shows as a banner, and errors as pages, never tracebacks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine, Mapping
from enum import Enum
from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Any, TypeVar
from urllib.parse import urlencode

import jinja2
from fastapi import Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from markupsafe import Markup, escape
from starlette.datastructures import FormData

from anklet import __version__
from anklet.domain.errors import (
    Action,
    AnkletError,
    Conflict,
    Hint,
    InvalidValue,
    NotFound,
    Problems,
    StorageBusy,
    StorageUnavailable,
    each_problem,
    shown,
)
from anklet.domain.evidence import EVIDENCE_LEGEND, has_label
from anklet.domain.receipts import AlreadyRecorded
from anklet.domain.units import parse_choice
from anklet.importers.bibliography import load_bibliography
from anklet.services.athletes import show_athlete
from anklet.web.access import SignInNeeded, principal_of
from anklet.web.api.schemas import IsoDate
from anklet.web.csrf import FIELD, CsrfRefused, csrf_token, set_csrf_cookie
from anklet.web.rendering import DocumentTooSlow
from anklet.web.write_keys import REPLAYED, OnceRoute

E = TypeVar("E", bound=Enum)
# `?date=YYYY-MM-DD` on the day-based pages; FastAPI answers 422 for anything else.
DayQuery = Annotated[IsoDate | None, Query(alias="date")]

if TYPE_CHECKING:
    from anklet.bootstrap import Anklet
    from anklet.domain.safety import LoadingLock


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _PageEnvironment(jinja2.Environment):
    """`item.name` on a document (a plain dict) reads its key at once. Jinja asks for the
    attribute first and takes the key only after the AttributeError, which cost a page of
    a hundred items about a sixth of its rendering; a dict's own attributes (`.get`,
    `.items`) still come first, as before, so every template reads as it did."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Built on first use, not at import."""
    env = _PageEnvironment(
        loader=jinja2.PackageLoader("anklet.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        # The templates are package data: they do not change while the app serves, and
        # checking each one's file on every render cost a page about a tenth of its time.
        auto_reload=False,
    )
    env.globals["app_version"] = __version__
    env.globals["csrf_field"] = FIELD
    # evidence_legend.html and the source tooltips; `is labelled`: a text with a [V]/[S]/[D]/[U].
    env.globals["evidence_legend"] = EVIDENCE_LEGEND
    env.tests["labelled"] = has_label
    # `text | cite_links`: each author-year citation a link to its entry on /sources.
    env.filters["cite_links"] = cite_links
    return env


@lru_cache(maxsize=4096)
def cite_links(text: str) -> Markup:
    """`text`, escaped, with every citation of a known source linked to `/sources#<id>`.

    A page shows the same few hundred sources again and again: remembered per text (pure).
    """
    parts: list[Markup] = []
    last = 0
    for citation in load_bibliography().find_citations(text):
        if citation.source is None:
            continue
        parts.append(escape(text[last : citation.start]))
        parts.append(
            Markup('<a class="cite" href="/sources#{}">{}</a>').format(
                citation.source.id, text[citation.start : citation.end]
            )
        )
        last = citation.end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def render(
    request: Request, template: str, context: Mapping[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    values: dict[str, Any] = {"request": request, "csrf_token": csrf_token(request)}
    values |= {"errors": {}, "form": {}}
    values["me"] = principal_of(request)  # the signed-in account on a server, else None
    values |= dict(context or {})
    html = environment().get_template(template).render(values)
    response = HTMLResponse(html, status_code=status)
    set_csrf_cookie(request, response)
    return response


def error_page(
    request: Request,
    status: int,
    title: str,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """An error as a page, for a person's browser (the API answers problem+json)."""
    context = {"title": title, "message": message, "handle": None, "next": None}
    response = render(request, "error.html", context, status=status)
    response.headers.update(headers or {})
    return response


def redirect(url: str) -> RedirectResponse:
    """After a successful post: see the result with GET (reloading does not post again)."""
    return RedirectResponse(url, status_code=303)


def athlete_lock(anklet: Anklet, handle: str) -> LoadingLock:
    """The athlete's loading lock, for the banner base.html shows on every athlete page
    (an unknown handle is NotFound, shown as the 404 page)."""
    return show_athlete(uow=anklet.uow(), handle=handle).lock


def form_errors(error: InvalidValue) -> dict[str, str]:
    """The message shown beside each field named (every one of an InvalidValues)."""
    return {problem.field: _beside(problem) for problem in each_problem((error,))}


def _beside(problem: InvalidValue) -> str:
    """A field left empty says only what it needs; a typed value is shown back."""
    if problem.value == "":
        return problem.allowed
    return f"{shown(problem.value)} is not allowed; expected {problem.allowed}"


class FormReader:
    """Reads a posted form field by field, keeping every value that does not read (not a
    number, not a date, not a choice) instead of stopping at the first: a form shows all its
    errors at once. A field that does not read gives its default."""

    def __init__(self, form: FormData) -> None:
        self.form = form
        self.problems = Problems()

    def whole(self, name: str, *, field: str | None = None) -> int | None:
        return self.problems.check(lambda: whole(self.form, name, field=field), None)

    def number(self, name: str, *, field: str | None = None) -> float | None:
        return self.problems.check(lambda: number(self.form, name, field=field), None)

    def day(self, name: str, default: dt.date) -> dt.date:
        return self.problems.check(lambda: day(self.form, name, default), default)

    def choice(self, name: str, raw: str, kind: type[E], default: E) -> E:
        return self.problems.check(lambda: parse_choice(name, raw, kind), default)

    def required(self, name: str, allowed: str) -> int:
        """A whole number that must be given; 0 stands in while another problem is shown."""
        value = self.whole(name)
        if value is None:
            if all(problem.field != name for problem in self.problems.found):
                self.problems.add(InvalidValue(name, "", allowed))
            return 0
        return value

    def also(self, check: Callable[[], object], *, ignore: frozenset[str] = frozenset()) -> None:
        """Run a check of the values read so far (a domain validation), keeping its problems,
        when some field did not read: the answer then names them all. `ignore`: fields whose
        problem would only repeat one already found (a whole-form "nothing given" when a
        value was typed but did not read)."""
        if not self.problems.found:
            return
        try:
            check()
        except InvalidValue as error:
            for problem in each_problem((error,)):
                if problem.field not in ignore:
                    self.problems.add(problem)

    def raise_if_any(self) -> None:
        self.problems.raise_if_any()


async def form_data(request: Request) -> FormData:
    """The posted form, for sync routes (Starlette caches it; CSRF has read it already)."""
    return await request.form()


def text(form: FormData, name: str, default: str = "") -> str:
    value = form.get(name, default)
    return value.strip() if isinstance(value, str) else default


def whole(form: FormData, name: str, *, field: str | None = None) -> int | None:
    """A whole number, or None when the field is empty."""
    raw = text(form, name)
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise InvalidValue(field or name, raw, "a whole number") from None


def number(form: FormData, name: str, *, field: str | None = None) -> float | None:
    raw = text(form, name).replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise InvalidValue(field or name, raw, "a number") from None


def day(form: FormData, name: str, default: dt.date) -> dt.date:
    raw = text(form, name)
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidValue(name, raw, "a date written YYYY-MM-DD") from None


def flag(form: FormData, name: str) -> bool:
    return text(form, name) in {"on", "yes", "true", "1"}


def page_hint(hint: Hint | None) -> tuple[str, str] | None:
    """The next step as a link on a page: (address, words); None when there is none."""
    if hint is None:
        return None
    handle = hint.handle
    links = {
        Action.CREATE_PLAN: (f"/athletes/{handle}/plan", "Make a plan") if handle else None,
        Action.LIST_ATHLETES: ("/", "See the athletes"),
        Action.LIST_EXERCISES: ("/exercises", "See the exercise library"),
        Action.NEW_HANDLE: None,  # the import form asks for one
        Action.REPLACE: None,  # the form itself offers to replace
        Action.SCREEN: (f"/athletes/{handle}/screen", "Answer the red-flag questions")
        if handle
        else None,
    }
    return links[hint.action]


ERROR_STATUS: tuple[tuple[type[AnkletError], int, str], ...] = (
    (NotFound, 404, "Not found"),
    (Conflict, 409, "That clashes with what is stored"),
    (StorageUnavailable, 503, "The database is unavailable"),
    (DocumentTooSlow, 503, "The document took too long to draw"),
    (AnkletError, 422, "That cannot be done"),
)
CSRF_TITLE = "The form was refused"


class PageRoute(APIRoute):
    """A page route: an error a user can cause becomes a page that says what to do, and so does
    a form refused by the CSRF check (403, with a fresh token for the next try)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except AnkletError as error:
                status, title = next(
                    (code, title) for kind, code, title in ERROR_STATUS if isinstance(error, kind)
                )
                context = {
                    "title": title,
                    "message": str(error),
                    "handle": None,
                    "next": page_hint(error.hint),
                }
                page = render(request, "error.html", context, status=status)
                if isinstance(error, StorageBusy | DocumentTooSlow):
                    page.headers["Retry-After"] = str(error.retry_after_s)
                if isinstance(error, AlreadyRecorded):
                    # The offline queue reads this: the write is in, not refused.
                    page.headers[REPLAYED] = "recorded"
                return page
            except SignInNeeded:
                wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return redirect("/login?" + urlencode({"next": wanted}))
            except CsrfRefused as refused:
                context = {
                    "title": CSRF_TITLE,
                    "message": refused.detail,
                    "handle": request.path_params.get("handle"),
                    "next": None,
                }
                return render(request, "error.html", context, status=refused.status_code)

        return page_handler


class OncePageRoute(PageRoute, OnceRoute):
    """A form post a phone may send again (web.write_keys): with an Idempotency-Key, the CSRF
    check first, then the first answer to a retry; its errors are pages too."""

    form_post = True
