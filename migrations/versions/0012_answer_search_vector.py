"""answer search vector

On PostgreSQL each text answer's words are stored beside it, in a generated column
``answer_search_vector`` (``to_tsvector('english', value_text)``), and the GIN index is on
that column instead of on the expression. A search can then check an answer's words
without working them out again, so the newest answers can be read in order and checked
one by one, stopping at a page's worth (what a common word needs), while the index still
finds the few answers a rare word is in; and ``ANALYZE`` keeps statistics on the words,
so the planner knows which words are common. SQLite keeps its FTS5 table (0005).

Like 0005's objects, the column and index are named ``answer_search*``, which tests and
autogenerate leave out: no model describes them.

Revision ID: 0012_answer_search_vector
Revises: 0011_notifications
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_answer_search_vector"
down_revision: str | None = "0011_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Mirrored by outcomes.reviews.search, which queries them.
UPGRADE = (
    """
    ALTER TABLE answer ADD COLUMN answer_search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('english', value_text)) STORED
    """,
    "CREATE INDEX answer_search_vector_gin ON answer USING gin (answer_search_vector)",
    "DROP INDEX IF EXISTS answer_search_tsv",
    # Statistics on the new column's words at once, not at autovacuum's next visit: the
    # planner's choice between reading newest-first and asking the index depends on them.
    "ANALYZE answer",
)
DOWNGRADE = (
    """
    CREATE INDEX answer_search_tsv ON answer
    USING gin (to_tsvector('english', value_text))
    WHERE value_text IS NOT NULL
    """,
    "DROP INDEX IF EXISTS answer_search_vector_gin",
    "ALTER TABLE answer DROP COLUMN IF EXISTS answer_search_vector",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for statement in DOWNGRADE:
            op.execute(statement)
