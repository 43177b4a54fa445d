"""Migrations build the schema on both backends, go down and up again, and match the models."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from app.db import make_engine
from app.migrate import alembic_config, is_at_head, upgrade
from app.models import Base
from tests.conftest import Backend


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert is_at_head(connection)


def test_upgrade_downgrade_upgrade_on_an_empty_database(backend: Backend) -> None:
    url = backend.copy()
    engine = make_engine(url)
    with engine.begin() as connection:
        for table in (
            "events",
            "observations",
            "market_totals",
            "revisions",
            "vendor_aliases",
            "vendors",
            "vendor_groups",
        ):
            connection.execute(text(f"DELETE FROM {table}"))
        command.downgrade(alembic_config(connection), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    upgrade(engine)  # a second upgrade is a no-op
    with engine.connect() as connection:
        assert is_at_head(connection)
        sources = connection.execute(text("SELECT slug FROM sources ORDER BY slug")).scalars().all()
    assert sources == ["canalys", "cmr", "counterpoint", "house", "idc", "techarc"]
    engine.dispose()


def test_last_downgrade_keeps_published_data(backend: Backend) -> None:
    engine = make_engine(backend.copy())
    count = "SELECT count(*) FROM observations"
    with engine.connect() as connection:
        before = connection.execute(text(count)).scalar()
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "-1")
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text(count)).scalar() == before
        assert is_at_head(connection)
    engine.dispose()
