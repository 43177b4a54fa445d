"""segments and basis: a figure is keyed by (tracker, market, category, segment, basis, vendor,
period)

Trackers state more than whole-market unit shares: price bands, 5G, online, value share.
Every existing figure becomes segment `all`, basis `units`, unchanged. A market total in a
segment may state the segment's share of the market (share_pct). Each tracker's definition
of a segment (band edges and currency) is a dated row of its own.

Downgrading drops the figures of other segments and of value shares: the old key cannot
hold them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = "('all', 'price-band', 'technology', 'channel', 'form-factor', 'other')"
FIGURE_TABLES = ("observations", "market_totals")
# table -> the key columns before the version, old and new
KEYS = {
    "observations": ["source_id", "market_id", "category_id", "vendor_id", "period"],
    "market_totals": ["source_id", "market_id", "category_id", "period"],
}
CURRENT_WHERE = {
    "postgresql_where": sa.text("valid_to IS NULL"),
    "sqlite_where": sa.text("valid_to IS NULL"),
}


def _with_segment(columns: list[str]) -> list[str]:
    at = columns.index("category_id") + 1
    return [*columns[:at], "segment_id", "basis", *columns[at:]]


def upgrade() -> None:
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint(f"kind IN {KINDS}", name=op.f("ck_segments_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segments")),
        sa.UniqueConstraint("slug", name=op.f("uq_segments_slug")),
    )
    op.create_table(
        "segment_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=100), nullable=False),
        sa.Column("alias_key", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segments.id"],
            name=op.f("fk_segment_aliases_segment_id_segments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segment_aliases")),
        sa.UniqueConstraint("alias_key", name=op.f("uq_segment_aliases_alias_key")),
    )
    op.create_table(
        "segment_definitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("low", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("high", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("from_period", sa.Integer(), nullable=True),
        sa.Column("to_period", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segments.id"],
            name=op.f("fk_segment_definitions_segment_id_segments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_segment_definitions_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segment_definitions")),
    )
    op.execute("INSERT INTO segments (slug, name, kind, position) VALUES ('all', 'All', 'all', 0)")
    for table in FIGURE_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("segment_id", sa.Integer(), nullable=True))
            batch.add_column(
                sa.Column("basis", sa.String(length=5), server_default="units", nullable=False)
            )
        op.execute(
            f"UPDATE {table} SET segment_id = (SELECT id FROM segments WHERE slug = 'all')"  # noqa: S608
        )
        with op.batch_alter_table(table) as batch:
            batch.alter_column("segment_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                op.f(f"fk_{table}_segment_id_segments"), "segments", ["segment_id"], ["id"]
            )
            batch.create_check_constraint(op.f(f"ck_{table}_basis"), "basis IN ('units', 'value')")
            _rekey(batch, table, _with_segment(KEYS[table]))
    with op.batch_alter_table("market_totals") as batch:
        batch.add_column(sa.Column("share_pct", sa.Numeric(precision=6, scale=3), nullable=True))
        batch.add_column(sa.Column("share_url", sa.Text(), nullable=True))
        batch.add_column(sa.Column("share_released", sa.Date(), nullable=True))
        batch.drop_constraint(op.f("ck_market_totals_some_figure"), type_="check")
        batch.create_check_constraint(
            op.f("ck_market_totals_some_figure"),
            "shipments IS NOT NULL OR share_pct IS NOT NULL OR yoy_growth_pct IS NOT NULL",
        )
        batch.create_check_constraint(op.f("ck_market_totals_share_range"), "share_pct >= 0 AND share_pct <= 100")
    with op.batch_alter_table("observations") as batch:
        batch.drop_index("ix_observations_slice")
        batch.create_index(
            "ix_observations_slice",
            ["market_id", "category_id", "source_id", "segment_id", "basis", "period"],
        )


def _rekey(batch: BatchOperations, table: str, columns: list[str]) -> None:
    batch.drop_index(f"uq_{table}_current", **CURRENT_WHERE)
    batch.drop_constraint(f"uq_{table}_key_version", type_="unique")
    batch.create_unique_constraint(f"uq_{table}_key_version", [*columns, "valid_from"])
    batch.create_index(f"uq_{table}_current", columns, unique=True, **CURRENT_WHERE)


def downgrade() -> None:
    for table in FIGURE_TABLES:
        op.execute(
            f"DELETE FROM {table} WHERE basis <> 'units' OR segment_id <> "  # noqa: S608
            "(SELECT id FROM segments WHERE slug = 'all')"
        )
    with op.batch_alter_table("observations") as batch:
        batch.drop_index("ix_observations_slice")
        batch.create_index(
            "ix_observations_slice", ["market_id", "category_id", "source_id", "period"]
        )
    with op.batch_alter_table("market_totals") as batch:
        batch.drop_constraint(op.f("ck_market_totals_share_range"), type_="check")
        batch.drop_constraint(op.f("ck_market_totals_some_figure"), type_="check")
        batch.create_check_constraint(
            op.f("ck_market_totals_some_figure"), "shipments IS NOT NULL OR yoy_growth_pct IS NOT NULL"
        )
        batch.drop_column("share_released")
        batch.drop_column("share_url")
        batch.drop_column("share_pct")
    for table in FIGURE_TABLES:
        with op.batch_alter_table(table) as batch:
            _rekey(batch, table, KEYS[table])
            batch.drop_constraint(op.f(f"ck_{table}_basis"), type_="check")
            batch.drop_constraint(op.f(f"fk_{table}_segment_id_segments"), type_="foreignkey")
            batch.drop_column("basis")
            batch.drop_column("segment_id")
    op.drop_table("segment_definitions")
    op.drop_table("segment_aliases")
    op.drop_table("segments")
