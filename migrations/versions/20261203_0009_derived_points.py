"""derived_points: each slice's figures as charts draw them, stored per revision

Shares from shipments, ranks, growth, full years and tie marks were worked out on every
first read of a slice (150-400 ms at full scale). They are now written with the figures
they come from, versioned the same way. `python -m app migrate` fills the table for
figures stored before it (app.revisions.derived.rebuild).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 18:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SLICE = ["source_id", "market_id", "category_id", "segment_id", "basis"]


def upgrade() -> None:
    op.create_table(
        "derived_points",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("market_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=5), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Integer(), nullable=False),
        sa.Column("valid_to", sa.Integer(), nullable=True),
        sa.Column("stated_by", sa.Integer(), nullable=False),
        sa.Column("shipments", sa.BigInteger(), nullable=True),
        sa.Column("share_pct", sa.Numeric(6, 3), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("tied", sa.Boolean(), nullable=False),
        sa.Column("yoy_growth_pct", sa.Numeric(9, 2), nullable=True),
        sa.Column("derived", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("released", sa.Date(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("shipments_url", sa.Text(), nullable=True),
        sa.Column("share_url", sa.Text(), nullable=True),
        sa.Column("rank_url", sa.Text(), nullable=True),
        sa.Column("yoy_url", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to > valid_from", name=op.f("ck_derived_points_valid_range")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name=op.f("fk_derived_points_category_id_categories")
        ),
        sa.ForeignKeyConstraint(
            ["market_id"], ["markets.id"], name=op.f("fk_derived_points_market_id_markets")
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"], ["segments.id"], name=op.f("fk_derived_points_segment_id_segments")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_derived_points_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["stated_by"], ["sources.id"], name=op.f("fk_derived_points_stated_by_sources")
        ),
        sa.ForeignKeyConstraint(
            ["valid_from"], ["revisions.id"], name=op.f("fk_derived_points_valid_from_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["valid_to"], ["revisions.id"], name=op.f("fk_derived_points_valid_to_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendors.id"], name=op.f("fk_derived_points_vendor_id_vendors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_derived_points")),
    )
    for name, columns in (("current", ["vendor_id", "period"]), ("ranked", ["rank"])):
        op.create_index(
            f"ix_derived_points_{name}",
            "derived_points",
            [*SLICE, *columns],
            postgresql_where=sa.text("valid_to IS NULL"),
            sqlite_where=sa.text("valid_to IS NULL"),
        )
    op.create_index(
        "ix_derived_points_slice", "derived_points", [*SLICE, "period", "valid_from"]
    )


def downgrade() -> None:
    op.drop_index("ix_derived_points_slice", table_name="derived_points")
    op.drop_index("ix_derived_points_ranked", table_name="derived_points")
    op.drop_index("ix_derived_points_current", table_name="derived_points")
    op.drop_table("derived_points")
