"""Sign-in, sign-out, joining by invitation and setting a new password with a reset link:
the pages of the multi-user server that need no account (web.access lets them through)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from anklet.domain.accounts import (
    EMAIL_MAX_CHARS,
    NAME_MAX_CHARS,
    PASSWORD_MAX_CHARS,
    PASSWORD_MIN_CHARS,
)
from anklet.domain.errors import AnkletError, InvalidValue
from anklet.services.accounts import accept_invitation, reset_password, sign_in, sign_out
from anklet.web.access import SESSION_COOKIE, client_address, principal_of
from anklet.web.csrf import require_csrf
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import PageRoute, form_data, form_errors, redirect, render

router = APIRouter(route_class=PageRoute)
Form = Annotated[FormData, Depends(form_data)]
LIMITS = {
    "email_max": EMAIL_MAX_CHARS,
    "name_max": NAME_MAX_CHARS,
    "password_min": PASSWORD_MIN_CHARS,
    "password_max": PASSWORD_MAX_CHARS,
}


def _value(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def safe_next(target: str) -> str:
    """Only a path on this site: "//evil.example" or "https://..." would send the user away."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def set_session_cookie(request: Request, response: Response, secret: str) -> None:
    # Secure when the browser reached us over TLS (directly or through a proxy that says so).
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    if principal_of(request) is not None:
        return redirect(safe_next(next))
    return render(request, "login.html", {"next": safe_next(next), "handle": None} | LIMITS)


@router.post("/login", dependencies=[Depends(require_csrf)])
def login(request: Request, anklet: AnkletDep, form: Form) -> Response:
    target = safe_next(_value(form, "next"))
    email = _value(form, "email")
    try:
        _, secret = sign_in(
            uow=anklet.accounts_uow(),
            clock=anklet.clock,
            passwords=anklet.passwords,
            email=email,
            password=_value(form, "password"),
            address=client_address(request),
            old_session=request.cookies.get(SESSION_COOKIE),
        )
    except InvalidValue as refused:
        context: dict[str, Any] = {"next": target, "handle": None}
        context["form"] = {"email": email[:EMAIL_MAX_CHARS]}
        context |= {"errors": form_errors(refused)} | LIMITS
        return render(request, "login.html", context, status=422)
    response = redirect(target)
    set_session_cookie(request, response, secret)
    return response


@router.post("/logout", dependencies=[Depends(require_csrf)])
def logout(request: Request, anklet: AnkletDep) -> RedirectResponse:
    sign_out(
        uow=anklet.accounts_uow(), clock=anklet.clock, secret=request.cookies.get(SESSION_COOKIE)
    )
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    # On a shared device, nothing of the account stays behind: the offline copies of its
    # pages and any write still waiting to sync go with the session.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@router.get("/join")
def join_page(request: Request, token: str = "") -> Response:
    context: dict[str, Any] = {"token": token[:200], "handle": None, "form": {}} | LIMITS
    return render(request, "join.html", context)


@router.post("/join", dependencies=[Depends(require_csrf)])
def join(request: Request, anklet: AnkletDep, form: Form) -> Response:
    token, email, name = _value(form, "token"), _value(form, "email"), _value(form, "name")
    try:
        _, secret = accept_invitation(
            uow=anklet.accounts_uow(),
            clock=anklet.clock,
            passwords=anklet.passwords,
            secret=token,
            email=email,
            name=name,
            password=_value(form, "password"),
            address=client_address(request),
            old_session=request.cookies.get(SESSION_COOKIE),
        )
    except AnkletError as error:
        errors = form_errors(error) if isinstance(error, InvalidValue) else {"email": str(error)}
        context = {"token": token[:200], "handle": None, "errors": errors}
        context |= {"form": {"email": email[:EMAIL_MAX_CHARS], "name": name[:NAME_MAX_CHARS]}}
        return render(request, "join.html", context | LIMITS, status=422)
    response = redirect("/")
    set_session_cookie(request, response, secret)
    return response


@router.get("/reset")
def reset_page(request: Request, token: str = "") -> Response:
    return render(request, "reset.html", {"token": token[:200], "handle": None} | LIMITS)


@router.post("/reset", dependencies=[Depends(require_csrf)])
def reset(request: Request, anklet: AnkletDep, form: Form) -> Response:
    token = _value(form, "token")
    try:
        reset_password(
            uow=anklet.accounts_uow(),
            clock=anklet.clock,
            passwords=anklet.passwords,
            secret=token,
            password=_value(form, "password"),
            address=client_address(request),
        )
    except InvalidValue as error:
        context = {"token": token[:200], "handle": None, "errors": form_errors(error)}
        return render(request, "reset.html", context | LIMITS, status=422)
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
