"""Typed dependencies: the composition root per app, and the request's athlete scope."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from anklet.bootstrap import Anklet
from anklet.web.security import authorize


def get_anklet(request: Request) -> Anklet:
    anklet: Anklet = request.app.state.anklet
    return anklet


AnkletDep = Annotated[Anklet, Depends(get_anklet)]
Authorized = Depends(authorize)
