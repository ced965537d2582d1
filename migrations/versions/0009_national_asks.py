"""national asks

National bodies with their names over time, the barriers each is asked to answer (with
dates), national body responders (the new role ``national_responder``: the role column is
a plain string with no check constraint, so the role itself needs no change here) and the
bodies' dated responses to national asks.

Revision ID: 0009_national_asks
Revises: 0005_answer_search
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_national_asks"
down_revision: str | None = "0008_data_version"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "national_body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "department",
                "nhs",
                "regulator",
                "arms_length",
                name="bodykind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["national_body.id"],
            name=op.f("fk_national_body_superseded_by_id_national_body"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_body")),
        sa.UniqueConstraint("code", name=op.f("uq_national_body_code")),
    )
    op.create_table(
        "barrier_responsibility",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("barrier_id", sa.String(length=100), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to > valid_from",
            name=op.f("ck_barrier_responsibility_dates_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["national_body.id"],
            name=op.f("fk_barrier_responsibility_body_id_national_body"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_barrier_responsibility")),
    )
    with op.batch_alter_table("barrier_responsibility", schema=None) as batch_op:
        batch_op.create_index(
            "ix_barrier_responsibility_barrier", ["barrier_id", "valid_from"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_barrier_responsibility_body_id"), ["body_id"], unique=False
        )

    op.create_table(
        "national_body_name",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to > valid_from",
            name=op.f("ck_national_body_name_dates_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["national_body.id"],
            name=op.f("fk_national_body_name_body_id_national_body"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_body_name")),
    )
    with op.batch_alter_table("national_body_name", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_national_body_name_body_id"), ["body_id"], unique=False
        )

    op.create_table(
        "national_responder",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["national_body.id"],
            name=op.f("fk_national_responder_body_id_national_body"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_national_responder_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_national_responder")),
    )
    with op.batch_alter_table("national_responder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_national_responder_body_id"), ["body_id"], unique=False
        )

    op.create_table(
        "national_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("barrier_id", sa.String(length=100), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "awaiting_response",
                "acknowledged",
                "under_consideration",
                "accepted",
                "not_accepted",
                "action_taken",
                name="responsestatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("responded_on", sa.Date(), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("what_will_change", sa.Text(), nullable=True),
        sa.Column("change_by", sa.Date(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status <> 'awaiting_response'", name=op.f("ck_national_response_status_is_a_response")
        ),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["national_body.id"],
            name=op.f("fk_national_response_body_id_national_body"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_national_response_created_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_response")),
    )
    with op.batch_alter_table("national_response", schema=None) as batch_op:
        batch_op.create_index(
            "ix_national_response_ask", ["barrier_id", "period_start", "period_end"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_national_response_body_id"), ["body_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("national_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_national_response_body_id"))
        batch_op.drop_index("ix_national_response_ask")

    op.drop_table("national_response")
    with op.batch_alter_table("national_responder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_national_responder_body_id"))

    op.drop_table("national_responder")
    with op.batch_alter_table("national_body_name", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_national_body_name_body_id"))

    op.drop_table("national_body_name")
    with op.batch_alter_table("barrier_responsibility", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_barrier_responsibility_body_id"))
        batch_op.drop_index("ix_barrier_responsibility_barrier")

    op.drop_table("barrier_responsibility")
    op.drop_table("national_body")
