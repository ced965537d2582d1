"""Running Alembic migrations from code: the only way the schema changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from outcomes.config import PROJECT_ROOT

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = PROJECT_ROOT / "migrations"
VERSION_TABLE = "alembic_version"  # where Alembic keeps the revision a database is at

# Alembic is imported where it is used: importing it takes longer than most commands run.


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser treats % as interpolation; a password may contain one.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(bind: Engine | Connection) -> str | None:
    """The revision the database is at (None before the first migration), read from
    Alembic's table directly: making a migration context for it wrote two lines to the
    log on every health check, and the history is a single line of revisions."""
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            return current_revision(connection)
    if not inspect(bind).has_table(VERSION_TABLE):
        return None
    return bind.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()  # noqa: S608
