"""a tracker's note may be about one category: "Wearables only: IDC's OPPO includes OnePlus"

Without it a perimeter note written for one category would show in the hovers of every
category the tracker reports. Existing notes stay about every category.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 05:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("source_notes") as batch:
        batch.add_column(sa.Column("category_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_source_notes_category_id_categories"),
            "categories",
            ["category_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("source_notes") as batch:
        batch.drop_constraint(op.f("fk_source_notes_category_id_categories"), type_="foreignkey")
        batch.drop_column("category_id")
