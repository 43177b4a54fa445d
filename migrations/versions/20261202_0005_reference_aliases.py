"""reference data admins edit: aliases of trackers, markets and categories; a tracker's
predecessor (Omdia continues Canalys from 2025Q3) and dated notes; a category's parent

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

Touches only reference tables (sources, markets, categories and new alias/note tables), so
it can be re-chained after another revision that changes the figure tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OMDIA_FROM = 20253  # Period.parse("2025Q3").key: Omdia's first quarter under its own name
NEW_SOURCES = [
    (
        "omdia",
        "Omdia",
        "https://omdia.tech.informa.com",
        "Informa's Omdia, into which Canalys was merged: its India smartphone shipment "
        "estimates (sell-in) continue the Canalys series from 2025Q3.",
    ),
    ("cmr", "CMR", "https://cmrindia.com", "CyberMedia Research India Mobile Handset Review."),
]
# How files spell them. Spellings equal to a slug or name up to case, separators and plural
# (smart_tv, Smart TVs) resolve without an alias; the ones listed document what trackers write.
ALIASES = {
    "source": {
        "canalys": ["Canalys"],
        "omdia": ["Omdia"],
        "idc": ["IDC", "International Data Corporation"],
        "counterpoint": ["Counterpoint Research"],
        "cmr": ["CMR", "CyberMedia Research", "Cyber Media Research"],
    },
    "market": {"india": ["India"]},
    "category": {
        "smart-tvs": ["smart_tv", "smart tv", "Smart TVs", "TV"],
        "smartwatches": ["smartwatch", "smart watch"],
        # Our audio is TWS and neckbands together: IDC's "earwear", others' "hearables".
        # A TWS-only figure is a part of audio, so "TWS" is deliberately not an alias.
        "audio": ["earwear", "hearables"],
        "feature-phones": ["feature phones"],
    },
}
TABLES = {"source": "sources", "market": "markets", "category": "categories"}


def _alias_key(name: str) -> str:
    # app.vendors.names.alias_key, copied: a migration must not change when app code does.
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def upgrade() -> None:
    for kind, table in TABLES.items():
        op.create_table(
            f"{kind}_aliases",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column(f"{kind}_id", sa.Integer(), nullable=False),
            sa.Column("alias", sa.String(length=100), nullable=False),
            sa.Column("alias_key", sa.String(length=100), nullable=False),
            sa.ForeignKeyConstraint(
                [f"{kind}_id"],
                [f"{table}.id"],
                name=op.f(f"fk_{kind}_aliases_{kind}_id_{table}"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{kind}_aliases")),
            sa.UniqueConstraint("alias_key", name=op.f(f"uq_{kind}_aliases_alias_key")),
        )
    op.create_table(
        "source_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("from_period", sa.Integer(), nullable=True),
        sa.Column("to_period", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_notes_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendors.id"],
            name=op.f("fk_source_notes_vendor_id_vendors"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_notes")),
    )
    _add_reference("sources", "predecessor_id", "sources")
    op.add_column("sources", sa.Column("successor_from", sa.Integer(), nullable=True))
    _add_reference("categories", "parent_id", "categories")
    _seed()


def _add_reference(table: str, column: str, target: str) -> None:
    name = f"fk_{table}_{column}_{target}"
    if op.get_bind().dialect.name == "sqlite":
        # In place: batch mode would rebuild the table, dropping one every figure refers to,
        # which SQLite refuses while foreign keys are enforced.
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {name} REFERENCES {target} (id)"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer(), nullable=True))
        op.create_foreign_key(op.f(name), table, target, [column], ["id"])


def _drop_reference(table: str, column: str, target: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # SQLite >= 3.35, in place
    else:
        op.drop_constraint(op.f(f"fk_{table}_{column}_{target}"), table, type_="foreignkey")
        op.drop_column(table, column)


def _seed() -> None:
    # Insert only what is missing: 0002 already made cmr, and a downgrade keeps trackers
    # that figures refer to.
    for slug, name, url, methodology in NEW_SOURCES:
        op.execute(
            sa.text(
                "INSERT INTO sources (slug, name, url, methodology) "
                "SELECT :slug, :name, :url, :methodology "
                "WHERE NOT EXISTS (SELECT 1 FROM sources WHERE slug = :slug)"
            ).bindparams(slug=slug, name=name, url=url, methodology=methodology)
        )
    op.execute(
        sa.text(
            "UPDATE sources SET successor_from = :from_key, "
            "predecessor_id = (SELECT id FROM sources WHERE slug = 'canalys') "
            "WHERE slug = 'omdia' AND predecessor_id IS NULL "
            "AND EXISTS (SELECT 1 FROM sources WHERE slug = 'canalys')"
        ).bindparams(from_key=OMDIA_FROM)
    )
    for kind, targets in ALIASES.items():
        table = TABLES[kind]
        for slug, aliases in targets.items():
            for alias in aliases:
                op.execute(
                    sa.text(
                        f"INSERT INTO {kind}_aliases ({kind}_id, alias, alias_key) "
                        f"SELECT id, :alias, :key FROM {table} WHERE slug = :slug"
                    ).bindparams(alias=alias, key=_alias_key(alias), slug=slug)
                )


def downgrade() -> None:
    _drop_reference("categories", "parent_id", "categories")
    op.drop_column("sources", "successor_from")
    _drop_reference("sources", "predecessor_id", "sources")
    op.drop_table("source_notes")
    for kind in reversed(TABLES):
        op.drop_table(f"{kind}_aliases")
    # Omdia goes unless figures refer to it (0002's rule); cmr is 0002's to remove.
    op.execute(
        sa.text(
            "DELETE FROM sources WHERE slug = 'omdia' "
            "AND NOT EXISTS (SELECT 1 FROM observations WHERE source_id = sources.id) "
            "AND NOT EXISTS (SELECT 1 FROM market_totals WHERE source_id = sources.id)"
        )
    )
