"""Searching the words of submitted reviews' text answers.

Each database searches in its own way: SQLite through an FTS5 table kept in step with
``answer`` by triggers (migration 0005), PostgreSQL through each text answer's words
stored beside it in a generated ``tsvector`` column with a GIN index (migration 0012).
Both stem English words, so "family" finds "families". Only the latest submitted
revision of each review is searched, and text given under a consent scope is found only
by those it allows.

A page costs about the same however many answers match: the answers written most
recently come first, which is the order the indexes give cheaply (FTS5 reads its rowids
backwards without sorting; PostgreSQL takes a rare word's few answers from its index and
sorts them, and reads the newest answers backwards for a common word, checking each
one's stored words, until the page is full), and joins reach only as far as the page.
Matches are counted up to ``MAX_COUNTED``; past that the page says "about N", from the
search index alone (SQLite) or a sample of the answers (PostgreSQL), and pages stop
there.
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
    tablesample,
    text,
)
from sqlalchemy.orm import Session, aliased, joinedload

from outcomes.accounts.access import Actor
from outcomes.consent import readable
from outcomes.errors import InvalidInput
from outcomes.frameworks.models import FrameworkItem
from outcomes.reviews.models import Answer, Review
from outcomes.reviews.paging import Page
from outcomes.services.models import Service

# Every search object is named so, and is left out when models and migrations are compared.
OBJECT_PREFIX = "answer_search"
MAX_WORDS = 12
PER_PAGE = 20
# Matches counted exactly up to this; the pages go no further (the newest 1,000 answers).
MAX_COUNTED = 1000
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


@dataclass(frozen=True)
class SearchPage(Page[SearchHit]):
    # When more than MAX_COUNTED answers match: about how many (``total`` is then the
    # MAX_COUNTED that the pages reach).
    about: int | None = None


def search_answers(
    session: Session,
    actor: Actor,
    query: str,
    *,
    page: int = 1,
    per_page: int = PER_PAGE,
    max_counted: int | None = None,
) -> SearchPage:
    """Text answers of submitted reviews containing every word of ``query``, the most
    recently written first."""
    words = re.findall(r"\w+", query)[:MAX_WORDS]
    if not words:
        raise InvalidInput("Enter one or more words to search for", field="q")
    sqlite = session.get_bind().dialect.name == "sqlite"
    may_read = readable(actor, Answer.consent_scope, Service.place_id)
    max_counted = max_counted or MAX_COUNTED
    sampled = None if sqlite else _postgresql_sampled(session, actor, words)
    if sampled is not None and sampled >= NEWEST_FIRST_FROM:
        # So many that every page fills (over a hundred in the sample, which needs ten):
        # not counted, which would read a thousand of them, and read newest-first.
        statement = _postgresql_newest_first(words).where(may_read)
        total, about = max_counted, _round(max(sampled, max_counted + 1))
    else:
        statement = (_sqlite_matches(words) if sqlite else _postgresql_matches(words)).where(
            may_read
        )
        total, about = _counted(session, statement, max_counted), None
    if total > max_counted:
        total = max_counted
        estimate = (
            _sqlite_estimate(session, words)
            if sqlite
            else sampled
            if sampled is not None
            else _counted(session, statement, None)
        )
        about = _round(max(estimate, max_counted + 1))
    page = min(max(page, 1), max(1, -(-total // per_page)))
    # With what the page shows of each review, so the page asks for nothing more.
    paged = (
        statement.add_columns(Answer.id, FrameworkItem.label)
        .options(joinedload(Review.service).joinedload(Service.place))
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = session.execute(paged).all() if total else []
    # Snippets are made for the page's answers only: making one is the costly part.
    ids = [row.id for row in rows]
    snippets = (
        {}
        if not ids
        else _sqlite_snippets(session, words, ids)
        if sqlite
        else _postgresql_snippets(session, words, ids)
    )
    hits = [SearchHit(row[0], row.label, snippets.get(row.id, ())) for row in rows]
    return SearchPage(hits, total, page, per_page, about=about)


def _counted(session: Session, matches: Select[Review], most: int | None) -> int:
    """How many of ``matches`` there are, counting no further than ``most + 1``: counting
    every match costs as much as finding it. In whatever order is cheapest: the page's own
    order would read every match to sort them."""
    limited = matches.with_only_columns(Answer.id).order_by(None)
    if most is not None:
        limited = limited.limit(most + 1)
    return session.scalar(select(func.count()).select_from(limited.subquery())) or 0


def _round(number: int) -> int:
    """Two significant figures: an estimate should not look exact."""
    scale: int = 10 ** max(0, len(str(number)) - 2)
    return round(number / scale) * scale


Pieces = tuple[tuple[str, bool], ...]


# The most recently written answers come first, the same on both databases: the order of
# the answers' ids, which the indexes give cheaply. Ranking by relevance would have
# PostgreSQL work out every matching answer's words again, and every hit has every word.


def _current_answers(answer: type[Answer] = Answer) -> Select[Review]:
    """Answers in the latest submitted revision of each review, with their item's label
    (``answer``: the answers, or a sample of them)."""
    version_ids = (Review.framework_version_id, Review.extension_version_id)
    return (
        select(Review)
        .join(answer, answer.revision_id == Review.current_revision_id)
        .join(Service, Review.service_id == Service.id)
        .join(
            FrameworkItem,
            and_(
                FrameworkItem.item_id == answer.item_id, FrameworkItem.version_id.in_(version_ids)
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
    # Ordered by the search table's own rowid, which FTS5 reads backwards without sorting.
    return (
        _current_answers()
        .join(found, found.c.answer_id == Answer.id)
        .order_by(found.c.answer_id.desc())
    )


def _sqlite_estimate(session: Session, words: list[str]) -> int:
    """Matches in the search index alone: every revision's answers, so a little more than
    the current ones, counted without reading the answers."""
    counted = select(func.count()).select_from(text(OBJECT_PREFIX)).where(_fts_match(words))
    return session.scalar(counted) or 0


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


# The answers' words, stored beside each text answer by migration 0012 and indexed there.
_VECTOR: ColumnClause[Any] = literal_column(f"{Answer.__tablename__}.{OBJECT_PREFIX}_vector")


def _postgresql_index_matches(words: list[str]) -> Select[int]:
    """Every answer whose words match, from the search index alone (every revision)."""
    return select(Answer.id.label("answer_id")).where(_VECTOR.op("@@")(_tsquery(words)))


def _postgresql_matches(words: list[str]) -> Select[Review]:
    """The matches as the GIN index finds them, then sorted: what the count reads (lazily,
    as far as it goes) and the pages of a word in fewer than NEWEST_FIRST_FROM answers.
    Materialised, so that the index is always asked: the planner's estimates for several
    words treat them as unrelated, and when it guessed too many it read every answer
    newest-first looking for them (0.6 s for "families allotments", found in none)."""
    found = _postgresql_index_matches(words).cte("answer_search_found").prefix_with("MATERIALIZED")
    return (
        _current_answers()
        .join(found, found.c.answer_id == Answer.id)
        .order_by(found.c.answer_id.desc())
    )


def _postgresql_newest_first(words: list[str]) -> Select[Review]:
    """The pages of a common word: the newest answers read backwards along the primary key,
    each one's stored words checked, stopping at the page. Sorting what the index finds
    would read every one of the word's answers (49,438 for "families") to show 20."""
    return _current_answers().where(_VECTOR.op("@@")(_tsquery(words))).order_by(Answer.id.desc())


# A word estimated to be in this many of the answers a reader may find, or more, is paged
# newest-first and not counted: even the last page (the 1,000th match) then reads only
# some tens of thousands of answers.
NEWEST_FIRST_FROM = 10_000
# The share of the answers' pages read to estimate how many match, in percent, and the
# matches in it below which the sample says too little to go by.
SAMPLED_PERCENT = 1
SAMPLED_ENOUGH = 20


def _postgresql_sampled(session: Session, actor: Actor, words: list[str]) -> int | None:
    """About how many answers ``actor`` could find: those in a sample of the answers'
    pages (current and readable, as the search finds them), scaled up, or None when the
    sample holds too few to go by (a small database, or a word in a few thousand answers
    or fewer). Counting them all reads every one (30 ms for "families"), and the
    planner's estimate treats words as unrelated ("evening sessions": 466 for 7,065).
    The same pages each time (``REPEATABLE``), so the figure stays put while the data
    does."""
    sample = tablesample(
        Answer.__table__,
        func.system(literal_column(str(SAMPLED_PERCENT))),
        "sampled",
        seed=literal_column("0"),
    )
    answer = aliased(Answer, sample)
    vector: ColumnClause[Any] = literal_column(f"sampled.{OBJECT_PREFIX}_vector")
    matches = (
        _current_answers(answer)
        .where(vector.op("@@")(_tsquery(words)))
        .where(readable(actor, answer.consent_scope, Service.place_id))
    )
    found = (
        session.scalar(
            select(func.count()).select_from(matches.with_only_columns(answer.id).subquery())
        )
        or 0
    )
    return int(found * 100 / SAMPLED_PERCENT) if found >= SAMPLED_ENOUGH else None


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
