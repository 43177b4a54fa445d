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
    ("canalys", "Canalys", "https://www.canalys.com/",
     "Sell-in shipments from vendors to channels; preliminary estimates revised in later releases."),
    ("idc", "IDC", "https://www.idc.com/",
     "Quarterly Mobile Phone Tracker: shipments into the channel."),
    ("counterpoint", "Counterpoint", "https://www.counterpointresearch.com/",
     "Market Monitor: shipments; often publishes share only."),
    ("cmr", "CMR", "https://cmrindia.com/", "CyberMedia Research India Mobile Handset Review."),
    ("techarc", "techARC", "https://techarc.net/", "techARC India market analyses."),
    ("house", "sharetrack estimate", None, "Our own estimates, always marked as such."),
]


def upgrade() -> None:
    markets = sa.table("markets", sa.column("slug"), sa.column("name"))
    categories = sa.table("categories", sa.column("slug"), sa.column("name"))
    sources = sa.table("sources", sa.column("slug"), sa.column("name"), sa.column("url"),
                       sa.column("methodology"))
    op.bulk_insert(markets, [{"slug": s, "name": n} for s, n in MARKETS])
    op.bulk_insert(categories, [{"slug": s, "name": n} for s, n in CATEGORIES])
    op.bulk_insert(sources, [{"slug": s, "name": n, "url": u, "methodology": m}
                             for s, n, u, m in SOURCES])


def downgrade() -> None:
    for table, rows in (("sources", SOURCES), ("categories", CATEGORIES), ("markets", MARKETS)):
        slugs = [row[0] for row in rows]
        op.execute(sa.text(f"DELETE FROM {table} WHERE slug IN :slugs")
                   .bindparams(sa.bindparam("slugs", slugs, expanding=True)))
