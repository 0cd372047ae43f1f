"""CSRF protection for the pages' form posts: a double-submit token.

A random token (`secrets`) lives in a cookie the page's own scripts cannot read (HttpOnly,
SameSite=Strict) and is repeated in a hidden field of every form. Another site can make the
browser send the cookie, but cannot read it to put the same value in the form, so a post whose
field does not match the cookie is refused with 403 by one dependency, `require_csrf`; the
pages show that refusal as a page (`CsrfRefused` is caught by their route class).
"""

from __future__ import annotations

import secrets

from fastapi import HTTPException, Request, Response, status

COOKIE = "anklet_csrf"
FIELD = "csrf_token"
TOKEN_BYTES = 32
REFUSED = "The form's security token is missing or out of date; reload the page and try again."


class CsrfRefused(HTTPException):
    """A form post whose token does not match the cookie: 403."""

    def __init__(self) -> None:
        super().__init__(status.HTTP_403_FORBIDDEN, REFUSED)


def csrf_token(request: Request) -> str:
    """The session's token: the cookie's, or a new one that `set_csrf_cookie` will store."""
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 200:
        token = getattr(request.state, "new_csrf_token", None) or secrets.token_urlsafe(TOKEN_BYTES)
        request.state.new_csrf_token = token
    return token


def set_csrf_cookie(request: Request, response: Response) -> None:
    """Store a token made while rendering this response."""
    token = getattr(request.state, "new_csrf_token", None)
    if token:
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")


async def require_csrf(request: Request) -> None:
    """Every form post depends on this: the field must match the cookie."""
    cookie = request.cookies.get(COOKIE, "")
    form = await request.form()  # cached by Starlette: the route reads the same form
    given = form.get(FIELD, "")
    if (
        not cookie
        or not isinstance(given, str)
        or not secrets.compare_digest(cookie.encode(), given.encode())
    ):
        raise CsrfRefused()
