"""context notes and export log

Revision ID: 0003_notes_and_export_log
Revises: 0002_frameworks_and_reviews
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_notes_and_export_log"
down_revision: str | None = "0002_frameworks_and_reviews"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "export_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_label", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("row_counts", sa.JSON(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_export_record_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_record")),
    )
    with op.batch_alter_table("export_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_export_record_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_export_record_user_id"), ["user_id"], unique=False)

    op.create_table(
        "context_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_context_note_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["framework_id"], ["framework.id"], name=op.f("fk_context_note_framework_id_framework")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["place.id"], name=op.f("fk_context_note_place_id_place")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_context_note")),
    )
    with op.batch_alter_table("context_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_context_note_framework_id"), ["framework_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_context_note_place_id"), ["place_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("context_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_context_note_place_id"))
        batch_op.drop_index(batch_op.f("ix_context_note_framework_id"))

    op.drop_table("context_note")
    with op.batch_alter_table("export_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_record_user_id"))
        batch_op.drop_index(batch_op.f("ix_export_record_created_at"))

    op.drop_table("export_record")
