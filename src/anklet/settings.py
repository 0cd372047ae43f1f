"""Typed settings, built by a function from the command line and the environment.

A frozen dataclass rather than pydantic-settings: settings are read on every CLI start, and
pydantic would cost more than the whole of a simple command (docs/decisions/0002).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "anklet"
DATABASE_FILE = "anklet.db"


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    catalogue_path: Path | None = None
    # The multi-user server: sign-in, roles and per-athlete access (docs/server.md).
    accounts: bool = False
    # The longest the server spends drawing one printed document (charts and PDF), in
    # seconds; past it the request is a 503 with Retry-After (web.rendering).
    report_time_limit_s: float = 30.0
    # On SQLite, how long a write waits for another write to end before it gives up (then
    # "try again", a 503 with Retry-After), in milliseconds: in this process's queue of
    # writers and in SQLite's busy handler (storage.engine). PostgreSQL does not use it.
    sqlite_busy_timeout_ms: int = 5000


def default_data_dir(environ: Mapping[str, str]) -> Path:
    if environ.get("ANKLET_DATA_DIR"):
        return Path(environ["ANKLET_DATA_DIR"]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_url_from(value: str) -> str:
    """`--db` takes a path to an SQLite file or any SQLAlchemy URL."""
    if "://" in value:
        if value.startswith("postgresql://"):
            # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
            return "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def build_settings(
    *,
    db: str | None = None,
    catalogue: str | None = None,
    accounts: bool | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    env = os.environ if environ is None else environ
    data_dir = default_data_dir(env)
    chosen = db or env.get("ANKLET_DATABASE_URL")
    url = database_url_from(chosen) if chosen else database_url_from(str(data_dir / DATABASE_FILE))
    catalogue_file = catalogue or env.get("ANKLET_CATALOGUE")
    return Settings(
        database_url=url,
        data_dir=data_dir,
        catalogue_path=Path(catalogue_file).expanduser() if catalogue_file else None,
        accounts=accounts if accounts is not None else _flag(env.get("ANKLET_ACCOUNTS", "")),
        report_time_limit_s=_seconds(
            "ANKLET_REPORT_TIME_LIMIT_S", env.get("ANKLET_REPORT_TIME_LIMIT_S")
        ),
        sqlite_busy_timeout_ms=_milliseconds(
            BUSY_TIMEOUT_ENV,
            env.get(BUSY_TIMEOUT_ENV),
            SQLITE_BUSY_TIMEOUT_RANGE_MS,
            Settings.sqlite_busy_timeout_ms,
        ),
    )


# ANKLET_REPORT_TIME_LIMIT_S: above zero (a fraction of a second is allowed, for tests), at
# most ten minutes (a worker held longer is as good as hung).
REPORT_TIME_LIMIT_S = (0.0, 600.0)


def _seconds(name: str, text: str | None) -> float:
    from anklet.domain.errors import InvalidValue

    if text is None or not text.strip():
        return Settings.report_time_limit_s
    low, high = REPORT_TIME_LIMIT_S
    allowed = f"more than {low:g} and at most {high:g} seconds"
    try:
        value = float(text)
    except ValueError:
        raise InvalidValue(name, text, allowed) from None
    if not low < value <= high:  # NaN fails both
        raise InvalidValue(name, text, allowed)
    return value


# ANKLET_SQLITE_BUSY_TIMEOUT_MS: whole milliseconds, at least one (a write that may not wait
# at all fails beside any other), at most a minute (a write waiting longer is better told to
# try again).
BUSY_TIMEOUT_ENV = "ANKLET_SQLITE_BUSY_TIMEOUT_MS"
SQLITE_BUSY_TIMEOUT_RANGE_MS = (1, 60_000)


def _milliseconds(name: str, text: str | None, bounds: tuple[int, int], default: int) -> int:
    from anklet.domain.errors import InvalidValue

    if text is None or not text.strip():
        return default
    low, high = bounds
    allowed = f"a whole number of milliseconds, {low} to {high}"
    try:
        value = int(text.strip())
    except ValueError:
        raise InvalidValue(name, text, allowed) from None
    if not low <= value <= high:
        raise InvalidValue(name, text, allowed)
    return value


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


def _flag(value: str) -> bool:
    return value.strip().lower() in TRUE_WORDS


def new_sqlite_file(url: str) -> Path | None:
    """The SQLite file a URL names when it does not exist yet (opening it creates it)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url == prefix + ":memory:":
        return None
    path = Path(url.removeprefix(prefix))
    return None if path.exists() else path
