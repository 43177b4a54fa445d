"""Migrations build the schema on both backends, go down and up again, and match the models."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.db import make_engine
from app.migrate import alembic_config, is_at_head, upgrade
from app.models import Base
from app.revisions import derived
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
            "derived_points",
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
    assert sources == ["canalys", "cmr", "counterpoint", "house", "idc", "omdia", "techarc"]
    engine.dispose()


def test_last_downgrade_keeps_published_data(backend: Backend) -> None:
    """Every figure the older schema can hold: the whole categories, by units (0008 dropped
    the segments and the value shares, which its key cannot tell apart)."""
    engine = make_engine(backend.copy())
    count = (
        "SELECT count(*) FROM observations WHERE basis = 'units' AND segment_id = "
        "(SELECT id FROM segments WHERE slug = 'all')"
    )
    with engine.connect() as connection:
        before = connection.execute(text(count)).scalar()
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0007")
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text(count)).scalar() == before
        assert is_at_head(connection)
    engine.dispose()


def test_the_derived_store_is_built_for_figures_stored_before_it(backend: Backend) -> None:
    engine = make_engine(backend.copy())
    with Session(engine) as session:
        before = derived.snapshot(session)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0008")
    assert "derived_points" not in inspect(engine).get_table_names()
    upgrade(engine)
    with Session(engine) as session:
        assert len(before) > 1_000
        assert derived.snapshot(session) == before
    engine.dispose()


REFERENCE_TABLES = {"source_aliases", "market_aliases", "category_aliases", "source_notes"}


def _columns(engine: Engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_reference_migration_seeds_omdia_cmr_and_aliases(engine: Engine) -> None:
    with engine.connect() as connection:
        omdia = connection.execute(
            text(
                "SELECT s.name, s.url, p.slug, s.successor_from FROM sources s "
                "JOIN sources p ON p.id = s.predecessor_id WHERE s.slug = 'omdia'"
            )
        ).one()
        cmr_url = connection.execute(text("SELECT url FROM sources WHERE slug = 'cmr'")).scalar()
        aliases = {
            kind: sorted(
                connection.execute(
                    text(
                        f"SELECT t.slug || ':' || a.alias FROM {kind}_aliases a "
                        f"JOIN {table} t ON t.id = a.{kind}_id"
                    )
                ).scalars()
            )
            for kind, table in (("source", "sources"), ("category", "categories"))
        }
    assert tuple(omdia) == ("Omdia", "https://omdia.tech.informa.com", "canalys", 20253)
    assert cmr_url == "https://cmrindia.com/"  # 0002's row is kept as it was
    assert aliases["source"] == [
        "canalys:Canalys",
        "cmr:CMR",
        "cmr:Cyber Media Research",
        "cmr:CyberMedia Research",
        "counterpoint:Counterpoint Research",
        "idc:IDC",
        "idc:International Data Corporation",
        "omdia:Omdia",
    ]
    assert aliases["category"] == [
        "audio:earwear",
        "audio:hearables",
        "feature-phones:feature phones",
        "smart-tvs:Smart TVs",
        "smart-tvs:TV",
        "smart-tvs:smart tv",
        "smart-tvs:smart_tv",
        "smartwatches:smart watch",
        "smartwatches:smartwatch",
    ]


def test_reference_migration_goes_down_and_up_with_figures_in_place(backend: Backend) -> None:
    """Down past 0005 (whatever it is chained after) drops every table and column it added,
    on a database full of figures, and up again restores them."""
    engine = make_engine(backend.copy())
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005-1")
    assert not REFERENCE_TABLES & set(inspect(engine).get_table_names())
    assert not {"predecessor_id", "successor_from"} & _columns(engine, "sources")
    assert "parent_id" not in _columns(engine, "categories")
    with engine.connect() as connection:
        slugs = set(connection.execute(text("SELECT slug FROM sources")).scalars())
        figures = connection.execute(text("SELECT count(*) FROM observations")).scalar()
    # Omdia stays: the seeded figures refer to it (the next test shows it keeps its link).
    assert "omdia" in slugs and "cmr" in slugs  # cmr is 0002's
    assert figures and figures > 500
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= REFERENCE_TABLES
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert (
            connection.execute(
                text("SELECT successor_from FROM sources WHERE slug = 'omdia'")
            ).scalar()
            == 20253
        )
    engine.dispose()


def test_reference_downgrade_keeps_a_tracker_figures_refer_to(backend: Backend) -> None:
    from app.imports import service as imports

    engine = make_engine(backend.copy())
    with Session(engine) as session, session.begin():
        imports.publish(
            session,
            b"source,market,category,quarter,vendor,share_pct\n"
            b"omdia,india,smartphones,2026Q1,vivo,20\n",
            "omdia.csv",
        )
    linked = text(
        "SELECT count(*) FROM observations o JOIN sources s ON s.id = o.source_id "
        "JOIN sources p ON p.id = s.predecessor_id "
        "WHERE s.slug = 'omdia' AND p.slug = 'canalys'"
    )
    with engine.connect() as connection:
        before = connection.execute(linked).scalar()
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005-1")
    upgrade(engine)
    with engine.connect() as connection:
        kept = connection.execute(linked).scalar()
    assert before and before > 1 and kept == before
    engine.dispose()
