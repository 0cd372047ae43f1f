"""The app as a factory for worker processes (`anklet serve --workers N`).

Each worker imports this module and builds its own app from the environment that
`anklet serve` set (the database, accounts on or off, the allowed host names). Workers keep
nothing another worker needs: sessions, sign-in throttling and the audit log are in the
database, and every cache is derived from it.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

ALLOWED_HOSTS_ENV = "ANKLET_ALLOWED_HOSTS"


def allowed_hosts_from(value: str) -> set[str]:
    return {name.strip() for name in value.split(",") if name.strip()}


def app() -> FastAPI:
    from anklet.settings import build_settings
    from anklet.web.app import create_app, tune_for_serving

    built = create_app(
        build_settings(), allowed_hosts=allowed_hosts_from(os.environ.get(ALLOWED_HOSTS_ENV, ""))
    )
    tune_for_serving(built)
    return built
