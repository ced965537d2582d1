"""comparison read model

The answers comparison reports count, one row per answer of each review's latest
submitted revision to a rubric or number item, with the place as filed and as it is now
(outcomes.reports.readmodel). Filled here from the reviews already stored; from then on
it is kept in step in the transaction of every change.

Revision ID: 0010_comparison_read_model
Revises: 0009_national_asks
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_comparison_read_model"
down_revision: str | None = "0009_national_asks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# outcomes.frameworks.definition.MAX_NUMBER, written out: migrations import no app code.
MAX_NUMBER = 1e12

FILL = f"""
INSERT INTO comparison_answer (
    review_id, item_id, revision_id, service_id, place_id, current_place_id, service_area,
    framework_id, version_id, period_start, period_end, counts_people, level, number
)
SELECT review.id, answer.item_id, review.current_revision_id, service.id, service.place_id,
    service.place_id, service.service_area, review.framework_id, review.framework_version_id,
    review.period_start, review.period_end, framework_item.counts_people,
    answer.value_level, answer.value_number
FROM review
JOIN service ON service.id = review.service_id
JOIN answer ON answer.revision_id = review.current_revision_id
JOIN framework_item ON framework_item.version_id = review.framework_version_id
    AND framework_item.item_id = answer.item_id
WHERE review.status = 'submitted'
  AND framework_item.kind IN ('rubric', 'number')
  AND (answer.value_number IS NULL
       OR answer.value_number BETWEEN -{MAX_NUMBER!r} AND {MAX_NUMBER!r})
ORDER BY review.framework_id, review.framework_version_id, answer.item_id, review.id
"""


def upgrade() -> None:
    op.create_table(
        "comparison_answer",
        sa.Column("framework_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=100), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("current_place_id", sa.Integer(), nullable=False),
        sa.Column("service_area", sa.String(length=40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("counts_people", sa.Boolean(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("number", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["review.id"],
            name=op.f("fk_comparison_answer_review_id_review"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "framework_id",
            "version_id",
            "item_id",
            "review_id",
            name=op.f("pk_comparison_answer"),
        ),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("comparison_answer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_comparison_answer_period",
            ["framework_id", "period_start", "period_end"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_comparison_answer_place_id"), ["place_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_comparison_answer_review_id"), ["review_id"], unique=False
        )
    op.execute(FILL)
    _follow_successions()


def _follow_successions() -> None:
    """Move the rows of former places on to the place each became, however many steps."""
    connection = op.get_bind()
    successor = dict(
        (row[0], row[1])
        for row in connection.execute(sa.text("SELECT id, superseded_by_id FROM place"))
    )
    moved = []
    for place, following in successor.items():
        if following is None:
            continue
        now, seen = place, {place}
        while (step := successor.get(now)) is not None and step not in seen:
            now = step
            seen.add(now)
        moved.append({"filed": place, "now": now})
    if moved:
        connection.execute(
            sa.text("UPDATE comparison_answer SET current_place_id = :now WHERE place_id = :filed"),
            moved,
        )


def downgrade() -> None:
    with op.batch_alter_table("comparison_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comparison_answer_review_id"))
        batch_op.drop_index(batch_op.f("ix_comparison_answer_place_id"))
        batch_op.drop_index("ix_comparison_answer_period")
    op.drop_table("comparison_answer")
