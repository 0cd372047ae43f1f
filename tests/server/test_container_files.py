"""The Dockerfile and compose.yaml, checked without building an image: each command they run
is one the CLI knows, with options it accepts and an exposure `anklet serve` allows; the image
runs as a user without privileges and installs the same print libraries as the Makefile; the
health checks ask a page anyone may open. (The image itself is built by hand: docs/server.md.)"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from anklet.cli.app import app
from anklet.cli.serve import check_exposure
from anklet.settings import database_url_from
from anklet.web.access import Door, door_of

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
# ${NAME:-default} in compose.yaml: the default, as compose fills it in when NAME is unset.
DEFAULTED = re.compile(r"\$\{[A-Z_]+:-([^}]*)\}")


def _instruction(name: str) -> list[str]:
    """The exec-form (JSON) arguments of a Dockerfile instruction, continuation lines joined."""
    joined = DOCKERFILE.replace("\\\n", " ")
    found = re.search(rf"^{name}\s+(.*)$", joined, re.MULTILINE)
    assert found, f"no {name} in the Dockerfile"
    text = found.group(1)
    if name == "HEALTHCHECK":
        text = text.split(" CMD ", 1)[1]
    parsed = json.loads(text)
    assert isinstance(parsed, list)
    return [str(part) for part in parsed]


def _parsed(argv: list[str]) -> dict[str, Any]:
    """The options `anklet ARGV` would run with, parsed by the CLI itself but not run."""
    assert argv[0] == "anklet", argv
    root: Any = get_command(app)  # a group of Typer's own click (typer._click)
    context = root.make_context("anklet", argv[1:])
    name, command, rest = root.resolve_command(context, context._protected_args + context.args)
    assert command is not None, f"no command {name!r}"
    return dict(command.make_context(str(name), rest, parent=context).params)


def _serves_with_accounts(argv: list[str]) -> None:
    params = _parsed(argv)
    assert params["accounts"] is True
    assert params["workers"] == 2
    check_exposure(host=params["host"], lan=params["lan"], accounts=params["accounts"], workers=2)


def _health_url(argv: list[str]) -> str:
    found = re.search(r"urlopen\('(http://127\.0\.0\.1:8000(/[^']*))'", " ".join(argv))
    assert found, argv
    assert door_of("GET", found.group(2)) is Door.PUBLIC  # answers without signing in
    return found.group(1)


def test_the_image_serves_with_accounts_as_a_user_without_privileges() -> None:
    assert re.search(r"^FROM python:3\.11-slim$", DOCKERFILE, re.MULTILINE)
    _serves_with_accounts(_instruction("CMD"))
    users = re.findall(r"^USER\s+(\S+)$", DOCKERFILE, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    _health_url(_instruction("HEALTHCHECK"))


def test_the_image_installs_the_print_libraries_the_makefile_does() -> None:
    makefile = (ROOT / "Makefile").read_text()
    found = re.search(r"^PRINT_PACKAGES := (.*)$", makefile, re.MULTILINE)
    assert found
    for package in found.group(1).split():
        assert re.search(rf"\s{re.escape(package)}(\s|$)", DOCKERFILE), package


def test_compose_runs_the_app_on_postgresql_with_two_workers() -> None:
    yaml = pytest.importorskip("yaml")  # PyYAML comes with the test tools, not with Anklet
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    app_service, db = services["app"], services["db"]
    assert db["image"] == "postgres:15"
    assert app_service["depends_on"]["db"]["condition"] == "service_healthy"
    assert "healthcheck" in db
    command = [DEFAULTED.sub(r"\1", str(part)) for part in app_service["command"]]
    _serves_with_accounts(command)
    environment = app_service["environment"]
    assert environment["ANKLET_ACCOUNTS"] == "1"
    url = DEFAULTED.sub(r"\1", environment["ANKLET_DATABASE_URL"])
    assert database_url_from(url).startswith("postgresql+psycopg://")
    assert "@db:5432/" in url  # the database service, by its name on compose's network
    health = [str(part) for part in app_service["healthcheck"]["test"]]
    assert health[0] == "CMD"
    assert _health_url(health[1:]) == _health_url(_instruction("HEALTHCHECK"))
    # Published on this machine only: the TLS proxy in front of it is the way in.
    assert all(str(port).startswith("127.0.0.1:") for port in app_service["ports"])
