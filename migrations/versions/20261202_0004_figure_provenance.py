"""figure provenance: per-figure source URLs, release dates, restated status

Every figure keeps the page(s) it came from: a row's figures may come from different pages,
and a cell may name several. Existing rows had one URL for the whole row; it becomes each
stated figure's URL. Downgrading keeps the row's URLs (source_url lists them all) and turns
restated figures back into final ones, the only status the old schema knows besides
preliminary. A draft upload remembers whether its blank cells clear stated figures.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> {url column: the figure it names}
FIGURE_URLS = {
    "observations": {
        "shipments_url": "shipments",
        "share_url": "share_pct",
        "rank_url": "rank",
        "yoy_url": "yoy_growth_pct",
    },
    "market_totals": {"shipments_url": "shipments", "yoy_url": "yoy_growth_pct"},
}


def upgrade() -> None:
    for table, urls in FIGURE_URLS.items():
        with op.batch_alter_table(table) as batch:
            for column in urls:
                batch.add_column(sa.Column(column, sa.Text(), nullable=True))
            batch.add_column(sa.Column("released", sa.Date(), nullable=True))
            batch.alter_column(
                "source_url", existing_type=sa.String(length=1000), type_=sa.Text()
            )
            batch.drop_constraint(op.f(f"ck_{table}_status"), type_="check")
            batch.create_check_constraint(
                op.f(f"ck_{table}_status"), "status IN ('preliminary', 'final', 'restated')"
            )
        for column, figure in urls.items():
            op.execute(
                f"UPDATE {table} SET {column} = source_url "  # noqa: S608 (fixed names)
                f"WHERE {figure} IS NOT NULL AND source_url IS NOT NULL"
            )
    with op.batch_alter_table("import_drafts") as batch:
        batch.add_column(
            sa.Column("clear_blanks", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("import_drafts") as batch:
        batch.drop_column("clear_blanks")
    for table, urls in FIGURE_URLS.items():
        op.execute(f"UPDATE {table} SET status = 'final' WHERE status = 'restated'")  # noqa: S608
        op.execute(f"UPDATE {table} SET source_url = substr(source_url, 1, 1000)")  # noqa: S608
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_status"), type_="check")
            batch.create_check_constraint(
                op.f(f"ck_{table}_status"), "status IN ('preliminary', 'final')"
            )
            batch.alter_column(
                "source_url", existing_type=sa.Text(), type_=sa.String(length=1000)
            )
            batch.drop_column("released")
            for column in urls:
                batch.drop_column(column)
