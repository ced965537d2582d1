"""frameworks and reviews

Revision ID: 0002_frameworks_and_reviews
Revises: 0001_foundation
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_frameworks_and_reviews"
down_revision: str | None = "0001_foundation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "framework",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("extends_framework_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["extends_framework_id"],
            ["framework.id"],
            name=op.f("fk_framework_extends_framework_id_framework"),
        ),
        sa.ForeignKeyConstraint(
            ["place_id"], ["place.id"], name=op.f("fk_framework_place_id_place")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework")),
        sa.UniqueConstraint("slug", name=op.f("uq_framework_slug")),
    )
    op.create_table(
        "framework_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("major", sa.Integer(), nullable=False),
        sa.Column("minor", sa.Integer(), nullable=False),
        sa.Column("patch", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("released", sa.Date(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("changelog", sa.Text(), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("extends_version_id", sa.Integer(), nullable=True),
        sa.Column("change_class", sa.String(length=10), nullable=True),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["extends_version_id"],
            ["framework_version.id"],
            name=op.f("fk_framework_version_extends_version_id_framework_version"),
        ),
        sa.ForeignKeyConstraint(
            ["framework_id"],
            ["framework.id"],
            name=op.f("fk_framework_version_framework_id_framework"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_version")),
        sa.UniqueConstraint(
            "framework_id", "version", name=op.f("uq_framework_version_framework_id_version")
        ),
    )
    with op.batch_alter_table("framework_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_framework_version_framework_id"), ["framework_id"], unique=False
        )

    op.create_table(
        "framework_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("section", sa.String(length=20), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("principle", sa.String(length=100), nullable=True),
        sa.Column("domain", sa.String(length=100), nullable=True),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("counts_people", sa.Boolean(), nullable=False),
        sa.Column("scale", sa.String(length=100), nullable=True),
        sa.Column("replaces", sa.JSON(), nullable=False),
        sa.Column("crosswalk", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["framework_version.id"],
            name=op.f("fk_framework_item_version_id_framework_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_framework_item")),
        sa.UniqueConstraint(
            "version_id", "item_id", name=op.f("uq_framework_item_version_id_item_id")
        ),
    )
    with op.batch_alter_table("framework_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_framework_item_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("framework_version_id", sa.Integer(), nullable=False),
        sa.Column("extension_version_id", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "submitted", name="reviewstatus", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("current_revision_id", sa.Integer(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_review_period_in_order")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_review_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["extension_version_id"],
            ["framework_version.id"],
            name=op.f("fk_review_extension_version_id_framework_version"),
        ),
        sa.ForeignKeyConstraint(
            ["framework_id"], ["framework.id"], name=op.f("fk_review_framework_id_framework")
        ),
        sa.ForeignKeyConstraint(
            ["framework_version_id"],
            ["framework_version.id"],
            name=op.f("fk_review_framework_version_id_framework_version"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_review_service_id_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
        sa.UniqueConstraint(
            "service_id",
            "framework_id",
            "period_start",
            "period_end",
            name=op.f("uq_review_service_id_framework_id_period_start_period_end"),
        ),
    )
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_current_revision_id"), ["current_revision_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_review_framework_id"), ["framework_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_review_framework_version_id"), ["framework_version_id"], unique=False
        )
        batch_op.create_index("ix_review_period", ["period_start", "period_end"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_service_id"), ["service_id"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("revision_number", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user_account.id"], name=op.f("fk_feedback_author_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["feedback.id"], name=op.f("fk_feedback_parent_id_feedback")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_feedback_review_id_review")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_review_id"), ["review_id"], unique=False)

    op.create_table(
        "review_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"],
            ["user_account.id"],
            name=op.f("fk_review_revision_acknowledged_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_review_revision_created_by_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["review.id"], name=op.f("fk_review_revision_review_id_review")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["user_account.id"],
            name=op.f("fk_review_revision_submitted_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_revision")),
        sa.UniqueConstraint(
            "review_id", "number", name=op.f("uq_review_revision_review_id_number")
        ),
    )
    with op.batch_alter_table("review_revision", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_revision_review_id"), ["review_id"], unique=False
        )

    op.create_table(
        "answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("value_text", sa.Text(), nullable=True),
        sa.Column("value_number", sa.Float(), nullable=True),
        sa.Column("value_level", sa.Integer(), nullable=True),
        sa.Column("value_choices", sa.JSON(), nullable=True),
        sa.Column(
            "consent_scope",
            sa.Enum(
                "place", "regulators", "public", name="consentscope", native_enum=False, length=20
            ),
            nullable=True,
        ),
        sa.Column("personal_details", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["review_revision.id"],
            name=op.f("fk_answer_revision_id_review_revision"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer")),
        sa.UniqueConstraint("revision_id", "item_id", name=op.f("uq_answer_revision_id_item_id")),
    )
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_answer_revision_id"), ["revision_id"], unique=False)

    op.create_table(
        "barrier_citation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("barrier_id", sa.String(length=100), nullable=False),
        sa.Column("ask", sa.Text(), nullable=True),
        sa.Column(
            "consent_scope",
            sa.Enum(
                "place", "regulators", "public", name="consentscope", native_enum=False, length=20
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["review_revision.id"],
            name=op.f("fk_barrier_citation_revision_id_review_revision"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_barrier_citation")),
        sa.UniqueConstraint(
            "revision_id",
            "item_id",
            "barrier_id",
            name=op.f("uq_barrier_citation_revision_id_item_id_barrier_id"),
        ),
    )
    with op.batch_alter_table("barrier_citation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_barrier_citation_barrier_id"), ["barrier_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_barrier_citation_revision_id"), ["revision_id"], unique=False
        )
    # review and review_revision point at each other: this key is added once both exist.
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_review_current_revision_id_review_revision"),
            "review_revision",
            ["current_revision_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_review_current_revision_id_review_revision"), type_="foreignkey"
        )
    with op.batch_alter_table("barrier_citation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_barrier_citation_revision_id"))
        batch_op.drop_index(batch_op.f("ix_barrier_citation_barrier_id"))

    op.drop_table("barrier_citation")
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_revision_id"))
        batch_op.drop_index(batch_op.f("ix_answer_item_id"))

    op.drop_table("answer")
    with op.batch_alter_table("review_revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_revision_review_id"))

    op.drop_table("review_revision")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_review_id"))

    op.drop_table("feedback")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_service_id"))
        batch_op.drop_index("ix_review_period")
        batch_op.drop_index(batch_op.f("ix_review_framework_version_id"))
        batch_op.drop_index(batch_op.f("ix_review_framework_id"))
        batch_op.drop_index(batch_op.f("ix_review_current_revision_id"))

    op.drop_table("review")
    with op.batch_alter_table("framework_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_item_version_id"))

    op.drop_table("framework_item")
    with op.batch_alter_table("framework_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_framework_version_framework_id"))

    op.drop_table("framework_version")
    op.drop_table("framework")
