"""Bulk loads and the search index.

On SQLite, triggers copy each text answer into the FTS5 table as it is written (migration
0005 creates them). That costs several times more per row than indexing everything at
once, which matters when thousands of answers are written in one go, as the synthetic demo
data is: ``search_paused`` drops the triggers for the load, then puts them back and
rebuilds the index. PostgreSQL's GIN index keeps up well enough, but it holds new entries
in a pending list that every search reads through until (auto)vacuum merges them, so
after a load ``search_paused`` merges them at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

# As migration 0005 creates them.
SQLITE_TRIGGERS = {
    "answer_search_insert": """
        CREATE TRIGGER answer_search_insert AFTER INSERT ON answer
        WHEN new.value_text IS NOT NULL BEGIN
            INSERT INTO answer_search (rowid, value_text) VALUES (new.id, new.value_text);
        END
    """,
    "answer_search_delete": """
        CREATE TRIGGER answer_search_delete AFTER DELETE ON answer
        WHEN old.value_text IS NOT NULL BEGIN
            INSERT INTO answer_search (answer_search, rowid, value_text)
            VALUES ('delete', old.id, old.value_text);
        END
    """,
    "answer_search_update": """
        CREATE TRIGGER answer_search_update AFTER UPDATE OF value_text ON answer BEGIN
            INSERT INTO answer_search (answer_search, rowid, value_text)
            SELECT 'delete', old.id, old.value_text WHERE old.value_text IS NOT NULL;
            INSERT INTO answer_search (rowid, value_text)
            SELECT new.id, new.value_text WHERE new.value_text IS NOT NULL;
        END
    """,
}


@contextmanager
def search_paused(session: Session) -> Iterator[None]:
    """Write answers inside this block without indexing each one; the index is rebuilt
    once at the end. All in the caller's transaction: if the load fails, rolling back
    restores the triggers with everything else."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        # As migration 0012 names it.
        session.execute(text("SELECT gin_clean_pending_list('answer_search_vector_gin')"))
        return
    for name in SQLITE_TRIGGERS:
        session.execute(text(f"DROP TRIGGER {name}"))
    yield
    for statement in SQLITE_TRIGGERS.values():
        session.execute(text(statement))
    session.execute(text("INSERT INTO answer_search (answer_search) VALUES ('rebuild')"))
