"""Alembic, driven from code: `migrate` upgrades, /readyz asks whether we are at head."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from app.revisions import derived

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["configure_logger"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """The latest schema, and the derived store built for figures stored before it."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
        with Session(connection) as session:
            derived.fill_if_missing(session)
            session.flush()


def is_at_head(connection: Connection) -> bool:
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    return set(MigrationContext.configure(connection).get_current_heads()) == heads
