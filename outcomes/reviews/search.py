"""Searching the words of submitted reviews' text answers.

Each database searches in its own way, set up by migration 0005: SQLite through an FTS5
table kept in step with ``answer`` by triggers, PostgreSQL through a GIN index on the
answers' ``tsvector``. Both stem English words, so "family" finds "families". Only the
latest submitted revision of each review is searched, and text given under a consent
scope is found only by those it allows.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Select,
    SQLColumnExpression,
    TextClause,
    and_,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.consent import readable
from outcomes.errors import InvalidInput
from outcomes.frameworks.models import FrameworkItem
from outcomes.reviews.models import Answer, Review
from outcomes.reviews.paging import Page, count_and_clamp
from outcomes.services.models import Service

# Every search object is named so, and is left out when models and migrations are compared.
OBJECT_PREFIX = "answer_search"
MAX_WORDS = 12
PER_PAGE = 20
# Marks around matched words in snippets: characters nobody types, so text cannot fake them.
_START, _STOP = "\x02", "\x03"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """For Alembic's ``include_name``: leave out the search objects, which no model has."""
    return not (name or "").startswith(OBJECT_PREFIX)


@dataclass(frozen=True)
class SearchHit:
    review: Review
    item_label: str
    # The answer around the words found, in pieces: (text, whether it is a word found).
    snippet: tuple[tuple[str, bool], ...]


def search_answers(
    session: Session, actor: Actor, query: str, *, page: int = 1, per_page: int = PER_PAGE
) -> Page[SearchHit]:
    """Text answers of submitted reviews containing every word of ``query``, newest first."""
    words = re.findall(r"\w+", query)[:MAX_WORDS]
    if not words:
        raise InvalidInput("Enter one or more words to search for", field="q")
    sqlite = session.get_bind().dialect.name == "sqlite"
    statement = _sqlite_matches(words) if sqlite else _postgresql_matches(words)
    statement = statement.where(readable(actor, Answer.consent_scope, Service.place_id))
    total, page = count_and_clamp(session, statement, page, per_page)
    rows = session.execute(
        statement.add_columns(Answer.id, FrameworkItem.label)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    # Snippets are made for the page's answers only: making one is the costly part.
    ids = [row.id for row in rows]
    snippets = (
        _sqlite_snippets(session, words, ids)
        if sqlite
        else _postgresql_snippets(session, words, ids)
    )
    hits = [SearchHit(row[0], row.label, snippets.get(row.id, ())) for row in rows]
    return Page(hits, total, page, per_page)


Pieces = tuple[tuple[str, bool], ...]


# Newest reviews first, the same on both databases. Ranking by relevance would have
# PostgreSQL work out every matching answer's words again, and every hit has every word.
_NEWEST = (Review.period_start.desc(), Review.id.desc(), Answer.id)


def _current_answers() -> Select[Review]:
    """Answers in the latest submitted revision of each review, with their item's label."""
    version_ids = (Review.framework_version_id, Review.extension_version_id)
    return (
        select(Review)
        .join(Answer, Answer.revision_id == Review.current_revision_id)
        .join(Service, Review.service_id == Service.id)
        .join(
            FrameworkItem,
            and_(
                FrameworkItem.item_id == Answer.item_id, FrameworkItem.version_id.in_(version_ids)
            ),
        )
    )


def _fts_match(words: list[str]) -> TextClause:
    # Each word quoted, so nothing typed is read as FTS5 query syntax.
    match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    return text(f"{OBJECT_PREFIX} MATCH :match").bindparams(match=match)


def _sqlite_matches(words: list[str]) -> Select[Review]:
    found = (
        select(literal_column("rowid").label("answer_id"))
        .select_from(text(OBJECT_PREFIX))
        .where(_fts_match(words))
        .subquery()
    )
    return _current_answers().join(found, found.c.answer_id == Answer.id).order_by(*_NEWEST)


def _sqlite_snippets(session: Session, words: list[str], ids: list[int]) -> dict[int, Pieces]:
    rowid: ColumnClause[Any] = literal_column("rowid")
    snippet = func.snippet(literal_column(OBJECT_PREFIX), 0, _START, _STOP, "…", 24)
    rows = session.execute(
        select(rowid, snippet)
        .select_from(text(OBJECT_PREFIX))
        .where(_fts_match(words), rowid.in_(ids))
    )
    return {answer_id: _pieces(text_, escaped=False) for answer_id, text_ in rows}


def _tsquery(words: list[str]) -> ColumnElement[Any]:
    return func.plainto_tsquery(literal_column("'english'"), " ".join(words))


def _postgresql_matches(words: list[str]) -> Select[Review]:
    # The same expression as the index, so that the index is used.
    vector = func.to_tsvector(literal_column("'english'"), Answer.value_text)
    return (
        _current_answers()
        .where(Answer.value_text.is_not(None), vector.op("@@")(_tsquery(words)))
        .order_by(*_NEWEST)
    )


def _postgresql_snippets(session: Session, words: list[str], ids: list[int]) -> dict[int, Pieces]:
    options = f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12"
    # ts_headline drops anything that looks like an HTML tag, so it is given the text with
    # <, > and & escaped, and the snippet is unescaped again: text comes back as typed.
    escaped: SQLColumnExpression[Any] = Answer.value_text
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        escaped = func.replace(escaped, character, entity)
    headline = func.ts_headline(literal_column("'english'"), escaped, _tsquery(words), options)
    rows = session.execute(select(Answer.id, headline).where(Answer.id.in_(ids)))
    return {answer_id: _pieces(text_, escaped=True) for answer_id, text_ in rows}


def _pieces(snippet: str, *, escaped: bool) -> Pieces:
    pieces = []
    for part in re.split(f"({_START}.*?{_STOP})", snippet, flags=re.DOTALL):
        matched = part.startswith(_START)
        piece = part[1:-1] if matched else part
        if piece:
            pieces.append((html.unescape(piece) if escaped else piece, matched))
    return tuple(pieces)
