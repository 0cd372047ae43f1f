"""`anklet admin ...`: the multi-user server's accounts, from the machine that runs it.

The first admin is made here (nobody can be invited before there is one), and so are reset
links: the server sends no mail, so whoever runs it hands the printed link over."""

from __future__ import annotations

import typer

from anklet.cli.runtime import (
    JSON_OPTION,
    LIMIT_OPTION,
    open_anklet,
    page_of,
    print_json,
    user_errors,
)

app = typer.Typer(
    help="Accounts of the multi-user server (anklet serve --accounts): the first admin, "
    "invitation and reset links, the list of accounts and the audit log.",
    no_args_is_help=True,
)

BASE_URL_OPTION = typer.Option(
    "http://127.0.0.1:8000",
    "--base-url",
    help="The address people open the server at, to print whole links (e.g. https://anklet.example.org).",
)


def _password(given: str | None) -> str:
    from anklet.cli.asking import ask_password

    return given if given is not None else ask_password()


@app.command("create")
def create(
    ctx: typer.Context,
    email: str = typer.Option(..., "--email", help="The e-mail address (the sign-in name)."),
    name: str = typer.Option(..., "--name", help="The admin's name, as others see it."),
    password: str | None = typer.Option(
        None,
        "--password",
        help="Leave out to be asked (not echoed); 12 to 256 characters.",
        envvar="ANKLET_ADMIN_PASSWORD",
        show_envvar=True,
    ),
) -> None:
    """Make an admin account: the first one of a new server, or another one."""
    from anklet.services.accounts import create_admin

    with user_errors():
        anklet = open_anklet(ctx)
        account = create_admin(
            uow=anklet.accounts_uow(),
            clock=anklet.clock,
            passwords=anklet.passwords,
            email=email,
            name=name,
            password=_password(password),
        )
    typer.echo(f"Admin {account.email} made. Sign in at /login once the server runs.")


@app.command("invite")
def invite(
    ctx: typer.Context,
    role: str = typer.Option(..., "--role", help="admin, coach or athlete."),
    admin: str = typer.Option(..., "--as", help="The inviting admin's e-mail address."),
    base_url: str = BASE_URL_OPTION,
) -> None:
    """Print a one-time invitation link (valid 7 days) that makes an account with ROLE."""
    from anklet.domain.accounts import Role
    from anklet.domain.errors import InvalidValue
    from anklet.domain.units import parse_choice
    from anklet.services.accounts import admin_by_email
    from anklet.services.accounts import invite as make_invitation

    with user_errors():
        anklet = open_anklet(ctx)
        chosen = parse_choice("--role", role, Role)
        principal = admin_by_email(uow=anklet.accounts_uow(), email=admin)
        if not base_url.startswith(("http://", "https://")):
            raise InvalidValue("--base-url", base_url, "an http:// or https:// address")
        link = make_invitation(
            uow=anklet.accounts_uow(), clock=anklet.clock, inviter=principal, role=chosen
        )
    typer.echo(f"{base_url.rstrip('/')}/join?token={link.secret}")
    typer.echo(f"Works once, until {link.expires_at:%Y-%m-%d %H:%M} UTC.", err=True)


@app.command("reset-link")
def reset_link(
    ctx: typer.Context,
    email: str = typer.Argument(..., help="The e-mail address of the account."),
    base_url: str = BASE_URL_OPTION,
) -> None:
    """Print a one-time link (valid an hour) that sets a new password for the account."""
    from anklet.services.accounts import issue_reset

    with user_errors():
        anklet = open_anklet(ctx)
        link = issue_reset(uow=anklet.accounts_uow(), clock=anklet.clock, email=email)
    typer.echo(f"{base_url.rstrip('/')}/reset?token={link.secret}")
    typer.echo(f"Works once, until {link.expires_at:%Y-%m-%d %H:%M} UTC.", err=True)


@app.command("accounts")
def accounts(
    ctx: typer.Context,
    limit: int = LIMIT_OPTION,
    after: str | None = typer.Option(
        None, "--after", metavar="EMAIL", help="Those after this account (the next page)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """The accounts in the order made, a page at a time: address, name, role and since
    when (the next page's --after is printed to standard error, so --json stays one
    document)."""
    from anklet.services.accounts import list_accounts

    with user_errors():
        anklet = open_anklet(ctx)
        everyone = list_accounts(uow=anklet.accounts_uow(), principal=None)
        found = page_of(everyone, lambda account: account.email, after, limit)
    rows = [
        {
            "email": a.email,
            "name": a.name,
            "role": a.role.value,
            "created_at": a.created_at.isoformat(timespec="seconds"),
        }
        for a in found
    ]
    if as_json:
        print_json({"accounts": rows})
        return
    for row in rows:
        typer.echo(f"{row['email']}  {row['role']:<8} {row['name']}  (since {row['created_at']})")
    if not rows and after:
        typer.echo(f"No accounts after {after}.")
    elif not rows:
        typer.echo("No accounts yet: make the first admin with `anklet admin create`.")
