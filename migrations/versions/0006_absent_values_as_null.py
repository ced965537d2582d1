"""absent values as SQL NULL

Answers saved through the services stored an absent list of choices as the JSON text
``null``, while bulk inserts stored SQL NULL, and readers that expected one met the
other. The models now write SQL NULL for an absent value (``JSON(none_as_null=True)``);
this migration turns the JSON ``null``s already stored into SQL NULL, in the answers and
in the audit trail's before and after, on SQLite and PostgreSQL.

The downgrade writes the JSON ``null`` back where the older code would have written it:
into every absent ``value_choices`` of an answer that has another value (which is what
``save_section`` stored), and into every absent before/after of an audit event.

Revision ID: 0006_absent_values_as_null
Revises: 0005_answer_search
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_absent_values_as_null"
down_revision: str | None = "0005_answer_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column) pairs of JSON columns whose absent values must be SQL NULL.
COLUMNS = (
    ("answer", "value_choices"),
    ("audit_event", "before"),
    ("audit_event", "after"),
)


def _is_json_null(column: str) -> str:
    """A SQL condition: the column holds the JSON value null (not SQL NULL)."""
    if op.get_bind().dialect.name == "postgresql":
        return f"json_typeof({column}) = 'null'"
    return f"{column} = 'null'"


def upgrade() -> None:
    for table, column in COLUMNS:
        quoted = f'"{column}"'
        op.execute(f"UPDATE {table} SET {quoted} = NULL WHERE {_is_json_null(quoted)}")


def downgrade() -> None:
    null = "'null'::json" if op.get_bind().dialect.name == "postgresql" else "'null'"
    op.execute(
        f"UPDATE answer SET value_choices = {null} WHERE value_choices IS NULL AND "
        "(value_text IS NOT NULL OR value_number IS NOT NULL OR value_level IS NOT NULL)"
    )
    for column in ("before", "after"):
        op.execute(f'UPDATE audit_event SET "{column}" = {null} WHERE "{column}" IS NULL')
