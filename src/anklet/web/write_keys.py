"""Writes sent again, over HTTP: the `Idempotency-Key` header (domain.receipts).

A route built with `OnceRoute` (the API) or `pages.render.OncePageRoute` (a form post) reads the
header, fingerprints the request and, when the key was answered before, gives that answer
again without calling the route. Otherwise the route passes the key to its service, which
stores it in the write's own transaction, and the answer sent is kept afterwards. A request
without the header is handled as before. The phone's offline queue (static/js/offline.js)
sends every queued log and check-in with a key of its own.

A page's fingerprint leaves out the CSRF field: a queued form sent later may carry a newer
token, and it is still the same write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request, Response
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from anklet.domain.receipts import HEADER, AlreadyRecorded, Answer, WriteKey, check_key
from anklet.services.receipts import first_answer, keep_answer
from anklet.web.csrf import FIELD, require_csrf

REPLAYED = "Idempotent-Replayed"  # on an answer given again, so a client can tell


class OnceRoute(APIRoute):
    """A write route that answers a retry of a keyed write with the first answer."""

    form_post = False

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        form_post = self.form_post

        async def once_handler(request: Request) -> Response:
            raw = request.headers.get(HEADER)
            if raw is None:
                return await handler(request)
            if form_post:
                await require_csrf(request)  # a refused form learns nothing, not even a replay
            write = WriteKey(check_key(raw.strip()), await fingerprint(request, form=form_post))
            anklet = request.app.state.anklet
            answer = await run_in_threadpool(first_answer, uow=anklet.uow(), write=write)
            if answer is not None:
                return replayed(answer)
            request.state.write_key = write
            try:
                response = await handler(request)
            except AlreadyRecorded:
                # A send that met the first one on the way: its answer is kept by now, or
                # the first is still being answered (AlreadyRecorded again: a 409).
                again = await run_in_threadpool(first_answer, uow=anklet.uow(), write=write)
                if again is None:
                    raise
                return replayed(again)
            if 200 <= response.status_code < 400:
                await run_in_threadpool(
                    keep_answer, uow=anklet.uow(), write=write, answer=answer_of(response)
                )
            return response

        return once_handler


async def fingerprint(request: Request, *, form: bool) -> str:
    """SHA-256 of the method, the path and the body (a form's fields in order, without the
    CSRF token)."""
    if form:
        fields = [
            (name, value)
            for name, value in (await request.form()).multi_items()
            if name != FIELD and isinstance(value, str)
        ]
        body = json.dumps(fields, ensure_ascii=False)
    else:
        body = (await request.body()).decode("utf-8", "backslashreplace")
    seen = json.dumps([request.method, request.url.path, body], ensure_ascii=False)
    return hashlib.sha256(seen.encode("utf-8", "backslashreplace")).hexdigest()


def answer_of(response: Response) -> Answer:
    body = bytes(getattr(response, "body", b"") or b"")
    return Answer(
        status=response.status_code,
        media_type=response.headers.get("content-type", ""),
        body=body.decode("utf-8", "backslashreplace"),
        location=response.headers.get("location"),
    )


def replayed(answer: Answer) -> Response:
    headers = {REPLAYED: "true"}
    if answer.location:
        headers["Location"] = answer.location
    response = Response(answer.body, status_code=answer.status, headers=headers)
    if answer.media_type:
        response.headers["content-type"] = answer.media_type
    return response


KEY_DESCRIPTION = (
    "A new random key for each write (16 to 128 letters, digits, '.', '_', ':' or '-'). "
    "The same request sent again with the same key is answered as the first time and never "
    "stored twice; the same key with another request is a 422."
)


def write_key(
    request: Request,
    idempotency_key: Annotated[
        str | None, Header(alias=HEADER, description=KEY_DESCRIPTION)
    ] = None,
) -> WriteKey | None:
    """The checked key of this request, for its service (read by the route class; the
    parameter puts the header in the OpenAPI document)."""
    del idempotency_key
    found = getattr(request.state, "write_key", None)
    return found if isinstance(found, WriteKey) else None


WriteKeyDep = Annotated[WriteKey | None, Depends(write_key)]
