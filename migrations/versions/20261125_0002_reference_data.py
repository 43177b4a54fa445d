"""reference data: markets, categories and trackers the importer can refer to

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARKETS = [("india", "India")]
CATEGORIES = [
    ("smartphones", "Smartphones"),
    ("feature-phones", "Feature phones"),
    ("smart-tvs", "Smart TVs"),
    ("audio", "Audio (TWS, neckbands)"),
    ("wearables", "Wearables"),
    ("smartwatches", "Smartwatches"),
]
SOURCES = [
    (
        "canalys",
        "Canalys",
        "https://www.canalys.com/",
        "Sell-in shipments from vendors to channels; preliminary estimates revised in later releases.",
    ),
    (
        "idc",
        "IDC",
        "https://www.idc.com/",
        "Quarterly Mobile Phone Tracker: shipments into the channel.",
    ),
    (
        "counterpoint",
        "Counterpoint",
        "https://www.counterpointresearch.com/",
        "Market Monitor: shipments; often publishes share only.",
    ),
    ("cmr", "CMR", "https://cmrindia.com/", "CyberMedia Research India Mobile Handset Review."),
    ("techarc", "techARC", "https://techarc.net/", "techARC India market analyses."),
    ("house", "sharetrack estimate", None, "Our own estimates, always marked as such."),
]


TABLES = (("markets", MARKETS), ("categories", CATEGORIES), ("sources", SOURCES))
USED_BY = {
    "markets": ("observations.market_id", "market_totals.market_id", "events.market_id"),
    "categories": ("observations.category_id", "market_totals.category_id"),
    "sources": ("observations.source_id", "market_totals.source_id"),
}


def upgrade() -> None:
    # Insert only what is missing, so a downgrade that kept referenced rows can be re-upgraded.
    for table, rows in TABLES:
        for row in rows:
            values = dict(zip(("slug", "name", "url", "methodology"), row, strict=False))
            columns = ", ".join(values)
            params = ", ".join(f":{c}" for c in values)
            op.execute(
                sa.text(
                    f"INSERT INTO {table} ({columns}) SELECT {params} "
                    f"WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE slug = :slug)"
                ).bindparams(**values)
            )


def downgrade() -> None:
    # Rows that figures still refer to stay: dropping them would orphan published data.
    for table, rows in reversed(TABLES):
        unused = " ".join(
            f"AND NOT EXISTS (SELECT 1 FROM {ref.split('.')[0]} WHERE {ref} = {table}.id)"
            for ref in USED_BY[table]
        )
        op.execute(
            sa.text(f"DELETE FROM {table} WHERE slug IN :slugs {unused}").bindparams(
                sa.bindparam("slugs", [row[0] for row in rows], expanding=True)
            )
        )
