"""Typed dependencies: the composition root per app, and who may use the route (web.access)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from anklet.bootstrap import Anklet
from anklet.web.access import authorize


def get_anklet(request: Request) -> Anklet:
    anklet: Anklet = request.app.state.anklet
    return anklet


AnkletDep = Annotated[Anklet, Depends(get_anklet)]
Authorized = Depends(authorize)
