"""figure release dates: each figure keeps the date of the release it came from

A row's figures may come from different releases (the first release's shipments, a later
release's restated rank). Until now a row had one release date, which a second page stating
only the rank would take over. Each stated figure now has its own date; existing rows give
theirs to every figure they state. Downgrading keeps the row's date (the newest of its
figures', as the app keeps it).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> {release-date column: the figure it dates}
FIGURE_RELEASES = {
    "observations": {
        "shipments_released": "shipments",
        "share_released": "share_pct",
        "rank_released": "rank",
        "yoy_released": "yoy_growth_pct",
    },
    "market_totals": {"shipments_released": "shipments", "yoy_released": "yoy_growth_pct"},
}


def upgrade() -> None:
    for table, columns in FIGURE_RELEASES.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.add_column(sa.Column(column, sa.Date(), nullable=True))
        for column, figure in columns.items():
            op.execute(
                f"UPDATE {table} SET {column} = released "  # noqa: S608 (fixed names)
                f"WHERE {figure} IS NOT NULL AND released IS NOT NULL"
            )


def downgrade() -> None:
    for table, columns in FIGURE_RELEASES.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column)
