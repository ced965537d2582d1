"""answer search

Full-text search over text answers, in each database's own way: on SQLite an FTS5 table
kept in step with ``answer`` by triggers (external content: the text is stored once), on
PostgreSQL a GIN index on the answers' ``tsvector``. Neither is a model: tests and
autogenerate leave out objects named ``answer_search*`` (outcomes.reviews.search).

A later migration that rebuilds the ``answer`` table in SQLite batch mode drops these
triggers with the old table: it must create the triggers again.

Revision ID: 0005_answer_search
Revises: 0004_api_tokens
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_answer_search"
down_revision: str | None = "0004_api_tokens"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Both mirror outcomes.reviews.search, which queries them.
SQLITE_STATEMENTS = (
    """
    CREATE VIRTUAL TABLE answer_search USING fts5(
        value_text, content='answer', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER answer_search_insert AFTER INSERT ON answer
    WHEN new.value_text IS NOT NULL BEGIN
        INSERT INTO answer_search (rowid, value_text) VALUES (new.id, new.value_text);
    END
    """,
    """
    CREATE TRIGGER answer_search_delete AFTER DELETE ON answer
    WHEN old.value_text IS NOT NULL BEGIN
        INSERT INTO answer_search (answer_search, rowid, value_text)
        VALUES ('delete', old.id, old.value_text);
    END
    """,
    """
    CREATE TRIGGER answer_search_update AFTER UPDATE OF value_text ON answer BEGIN
        INSERT INTO answer_search (answer_search, rowid, value_text)
        SELECT 'delete', old.id, old.value_text WHERE old.value_text IS NOT NULL;
        INSERT INTO answer_search (rowid, value_text)
        SELECT new.id, new.value_text WHERE new.value_text IS NOT NULL;
    END
    """,
    "INSERT INTO answer_search (answer_search) VALUES ('rebuild')",
)
POSTGRESQL_INDEX = """
    CREATE INDEX answer_search_tsv ON answer
    USING gin (to_tsvector('english', value_text))
    WHERE value_text IS NOT NULL
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        create_sqlite_search()
    else:
        op.execute(POSTGRESQL_INDEX)


def create_sqlite_search() -> None:
    for statement in SQLITE_STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("answer_search_insert", "answer_search_delete", "answer_search_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS answer_search")
    else:
        op.execute("DROP INDEX IF EXISTS answer_search_tsv")
