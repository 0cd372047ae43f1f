"""The pages: server-rendered HTML for people (Jinja2, a little HTMX and plain JavaScript).

Routes are thin, as in the API: read the form, call a service, render a report document. Every
form post passes the CSRF check; a bad value shows the form again with the message beside the
field (422)."""

from __future__ import annotations

from fastapi import APIRouter

from anklet.web.deps import Authorized
from anklet.web.pages import (
    account,
    accounts,
    assessments,
    athletes,
    caseload,
    data,
    exercises,
    offline,
    plans,
    progress,
    reports,
    runs,
    safety,
    sources,
    training,
)
from anklet.web.pages.render import PageRoute

router = APIRouter(dependencies=[Authorized], route_class=PageRoute, include_in_schema=False)
for module in (
    accounts,
    account,
    athletes,
    safety,
    assessments,
    plans,
    training,
    progress,
    reports,
    runs,
    exercises,
    sources,
    caseload,
    data,
    offline,
):
    router.include_router(module.router)
