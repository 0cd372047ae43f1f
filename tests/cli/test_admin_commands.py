"""`anklet admin ...` and the serve checks of the multi-user server, through the real CLI on
an SQLite file: the first admin, invitation and reset links that the web app accepts, and a
server that refuses to listen beyond this machine without accounts."""

from __future__ import annotations

import json

from tests.cli.conftest import Cli

PASSWORD = "a long admin passphrase"


def _admin(cli: Cli) -> None:
    made = cli(
        "admin", "create", "--email", "Ada@Clinic.test", "--name", "Ada", "--password", PASSWORD
    )
    assert made.exit_code == 0, made.output
    assert "ada@clinic.test" in made.output  # addresses are kept lower-case


def test_the_first_admin_then_an_invitation_link(cli: Cli) -> None:
    _admin(cli)
    link = cli("admin", "invite", "--role", "coach", "--as", "ada@clinic.test")
    assert link.exit_code == 0, link.output
    assert link.stdout.startswith("http://127.0.0.1:8000/join?token=")
    listed = json.loads(cli("admin", "accounts", "--json").stdout)
    assert [(a["email"], a["role"]) for a in listed["accounts"]] == [("ada@clinic.test", "admin")]


def test_bad_admin_input_is_one_line_and_exit_2(cli: Cli) -> None:
    short = cli(
        "admin", "create", "--email", "ada@clinic.test", "--name", "Ada", "--password", "short"
    )
    assert short.exit_code == 2 and "password: '5 characters' is not allowed" in short.output
    assert "short" not in short.output.replace("'5 characters'", "")  # never echoed
    bad = cli(
        "admin", "create", "--email", "not-an-address", "--name", "Ada", "--password", PASSWORD
    )
    assert bad.exit_code == 2 and "email: 'not-an-address'" in bad.output
    _admin(cli)
    twice = cli(
        "admin", "create", "--email", "ada@clinic.test", "--name", "A", "--password", PASSWORD
    )
    assert twice.exit_code == 2 and "exists already" in twice.output
    role = cli("admin", "invite", "--role", "boss", "--as", "ada@clinic.test")
    assert role.exit_code == 2 and "--role: 'boss'" in role.output
    stranger = cli("admin", "invite", "--role", "coach", "--as", "eve@clinic.test")
    assert stranger.exit_code == 2 and "an admin account" in stranger.output
    nobody = cli("admin", "reset-link", "nobody@clinic.test")
    assert nobody.exit_code == 2 and "no account named" in nobody.output


def test_the_password_is_asked_twice_when_not_given(cli: Cli) -> None:
    made = cli(
        "admin", "create", "--email", "a@b.test", "--name", "A", input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert made.exit_code == 0, made.output
    assert PASSWORD not in made.output


def test_an_asked_password_is_checked_before_it_is_repeated(cli: Cli) -> None:
    # Too short: said at once, before the repeat is asked for; then a repeat that differs.
    typed = f"short\n{PASSWORD}\n{PASSWORD}x\n{PASSWORD}\n{PASSWORD}\n"
    made = cli("admin", "create", "--email", "a@b.test", "--name", "A", input=typed)
    assert made.exit_code == 0, made.output
    assert (
        "error: password: '5 characters' is not allowed; expected 12 to 256 characters. "
        "Try again." in made.stderr
    )
    assert "error: password: the two entries differ. Try again." in made.stderr
    assert made.output.index("'5 characters'") < made.output.index("Repeat for confirmation")
    assert made.output.count("Repeat for confirmation") == 2
    assert "short" not in made.output and PASSWORD not in made.output


def test_a_reset_link_is_printed_for_an_account(cli: Cli) -> None:
    _admin(cli)
    link = cli(
        "admin", "reset-link", "ada@clinic.test", "--base-url", "https://anklet.example.org/"
    )
    assert link.exit_code == 0, link.output
    assert link.stdout.startswith("https://anklet.example.org/reset?token=")


def test_serve_refuses_the_network_without_accounts(cli: Cli) -> None:
    refused = cli("serve", "--host", "0.0.0.0")
    assert refused.exit_code == 2
    assert "--host: '0.0.0.0'" in refused.output and "--accounts" in refused.output
    workers = cli("serve", "--workers", "4")
    assert workers.exit_code == 2 and "--workers: 4" in workers.output
    both = cli("serve", "--lan", "--accounts")
    assert both.exit_code == 2


def test_the_accounts_come_a_page_at_a_time(cli: Cli) -> None:
    """Issue 13 (every --json list a page at a time): `admin accounts` listed every account;
    now --limit (the shared default and maximum) and --after EMAIL, the next page's cursor
    on standard error so --json stays one document."""
    _admin(cli)
    for n in range(4):
        link = cli("admin", "invite", "--role", "coach", "--as", "ada@clinic.test").stdout
        _accept(cli, link.strip(), f"coach{n}@clinic.test")
    first = cli("admin", "accounts", "--limit", "2", "--json")
    assert first.exit_code == 0, first.output
    emails = [a["email"] for a in json.loads(first.stdout)["accounts"]]
    assert emails == ["ada@clinic.test", "coach0@clinic.test"]
    assert "more: the next page is --after coach0@clinic.test" in first.stderr
    rest = cli("admin", "accounts", "--limit", "2", "--after", "coach2@clinic.test", "--json")
    assert [a["email"] for a in json.loads(rest.stdout)["accounts"]] == ["coach3@clinic.test"]
    assert "more:" not in rest.stderr
    for args, field in ((("--limit", "0"), "limit"), (("--after", "eve@x.test"), "after")):
        bad = cli("admin", "accounts", *args)
        assert bad.exit_code == 2 and f"{field}:" in bad.output, bad.output


def _accept(cli: Cli, link: str, email: str) -> None:
    """The invited person makes their account, as the join page does (services)."""
    from anklet.bootstrap import SystemClock
    from anklet.services.accounts import accept_invitation
    from anklet.storage.engine import make_engine
    from anklet.storage.passwords import fast_passwords
    from anklet.storage.unit_of_work import SqlUnitOfWork

    engine = make_engine(f"sqlite:///{cli.db}")
    try:
        accept_invitation(
            uow=SqlUnitOfWork(engine),
            clock=SystemClock(),  # as the CLI's, which made the invitation
            passwords=fast_passwords(),
            secret=link.split("token=", 1)[1],
            email=email,
            name=email.split("@", 1)[0],
            password=PASSWORD,
        )
    finally:
        engine.dispose()
