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

import functools
import html
import math
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Row,
    ScalarSelect,
    Select,
    SQLColumnExpression,
    TextClause,
    and_,
    column,
    func,
    literal_column,
    null,
    select,
    table,
    tablesample,
    text,
    true,
)
from sqlalchemy.orm import Session, aliased, contains_eager
from sqlalchemy.sql.selectable import LateralFromClause

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
    sample = None if sqlite else _postgresql_sample(session, actor, words)

    def matches() -> Select[Review]:
        """The matches as the index finds them: only asked for where they are read."""
        return _matches(words, sqlite).where(may_read)

    if sample is not None and sample.estimate >= UNCOUNTED_FROM:
        # So many that every page fills (fifty or more in the sample, where the thousand
        # the pages reach would put five): not counted, which would read those thousand.
        total = max_counted + 1
    else:
        total = _counted(session, matches(), max_counted)
    about = None
    if total > max_counted:
        total = max_counted
        if sqlite:
            estimate = _sqlite_estimate(session, words)
        elif sample is not None:
            estimate = sample.estimate
        else:
            estimate = _counted(session, matches(), None)
        about = _round(max(estimate, max_counted + 1))
    page = min(max(page, 1), max(1, -(-total // per_page)))
    # Newest-first when the sample says the page is reached well within the newest
    # NEWEST_FIRST_READS answers: what a common word needs. Otherwise, or if the newest
    # answers fall short of the page after all, every match is taken from the index and
    # sorted.
    rows: list[Row[Any]] = []
    # PostgreSQL makes the snippets in the page's statement, saving a round trip; SQLite,
    # which has none to save, in one of their own, which FTS5 answers faster than a
    # snippet asked for each answer.
    snippet: ColumnElement[Any] = null() if sqlite else _postgresql_snippet(words)
    if sample is not None and sample.reads_to(page * per_page) * 2 <= NEWEST_FIRST_READS:
        newest = _postgresql_newest_first(words).where(may_read)
        rows = _page(session, newest, snippet, page, per_page)
    if total and len(rows) < min(per_page, total - (page - 1) * per_page):
        rows = _page(session, matches(), snippet, page, per_page)
    shown = [row.id for row in rows]
    snippets = (
        _sqlite_snippets(session, words, shown)
        if sqlite and shown
        else {row.id: row.snippet for row in rows}
    )
    hits = [
        SearchHit(row[0], row.label, _pieces(snippets.get(row.id), escaped=not sqlite))
        for row in rows
    ]
    return SearchPage(hits, total, page, per_page, about=about)


def _page(
    session: Session,
    matches: Select[Review],
    snippet: ColumnElement[Any],
    page: int,
    per_page: int,
) -> list[Row[Any]]:
    """A page of ``matches``: each review (with its service and place), the answer's id,
    its item's label and its ``snippet``. The page's answers are found first, with their
    review and label, and only they are joined to the rest of what the page shows and get
    a snippet (making one is the costly part), in the same statement: joined in the part
    that finds them, the planner joined every match before sorting; joined again to the
    review and item, its planning took half as long again."""
    found = (
        matches.with_only_columns(Answer.id, FrameworkItem.label, Review.id.label("review_id"))
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery("page")
    )
    paged = (
        select(Review, Answer.id, found.c.label, snippet.label("snippet"))
        .select_from(found)
        .join(Answer, Answer.id == found.c.id)
        .join(Review, Review.id == found.c.review_id)
        .join(Review.service)
        .join(Service.place)
        .options(contains_eager(Review.service).contains_eager(Service.place))
        .order_by(Answer.id.desc())
    )
    return list(session.execute(paged).all())


def _matches(words: list[str], sqlite: bool) -> Select[Review]:
    """The matches as each database's index finds them, newest first."""
    return _sqlite_matches(words) if sqlite else _postgresql_matches(words)


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


@functools.cache
def _current_answers() -> Select[Review]:
    """Answers in the latest submitted revision of each review, with their item's label
    (made once: a statement is only ever copied by what is added to it, and making the
    parts that never change for each search took a third of its time in Python)."""
    return (
        select(Review)
        .join(Answer, Answer.revision_id == Review.current_revision_id)
        .join(Service, Review.service_id == Service.id)
        .join(FrameworkItem, _item_of(Answer))
    )


def _item_of(answer: type[Answer]) -> ColumnElement[bool]:
    """The answer's item in its review's framework version or extension."""
    version_ids = (Review.framework_version_id, Review.extension_version_id)
    return and_(FrameworkItem.item_id == answer.item_id, FrameworkItem.version_id.in_(version_ids))


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


def _sqlite_snippets(session: Session, words: list[str], ids: list[int]) -> dict[int, str]:
    rowid: ColumnClause[Any] = literal_column("rowid")
    snippet = func.snippet(literal_column(OBJECT_PREFIX), 0, _START, _STOP, "…", 24)
    rows = session.execute(
        select(rowid, snippet)
        .select_from(text(OBJECT_PREFIX))
        .where(_fts_match(words), rowid.in_(ids))
    )
    return {answer_id: text_ for answer_id, text_ in rows}


def _tsquery(words: list[str]) -> ColumnElement[Any]:
    return func.plainto_tsquery(literal_column("'english'"), " ".join(words))


# The answers' words, stored beside each text answer by migration 0012 and indexed there.
_VECTOR: ColumnClause[Any] = literal_column(f"{Answer.__tablename__}.{OBJECT_PREFIX}_vector")


def _postgresql_index_matches(words: list[str]) -> Select[int]:
    """Every answer whose words match, from the search index alone (every revision)."""
    return select(Answer.id.label("answer_id")).where(_VECTOR.op("@@")(_tsquery(words)))


def _postgresql_matches(words: list[str]) -> Select[Review]:
    """The matches as the GIN index finds them, then sorted: what the count reads (lazily,
    as far as it goes), and the pages that reading newest-first would reach too slowly.
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
    """The pages of a common word: the newest NEWEST_FIRST_READS answers (by id) read
    backwards along the primary key, each one's stored words checked, stopping at the
    page. Sorting what the index finds would read every one of the word's answers (49,438
    for "families") to show 20. Bounded, because the planner misjudges several words
    together ("evening sessions": 447 answers for 7,065) and then read every answer."""
    newest = select(func.max(Answer.id)).scalar_subquery() - NEWEST_FIRST_READS
    matched = _VECTOR.op("@@")(_tsquery(words))
    return _current_answers().where(Answer.id > newest, matched).order_by(Answer.id.desc())


# A word estimated to be in this many of the answers a reader may find, or more, is not
# counted: the sample holds fifty or more of them, where a thousand would put five.
UNCOUNTED_FROM = 10_000
# A page is read newest-first when the sample says it is reached within this many answers
# (the newest 100,000 are read in about the time the index path takes for 10,000 matches,
# each of which it must look up).
NEWEST_FIRST_READS = 100_000
# The share of the answers' pages read to estimate how many match, in percent, and the
# matches in it below which the sample says too little to go by.
SAMPLED_PERCENT = 0.5
SAMPLED_ENOUGH = 20


@dataclass(frozen=True)
class _Sample:
    answers: float  # answers in the table, as its statistics last saw (-1: never)
    matches: int  # answers in the sample that the search finds for the reader

    @property
    def estimate(self) -> int:
        """About how many answers the reader could find."""
        return int(self.matches * 100 / SAMPLED_PERCENT)

    def reads_to(self, matches: int) -> float:
        """About how many answers are read, newest first, to find ``matches``."""
        return (
            self.answers * matches / self.estimate if self.answers > 0 < self.estimate else math.inf
        )


def _postgresql_sample(session: Session, actor: Actor, words: list[str]) -> _Sample | None:
    """The answers the search finds for ``actor`` (current and readable) in a sample of
    the answers' pages, with how many answers there are, or None when too few match to
    go by (a small database, or a word in a few thousand answers or fewer). Counting
    every match reads every one (30 ms for "families"), and the planner's estimate
    treats words as unrelated ("evening sessions": 466 for 7,065). The same pages each
    time (``REPEATABLE``), so the figures stay put while the data does."""
    found, answer, current = _sampled(SAMPLED_PERCENT)
    vector: ColumnClause[Any] = literal_column(f"sampled.{OBJECT_PREFIX}_vector")
    counted = (
        found
        # The words' query made once (a subquery), not for each sampled answer: a prepared
        # statement's generic plan, which PostgreSQL uses from the sixth search on a
        # connection, would otherwise make it again for each one (5.6 ms against 2.6).
        .where(vector.op("@@")(select(_tsquery(words)).scalar_subquery()))
        .where(readable(actor, answer.consent_scope, current.c.place_id))
        .scalar_subquery()
    )
    counts = session.execute(select(_answers_in_statistics(), counted)).one()
    return _Sample(counts[0], counts[1]) if counts[1] >= SAMPLED_ENOUGH else None


@functools.cache
def _answers_in_statistics() -> ScalarSelect[float]:
    """The answers' table's size from its statistics: counting the sample's pages would
    read them twice."""
    statistics = table("pg_class", column("oid"), column("reltuples"))
    return (
        select(statistics.c.reltuples)
        .where(statistics.c.oid == func.to_regclass(Answer.__tablename__))
        .scalar_subquery()
    )


@functools.cache
def _sampled(percent: float) -> tuple[Select[int], type[Answer], LateralFromClause]:
    """Counting the sampled answers that are in their review's current revision, with the
    sampled answers and each one's review (its place, for whether the reader may read the
    answer), for the words and the reader to be added. Made once: making them for each
    search, the columns of a new alias each time, took longer than reading the sample
    (1.6 ms). Each sampled match is looked up in its review by index, one at a time
    (LATERAL, which the planner cannot turn into a join of sets): joined as sets, it read
    every review to hash them, 6 of the statement's 7 ms for "families"."""
    pages = func.system(literal_column(str(percent)))
    answer = aliased(Answer, tablesample(Answer.__table__, pages, "sampled", literal_column("0")))
    current = (
        select(Service.place_id)
        .select_from(Review)
        .join(Service, Review.service_id == Service.id)
        .join(FrameworkItem, _item_of(answer))
        .where(Review.current_revision_id == answer.revision_id)
        .limit(1)
        .lateral("current")
    )
    return select(func.count()).select_from(answer).join(current, true()), answer, current


def _postgresql_snippet(words: list[str]) -> ColumnElement[str]:
    """The answer's snippet, made from its text."""
    options = f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12"
    # ts_headline drops anything that looks like an HTML tag, so it is given the text with
    # <, > and & escaped, and the snippet is unescaped again: text comes back as typed.
    escaped: SQLColumnExpression[Any] = Answer.value_text
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        escaped = func.replace(escaped, character, entity)
    return func.ts_headline(literal_column("'english'"), escaped, _tsquery(words), options)


def _pieces(snippet: str | None, *, escaped: bool) -> Pieces:
    """The snippet in pieces (none when there is none: no text, or no row for the answer in
    SQLite's search table)."""
    pieces = []
    for part in re.split(f"({_START}.*?{_STOP})", snippet or "", flags=re.DOTALL):
        matched = part.startswith(_START)
        piece = part[1:-1] if matched else part
        if piece:
            pieces.append((html.unescape(piece) if escaped else piece, matched))
    return tuple(pieces)
