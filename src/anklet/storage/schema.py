"""Migrations run on first use and on upgrade; when the schema is current the check is one
cheap query, and Alembic is not even imported (docs/performance.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration in storage/migrations/versions; a test keeps the two equal.
SCHEMA_HEAD = "0007"
SCRIPT_LOCATION = "anklet.storage:migrations"
# Any constant shared by all Anklet processes: serialises concurrent upgrades on PostgreSQL.
PG_MIGRATION_LOCK_KEY = 0x616E6B6C


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:
            return None


def ensure_schema(engine: Engine) -> None:
    if current_revision(engine) != SCHEMA_HEAD:
        upgrade(engine)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade in one transaction: on failure nothing of the migration remains."""
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK_KEY}
            )
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
