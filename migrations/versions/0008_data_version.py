"""data version

One row counting changes to what reports read (outcomes.data_version), so that a report's
charts and tables are drawn once per version of the data.

Revision ID: 0008_data_version
Revises: 0005_answer_search
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_data_version"
down_revision: str | None = "0007_sign_in_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.execute(
        "INSERT INTO data_version (id, version, changed_at) VALUES (1, 1, CURRENT_TIMESTAMP)"
    )


def downgrade() -> None:
    op.drop_table("data_version")
