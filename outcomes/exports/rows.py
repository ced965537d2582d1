"""The rows of each export table, read from the database in batches.

Nothing here holds a whole table in memory: each table is one query in a stable order
(so the same data gives the same rows in the same order), streamed with ``yield_per``
(a server-side cursor on PostgreSQL), and turned into rows one batch at a time. Only
the small tables (places, services, items) and per-version lookups are held whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Label,
    Select,
    SQLColumnExpression,
    Text,
    and_,
    any_,
    case,
    cast,
    false,
    func,
    literal,
    literal_column,
    not_,
    null,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, aliased

from outcomes.accounts.access import Actor
from outcomes.accounts.models import User
from outcomes.background import in_background
from outcomes.consent import readable as consent_readable
from outcomes.disclosure import (
    SUPPRESSED,
    WITHHELD_NOT_SHARED,
    WITHHELD_SUPPRESSED,
    DisclosureRule,
)
from outcomes.exports.query import ExportQuery
from outcomes.exports.tables import (
    ANSWERS,
    BARRIER_CITATIONS,
    FEEDBACK,
    ITEMS,
    PLACES,
    REVIEWS,
    SERVICES,
    Table,
)
from outcomes.exports.withholding import (
    NOT_SHARED,
    REDACTED,
    WITHHELD_REDACTED,
    TextAccess,
)
from outcomes.frameworks.definition import (
    MAX_NUMBER,
    ChoiceItem,
    FrameworkDefinition,
    Item,
    NumberItem,
    RubricItem,
    TextItem,
)
from outcomes.frameworks.models import Framework, FrameworkItem, FrameworkVersion
from outcomes.frameworks.semver import Version
from outcomes.frameworks.store import as_definition
from outcomes.national.exports import NATIONAL_READERS, national_counters
from outcomes.places.identity import current_place
from outcomes.places.models import Place
from outcomes.reviews.models import (
    Answer,
    BarrierCitation,
    ConsentScope,
    Feedback,
    Review,
    ReviewRevision,
)
from outcomes.scope import revisions_in_scope
from outcomes.services.models import SERVICE_AREAS, Service

# Rows fetched and converted at a time: large enough that the per-batch cost vanishes,
# small enough that a batch of answers stays a few megabytes.
BATCH_SIZE = 5_000

Row = tuple[Any, ...]
Batches = Iterator[list[Row]]


@dataclass
class ExportSource:
    """What every table's rows are read from, worked out once for an export."""

    session: Session
    query: ExportQuery
    rule: DisclosureRule
    # Ids of the revisions exported; never correlated with the query it is used in.
    revisions: Select[int]
    # The same ids, read once.
    revision_ids: list[int]
    places: dict[int, Place]
    versions: list[FrameworkVersion]
    definitions: dict[int, FrameworkDefinition]
    text_access: TextAccess
    progress: Callable[[int], None] | None = None
    # What is worked out once for an export and read by more than one table.
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def in_export(self) -> ColumnElement[bool]:
        """The exported revisions, as a condition on ``ReviewRevision.id``.

        On PostgreSQL, as the list of their ids read once: the planner then knows how
        many rows each table's query starts from, where it takes the scope's subquery
        for one row and joins the rest to it row by row (at national scale each smaller
        table's query took 0.2-0.3 s that way, and 0.02-0.05 s this way). SQLite keeps
        the subquery: it needs no parameter for each revision. So do the answers
        (``answers_in_export``)."""
        if self.session.get_bind().dialect.name != "postgresql":
            return self.answers_in_export
        # Written into the SQL as one constant ('{1,2,…}', whole numbers only): PostgreSQL
        # reads it once. As a parameter, a cursor's query read it again for each row (the
        # reviews' sheet of an XLSX took a minute); as an ARRAY[…] of as many literals or
        # parameters, it took 0.05 s more to send or to plan.
        ids = ",".join(map(str, self.revision_ids))
        return ReviewRevision.id == any_(literal_column(f"'{{{ids}}}'::integer[]", ARRAY(Integer)))

    @property
    def answers_in_export(self) -> ColumnElement[bool]:
        """The exported revisions, as the answers' query keeps to them: by the scope's
        subquery, with which PostgreSQL plans the making of their lines best (with the
        list of ids, it took twice as long at national scale)."""
        return ReviewRevision.id.in_(self.revisions)


def open_source(
    session: Session,
    actor: Actor,
    query: ExportQuery,
    rule: DisclosureRule,
    progress: Callable[[int], None] | None = None,
) -> ExportSource:
    """Work out, once, what every table needs: the revisions in scope, their places (for
    consent), and the framework versions they answered; all read in one query."""
    revisions = revisions_in_scope(session, query.scope).correlate(None)
    scope = revisions.with_only_columns(
        ReviewRevision.id,
        Service.place_id,
        Review.framework_version_id,
        Review.extension_version_id,
    )
    revision_ids: list[int] = []
    place_ids: set[int] = set()
    version_ids: set[int] = set()
    for revision_id, place_id, core_id, extension_id in session.execute(scope):
        revision_ids.append(revision_id)
        place_ids.add(place_id)
        version_ids.add(core_id)
        if extension_id is not None:
            version_ids.add(extension_id)
    places = {
        place.id: place for place in session.scalars(select(Place).where(Place.id.in_(place_ids)))
    }
    # The places the reviews were filed under, and the places they are now.
    for place in list(places.values()):
        now = current_place(place)
        places.setdefault(now.id, now)
    versions = sorted(
        session.scalars(select(FrameworkVersion).where(FrameworkVersion.id.in_(version_ids))),
        key=lambda v: (v.framework.slug, Version.parse(v.version)),
    )
    return ExportSource(
        session=session,
        query=query,
        rule=rule,
        revisions=revisions,
        revision_ids=revision_ids,
        places=places,
        versions=versions,
        definitions={version.id: as_definition(version) for version in versions},
        text_access=TextAccess(actor, places),
        progress=progress,
    )


def count_rows(source: ExportSource, tables: tuple[Table, ...]) -> dict[str, int]:
    """How many rows each table will have, counted without reading them."""
    session, in_export = source.session, source.in_export

    def count(statement: Select[*tuple[Any, ...]]) -> int:
        return session.scalar(select(func.count()).select_from(statement.subquery())) or 0

    def rows_of(model: type[Answer] | type[BarrierCitation]) -> int:
        return count(
            select(model.id)
            .join(ReviewRevision, model.revision_id == ReviewRevision.id)
            .where(in_export)
        )

    counters: dict[str, Callable[[], int]] = {
        PLACES.name: lambda: len(source.places),
        SERVICES.name: lambda: count(
            select(Review.service_id)
            .join(ReviewRevision, ReviewRevision.review_id == Review.id)
            .where(in_export)
            .distinct()
        ),
        ITEMS.name: lambda: sum(len(d.items) for d in source.definitions.values()),
        REVIEWS.name: lambda: len(source.revision_ids),
        ANSWERS.name: lambda: rows_of(Answer),
        BARRIER_CITATIONS.name: lambda: rows_of(BarrierCitation),
        FEEDBACK.name: lambda: count(_feedback_rows(source)),
        **national_counters(source),
    }
    return {table.name: counters[table.name]() for table in tables}


def table_rows(source: ExportSource, table: Table) -> Batches:
    """The rows of ``table``, in batches, in the table's field order."""
    batches = _READERS[table.name](source)
    for batch in batches:
        yield batch
        if source.progress is not None:
            source.progress(len(batch))


# A JSON list of option ids (outcomes/frameworks/schema.json: "^[a-z][a-z0-9_.-]*$").
_LIST_OF_IDS = r'^\[ *("[a-z][a-z0-9_.-]*" *, *)*("[a-z][a-z0-9_.-]*")? *\]$'
# One text made of a row's values and its position (see ``table_lines``), all as text.
Line = Callable[[Sequence[ColumnElement[str]], ColumnElement[str]], ColumnElement[str]]


def table_lines(
    source: ExportSource,
    table: Table,
    line: Line,
    end: bytes,
    *,
    numbered_from: int | None = None,
) -> Iterator[tuple[bytes, int]] | None:
    """The rows of ``table``, each made into one text by ``line`` in the database (of its
    values and its position, counted from ``numbered_from``) and followed by ``end``, as
    UTF-8 in blocks of many rows (with how many); or None where rows are not read this way
    (only the tables of ``_TEXTS`` are, and only on PostgreSQL). Blocks are read in a
    thread while the caller writes the ones before."""
    texts = _TEXTS.get(table.name)
    if texts is None or source.session.get_bind().dialect.name != "postgresql":
        return None
    statement = texts(source, line, numbered_from)
    return _counted(source, in_background(_copied_lines(statement, source, end)))


def _counted(
    source: ExportSource, blocks: Iterator[tuple[bytes, int]]
) -> Iterator[tuple[bytes, int]]:
    for block, rows in blocks:
        yield block, rows
        if source.progress is not None:
            source.progress(rows)


# How COPY's text format writes the characters it escapes (backslash, and the control
# characters it names), as ``_copied_lines`` reads them back.
_COPY_ESCAPES = (
    (b"\\b", b"\b"),
    (b"\\f", b"\f"),
    (b"\\n", b"\n"),
    (b"\\r", b"\r"),
    (b"\\t", b"\t"),
    (b"\\v", b"\v"),
)


def _copied_lines(
    statement: Select[str], source: ExportSource, end: bytes
) -> Iterator[tuple[bytes, int]]:
    """The one text column of ``statement``, read with ``COPY (…) TO STDOUT``: the
    database's own fastest way out, with nothing made in Python for each row.

    In COPY's text format a line break inside a value is escaped, so every raw line
    break ends a row: it becomes ``end``, then the escapes are undone (a backslash
    first stands aside as NUL, which PostgreSQL text never holds).
    """
    connection = source.session.connection()
    # COPY takes no parameters: the values (numbers, codes, dates, patterns) are written in.
    sql = statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    pending: list[bytes] = []
    with cursor, cursor.copy(f"COPY ({sql}) TO STDOUT") as copy:
        for data in copy:
            pending.append(bytes(data))
            if len(pending) >= BATCH_SIZE:
                block = b"".join(pending)
                cut = block.rfind(b"\n") + 1
                pending = [block[cut:]] if cut < len(block) else []
                yield _unescaped(block[:cut], end)
    block = b"".join(pending)
    if block:
        yield _unescaped(block, end)


def _unescaped(block: bytes, end: bytes) -> tuple[bytes, int]:
    rows = block.count(b"\n")
    block = block.replace(b"\n", end)
    if b"\\" in block:
        block = block.replace(b"\\\\", b"\0")
        for escaped, character in _COPY_ESCAPES:
            block = block.replace(escaped, character)
        block = block.replace(b"\0", b"\\")
    return block, rows


def _stream(session: Session, statement: Select[*tuple[Any, ...]]) -> Iterator[list[Row]]:
    """Run ``statement`` through a server-side cursor, ``BATCH_SIZE`` rows at a time.

    It runs on the session's connection, not through the ORM: these are plain rows, and
    the ORM's per-row bookkeeping would cost more than everything else done with them.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # PostgreSQL plans a cursor's query to return its first rows fast (a tenth of them,
        # by default), which for a whole table is the slowest plan of all: an export
        # reads every row, so plan for that, until this transaction ends.
        connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
    result = connection.execute(statement.execution_options(yield_per=BATCH_SIZE))
    yield from result.partitions()  # type: ignore[misc]


def stream_plain(session: Session, statement: Select[*tuple[Any, ...]]) -> Iterator[list[Row]]:
    """Like ``_stream``, for the largest tables, whose columns are all plain numbers and
    text: rows come straight from the database driver as tuples, with nothing converted
    on the way, which halves what reading a national export costs.

    SQLAlchemy compiles the statement; its parameters (text, numbers and dates only) go
    to the driver as the dialect expects them. On PostgreSQL the query is streamed in
    chunks (psycopg's ``stream``) rather than through a cursor, so it is planned, and may
    run in parallel, like any other query, and memory still holds one chunk at a time.
    """
    connection = session.connection()
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    values = {
        # SQLite stores dates as ISO text, which is what SQLAlchemy would send.
        name: value.isoformat() if isinstance(value, date) and dialect.name == "sqlite" else value
        for name, value in compiled.params.items()
    }
    positions = compiled.positiontup
    parameters = [values[name] for name in positions] if positions else values
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        if dialect.name == "postgresql":
            rows = cursor.stream(compiled.string, parameters, size=BATCH_SIZE)
            while batch := list(islice(rows, BATCH_SIZE)):
                yield batch
        else:
            cursor.execute(compiled.string, parameters)
            while batch := cursor.fetchmany(BATCH_SIZE):
                yield batch
    finally:
        cursor.close()


def _utc(moment: datetime | None) -> datetime | None:
    # Whole seconds: readable in every format, and the same in each of them.
    return moment.replace(microsecond=0) if moment is not None else None


def _joined(values: list[str] | None) -> str | None:
    return ";".join(values) if values else None


def _choices_text(stored: str | None) -> str | None:
    """A stored list of option ids as ';'-separated text. Any JSON the column allows is
    read: SQL NULL, the JSON null older versions wrote, a list, or a single value."""
    if stored is None:
        return None
    chosen = json.loads(stored)
    if chosen is None or chosen == []:
        return None
    return ";".join(map(str, chosen)) if isinstance(chosen, list) else str(chosen)


def _place_rows(source: ExportSource) -> Batches:
    parent, successor = aliased(Place), aliased(Place)
    statement = (
        select(
            Place.code,
            Place.name,
            Place.kind,
            parent.code,
            successor.code,
            Place.valid_from,
            Place.valid_to,
        )
        .outerjoin(parent, Place.parent_id == parent.id)
        .outerjoin(successor, Place.superseded_by_id == successor.id)
        .where(Place.id.in_(list(source.places)))
        .order_by(Place.code)
    )
    for batch in _stream(source.session, statement):
        yield [(code, name, kind.value, *rest) for code, name, kind, *rest in batch]


def _service_rows(source: ExportSource) -> Batches:
    statement = (
        select(
            Service.id,
            Place.code,
            Service.name,
            Service.service_area,
            Service.partners,
        )
        .join(Place, Service.place_id == Place.id)
        .where(
            Service.id.in_(
                select(Review.service_id)
                .join(ReviewRevision, ReviewRevision.review_id == Review.id)
                .where(source.in_export)
            )
        )
        .order_by(Service.id)
    )
    for batch in _stream(source.session, statement):
        yield [
            (*head, area, SERVICE_AREAS.get(area, area), _joined(partners))
            for *head, area, partners in batch
        ]


def _item_rows(source: ExportSource) -> Batches:
    rows: list[Row] = []
    for version in source.versions:
        definition = source.definitions[version.id]
        core = definition
        if version.extends_version_id is not None:
            # An extension's items use the core version's scales.
            core = source.definitions.get(version.extends_version_id) or as_definition(
                version.extends_version  # type: ignore[arg-type]
            )
        for position, item in enumerate(definition.items):
            scale = core.scale(item.scale) if isinstance(item, RubricItem) else None
            rows.append(
                (
                    version.framework.slug,
                    version.version,
                    item.id,
                    position,
                    item.kind,
                    item.section,
                    item.label,
                    item.principle,
                    item.domain,
                    item.required,
                    isinstance(item, NumberItem) and item.counts_people,
                    isinstance(item, TextItem) and item.consent,
                    item.unit if isinstance(item, NumberItem) else None,
                    scale.id if scale else None,
                    "; ".join(f"{lv.value}={lv.label}" for lv in scale.levels) if scale else None,
                    "; ".join(f"{o.id}={o.label}" for o in item.options)
                    if isinstance(item, ChoiceItem)
                    else None,
                    _joined(list(item.replaces)),
                    _crosswalk(item),
                )
            )
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start : start + BATCH_SIZE]


def _crosswalk(item: Item) -> str | None:
    crosswalk = item.crosswalk if isinstance(item, RubricItem) else {}
    if not crosswalk:
        return None
    plain = {old: {str(k): v for k, v in levels.items()} for old, levels in crosswalk.items()}
    return json.dumps(plain, sort_keys=True)


# A review's local extension, beside its framework version.
_EXTENSION_VERSION = aliased(FrameworkVersion, name="extension_version")
_EXTENSION = aliased(Framework, name="extension")


def _reviews(source: ExportSource, *columns: SQLColumnExpression[Any]) -> Select[*tuple[Any, ...]]:
    """``columns`` of each exported revision, of its review, service, place, framework
    version and extension (``_EXTENSION_VERSION``)."""
    return (
        select(*columns)
        .select_from(ReviewRevision)
        .join(Review, ReviewRevision.review_id == Review.id)
        .join(Service, Review.service_id == Service.id)
        .join(Place, Service.place_id == Place.id)
        .join(FrameworkVersion, Review.framework_version_id == FrameworkVersion.id)
        .join(Framework, FrameworkVersion.framework_id == Framework.id)
        .outerjoin(_EXTENSION_VERSION, Review.extension_version_id == _EXTENSION_VERSION.id)
        .outerjoin(_EXTENSION, _EXTENSION_VERSION.framework_id == _EXTENSION.id)
        .where(source.in_export)
    )


_REVIEW_ORDER = (ReviewRevision.review_id, ReviewRevision.number)


def _review_rows(source: ExportSource) -> Batches:
    statement = _reviews(
        source,
        ReviewRevision.review_id,
        ReviewRevision.number,
        Place.id,
        Service.id,
        Review.period_start,
        Review.period_end,
        Framework.slug,
        FrameworkVersion.version,
        _EXTENSION.slug,
        _EXTENSION_VERSION.version,
        ReviewRevision.created_at,
        ReviewRevision.submitted_at,
        ReviewRevision.acknowledged_at,
        ReviewRevision.reason,
    ).order_by(*_REVIEW_ORDER)
    redact = source.query.redact_text
    # Each review keeps the code it was filed under, and gains its place's current code.
    codes = _place_codes(source)
    for batch in _stream(source.session, statement):
        yield [
            (
                review_id,
                number,
                *codes[place_id],
                *head,
                "draft" if submitted is None else "submitted",
                _utc(created),
                _utc(submitted),
                _utc(acknowledged),
                REDACTED if redact and reason else reason,
            )
            for review_id, number, place_id, *head, created, submitted, acknowledged, reason in (
                batch
            )
        ]


def _place_codes(source: ExportSource) -> dict[int, tuple[str, str]]:
    """Each place's code, and the code of the place it is now."""
    return {
        place_id: (place.code, current_place(place).code)
        for place_id, place in source.places.items()
    }


def _review_texts(source: ExportSource, line: Line, numbered_from: int | None) -> Select[str]:
    """``_review_rows`` as ``line`` makes them, made in SQL (see ``answer_texts``)."""
    reason: SQLColumnExpression[str | None] = ReviewRevision.reason
    if source.query.redact_text:
        reason = case((reason != "", REDACTED), else_=reason)
    codes = _place_codes(source)
    current = _looked_up({str(place_id): now for place_id, (_, now) in codes.items()}, Place.id)
    values = [
        cast(ReviewRevision.review_id, Text),
        cast(ReviewRevision.number, Text),
        Place.code,
        current,
        cast(Service.id, Text),
        _date_text(Review.period_start),
        _date_text(Review.period_end),
        Framework.slug,
        FrameworkVersion.version,
        _EXTENSION.slug,
        _EXTENSION_VERSION.version,
        case((ReviewRevision.submitted_at.is_(None), "draft"), else_="submitted"),
        _moment_text(ReviewRevision.created_at),
        _moment_text(ReviewRevision.submitted_at),
        _moment_text(ReviewRevision.acknowledged_at),
        reason,
    ]
    return _numbered_lines(_reviews(source), _REVIEW_ORDER, values, line, numbered_from)


def _of_exported_revisions(
    source: ExportSource,
    statement: Select[*tuple[Any, ...]],
    revision_id: SQLColumnExpression[int],
    in_export: ColumnElement[bool],
) -> Select[*tuple[Any, ...]]:
    """``statement`` (rows of one revision each) joined to their revision, review and
    service, and kept to the exported revisions (``in_export``)."""
    return (
        statement.join(ReviewRevision, revision_id == ReviewRevision.id)
        .join(Review, ReviewRevision.review_id == Review.id)
        .join(Service, Review.service_id == Service.id)
        .where(in_export)
    )


def answers_statement(source: ExportSource) -> Select[*tuple[Any, ...]]:
    """The answers query, in its stable order. The benchmark's floor runs the same SQL."""
    statement = select(
        ReviewRevision.review_id,
        ReviewRevision.number,
        Answer.item_id,
        Answer.value_text,
        Answer.value_number,
        Answer.value_level,
        # As text, on every database: the JSON list is parsed only where there is one.
        cast(Answer.value_choices, Text),
        Answer.consent_scope,
        Review.framework_version_id,
        Review.extension_version_id,
        Service.place_id,
    )
    return _of_exported_revisions(
        source, statement, Answer.revision_id, source.answers_in_export
    ).order_by(ReviewRevision.review_id, ReviewRevision.number, Answer.item_id)


def _shown_text(
    source: ExportSource,
    text: SQLColumnExpression[str | None],
    consent_scope: SQLColumnExpression[ConsentScope | None],
) -> tuple[ColumnElement[str | None], tuple[ColumnElement[bool], str]]:
    """A free text given under ``consent_scope`` as the export shows it (``[redacted]``,
    or ``[not shared]`` where ``outcomes.consent.readable`` says the exporter may not read
    it), and when it is withheld, with the reason; in a query joined to the service."""
    if source.query.redact_text:
        return case((text.is_not(None), REDACTED)), (text.is_not(None), WITHHELD_REDACTED)
    readable = consent_readable(source.text_access.actor, consent_scope, Service.place_id)
    return (
        case((text.is_(None), null()), (readable, text), else_=NOT_SHARED),
        (and_(text.is_not(None), not_(readable)), WITHHELD_NOT_SHARED),
    )


def withheld_answers(source: ExportSource) -> Select[*tuple[Any, ...]]:
    """The answers as every format writes them, with what is withheld decided in SQL,
    where the rows are read: the item's kind (from the core version, else the local
    extension), text replaced by ``[redacted]`` or ``[not shared]`` (consent, as
    ``outcomes.consent.readable`` decides it), small counts of people and numbers out of
    range left out, and the ``withheld`` reason. In ``answers_statement``'s order."""
    core, extension = aliased(FrameworkItem), aliased(FrameworkItem)
    text, number = Answer.value_text, Answer.value_number.expression
    counts_people = func.coalesce(core.counts_people, extension.counts_people, false())
    suppressed = and_(text.is_(None), counts_people, source.rule.withheld_sql(number))
    shown_text, text_withheld = _shown_text(source, text, Answer.consent_scope)
    statement = select(
        ReviewRevision.review_id,
        ReviewRevision.number,
        Answer.item_id,
        func.coalesce(core.kind, extension.kind).label("kind"),
        shown_text.label("value_text"),
        # Numbers stored before they were checked (or not finite) are left out too.
        case((suppressed, null()), (number.between(-MAX_NUMBER, MAX_NUMBER), number)).label(
            "value_number"
        ),
        Answer.value_level,
        # As text, on every database: the JSON list is parsed only where there is one.
        cast(Answer.value_choices, Text).label("value_choices"),
        Answer.consent_scope,
        case(text_withheld, (suppressed, WITHHELD_SUPPRESSED)).label("withheld"),
    )
    statement = (
        _of_exported_revisions(source, statement, Answer.revision_id, source.answers_in_export)
        .outerjoin(
            core,
            (core.version_id == Review.framework_version_id) & (core.item_id == Answer.item_id),
        )
        .outerjoin(
            extension,
            (extension.version_id == Review.extension_version_id)
            & (extension.item_id == Answer.item_id),
        )
    )
    return statement.order_by(ReviewRevision.review_id, ReviewRevision.number, Answer.item_id)


def answer_texts(source: ExportSource, line: Line, numbered_from: int | None) -> Select[str]:
    """On PostgreSQL: ``line`` of the answers, with every value already the text that
    ``_answer_rows`` makes of it (a withheld number as its marker, a whole number without
    a decimal point, chosen options joined by ';'), in the same order. ``line`` makes one
    value of a row's texts and position (such as a line of CSV, or a spreadsheet row), so
    rows need no work in Python. Positions count from ``numbered_from`` (None: none)."""
    withheld = withheld_answers(source).order_by(None).subquery()
    order = (withheld.c.review_id, withheld.c.number, withheld.c.item_id)
    # The rows are sorted here, in the order they are written (the window sorts them so
    # too): the outer query, in the same order, sorts nothing again. The values are worked
    # out once, here, in a subquery PostgreSQL does not merge into the outer one (OFFSET 0,
    # see ``_numbered_lines``): merged, the text shown (consent) was worked out again for
    # each use in the line, all of it after the parallel workers had handed the rows over;
    # this way the workers work it out, and the answers' lines took 8-15% less time.
    position = (
        cast(func.row_number().over(order_by=order) + (numbered_from - 1), Text)
        if numbered_from is not None
        else null()
    )
    answers = select(withheld, position.label("position")).order_by(*order).offset(0).subquery()
    value = answers.c.value_number
    number = case(
        (answers.c.withheld == WITHHELD_SUPPRESSED, SUPPRESSED),
        # PostgreSQL writes a whole number up to MAX_NUMBER without a decimal point or an
        # exponent, as int() does; only its -0 differs.
        (value == 0, "0"),
        else_=cast(value, Text),
    )
    stored = answers.c.value_choices
    chosen = cast(stored, postgresql.JSON)
    element = (
        func.json_array_elements_text(chosen)
        .table_valued("value", with_ordinality="position")
        .render_derived()
    )
    listed = (
        select(
            func.string_agg(
                element.c.value, postgresql.aggregate_order_by(literal(";"), element.c.position)
            )
        )
        .select_from(element)
        .scalar_subquery()
    )
    choices = case(
        (stored.is_(None), null()),
        # Nearly always a list of option ids, which hold no quote, comma or space: read as
        # text, which costs a fraction of parsing the JSON.
        (
            stored.regexp_match(_LIST_OF_IDS),
            func.nullif(func.replace(func.translate(stored, '[]" ', ""), ",", ";"), ""),
        ),
        (func.json_typeof(chosen) == "array", listed),
        (func.json_typeof(chosen) == "null", null()),
        else_=chosen.op("#>>")(literal_column("'{}'")),  # a single value, as text
    )
    as_text: list[ColumnElement[str]] = [
        cast(column, Text) for column in answers.c if column.name != "position"
    ]
    as_text[ANSWERS.field_names.index("value_number")] = number
    as_text[ANSWERS.field_names.index("value_choices")] = choices
    return select(line(as_text, answers.c.position)).order_by(
        answers.c.review_id, answers.c.number, answers.c.item_id
    )


def _answer_rows(source: ExportSource) -> Batches:
    # The loop below runs once per answer of a national export: kept to plain lookups.
    for batch in stream_plain(source.session, withheld_answers(source)):
        rows = []
        for *head, value, level, choices, consent, withheld in batch:
            if withheld == WITHHELD_SUPPRESSED:
                value = SUPPRESSED
            elif value.__class__ is float and value.is_integer():
                value = int(value)  # 12, not 12.0: most numbers are counts
            rows.append((*head, value, level, _choices_text(choices), consent, withheld))
        yield rows


def _citations(
    source: ExportSource, *columns: SQLColumnExpression[Any]
) -> Select[*tuple[Any, ...]]:
    """``columns`` of each exported revision's barrier citations."""
    statement = select(*columns).select_from(BarrierCitation)
    return _of_exported_revisions(source, statement, BarrierCitation.revision_id, source.in_export)


_CITATION_ORDER = (
    ReviewRevision.review_id,
    ReviewRevision.number,
    BarrierCitation.item_id,
    BarrierCitation.barrier_id,
)


def _barrier_titles(source: ExportSource) -> dict[int, dict[str, str]]:
    """The title of each barrier of each framework version, by the version's id."""
    return {
        version_id: {barrier.id: barrier.title for barrier in definition.barriers}
        for version_id, definition in source.definitions.items()
    }


def _citation_rows(source: ExportSource) -> Batches:
    titles = _barrier_titles(source)
    statement = _citations(
        source,
        ReviewRevision.review_id,
        ReviewRevision.number,
        BarrierCitation.item_id,
        BarrierCitation.barrier_id,
        BarrierCitation.ask,
        BarrierCitation.consent_scope,
        Review.framework_version_id,
        Service.place_id,
    ).order_by(*_CITATION_ORDER)
    readable, redact = source.text_access, source.query.redact_text
    for batch in stream_plain(source.session, statement):
        rows = []
        for review_id, number, item_id, barrier_id, ask, consent, version_id, place_id in batch:
            withheld = None
            if ask is not None:
                if redact:
                    ask, withheld = REDACTED, WITHHELD_REDACTED
                elif not readable[place_id, consent]:
                    ask, withheld = NOT_SHARED, WITHHELD_NOT_SHARED
            title = titles.get(version_id, {}).get(barrier_id)
            rows.append((review_id, number, item_id, barrier_id, title, ask, consent, withheld))
        yield rows


def _citation_texts(source: ExportSource, line: Line, numbered_from: int | None) -> Select[str]:
    """``_citation_rows`` as ``line`` makes them, made in SQL (see ``answer_texts``)."""
    titles = {str(version): barriers for version, barriers in _barrier_titles(source).items()}
    title = _looked_up(titles, Review.framework_version_id, BarrierCitation.barrier_id)
    ask, withheld = _shown_text(source, BarrierCitation.ask, BarrierCitation.consent_scope)
    values = [
        cast(ReviewRevision.review_id, Text),
        cast(ReviewRevision.number, Text),
        BarrierCitation.item_id,
        BarrierCitation.barrier_id,
        title,
        ask,
        cast(BarrierCitation.consent_scope, Text),
        case(withheld),
    ]
    return _numbered_lines(_citations(source), _CITATION_ORDER, values, line, numbered_from)


def _looked_up(table: dict[str, Any], *keys: SQLColumnExpression[Any]) -> ColumnElement[str]:
    """``table[key][…]`` in SQL (None where a key is missing), with ``table`` (text by
    text keys) written into the query as JSON: what is known in Python (a barrier's
    title, a place's current code) looked up by each row, however many or few there are."""
    lookup = cast(literal(json.dumps(table, sort_keys=True)), postgresql.JSONB)
    return func.jsonb_extract_path_text(lookup, *(cast(key, Text) for key in keys))


def _date_text(day: SQLColumnExpression[date]) -> ColumnElement[str]:
    """A date as Python writes it (``2025-04-01``), whatever the session's DateStyle."""
    return func.to_char(day, "YYYY-MM-DD")


def _moment_text(moment: SQLColumnExpression[datetime | None]) -> ColumnElement[str]:
    """A time as ``provenance.timestamp`` writes it: UTC, whole seconds (truncated, as
    ``_utc`` does), ``2025-04-01T09:30:00Z``."""
    return func.to_char(func.timezone("UTC", moment), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')


def _numbered_lines(
    statement: Select[*tuple[Any, ...]],
    order: tuple[SQLColumnExpression[Any], ...],
    values: list[SQLColumnExpression[Any]],
    line: Line,
    numbered_from: int | None,
) -> Select[str]:
    """``line`` of ``values`` (a row's values, in the table's field order, made text) read
    by ``statement`` (its tables and conditions) in ``order``, with each row's position
    counted from ``numbered_from`` (None: none).

    The values are worked out, and sorted, in a subquery of their own that PostgreSQL
    cannot merge into the outer query (OFFSET 0): merged, each value's expression would
    be worked out again wherever ``line`` reads it (a free text up to six times), as the
    answers' were (``answer_texts``)."""
    position: ColumnElement[Any] = (
        cast(func.row_number().over(order_by=order) + (numbered_from - 1), Text)
        if numbered_from is not None
        else null()
    )
    keys: list[Label[Any]] = [key.label(f"key_{index}") for index, key in enumerate(order)]
    texts = [cast(value, Text).label(f"value_{index}") for index, value in enumerate(values)]
    rows = (
        statement.with_only_columns(*texts, *keys, position.label("position"))
        .order_by(*order)
        .offset(0)
        .subquery()
    )
    made = line([rows.c[text.name] for text in texts], rows.c.position)
    # The same order again: PostgreSQL knows the subquery's rows come in it.
    return select(made).order_by(*(rows.c[key.name] for key in keys))


def _feedback_rows(source: ExportSource) -> Select[*tuple[Any, ...]]:
    """Feedback on the exported revisions (export every revision for all of it)."""
    return (
        select(
            Feedback.id,
            Feedback.review_id,
            Feedback.revision_number,
            Feedback.parent_id,
            User.role,
            Feedback.body,
            Feedback.created_at,
        )
        .join(User, Feedback.author_id == User.id)
        .join(
            ReviewRevision,
            (ReviewRevision.review_id == Feedback.review_id)
            & (ReviewRevision.number == Feedback.revision_number),
        )
        .where(source.in_export)
        .order_by(Feedback.id)
    )


def _feedback_table(source: ExportSource) -> Batches:
    redact = source.query.redact_text
    for batch in _stream(source.session, _feedback_rows(source)):
        yield [
            (*ids, role.value, REDACTED if redact else body, _utc(created))
            for *ids, role, body, created in batch
        ]


_READERS: dict[str, Callable[[ExportSource], Batches]] = {
    PLACES.name: _place_rows,
    SERVICES.name: _service_rows,
    ITEMS.name: _item_rows,
    REVIEWS.name: _review_rows,
    ANSWERS.name: _answer_rows,
    BARRIER_CITATIONS.name: _citation_rows,
    FEEDBACK.name: _feedback_table,
    **NATIONAL_READERS,
}

# The tables whose rows ``table_lines`` has PostgreSQL make as text: all but the smallest
# (places, items and the national tables are a few hundred rows at national scale).
_TEXTS: dict[str, Callable[[ExportSource, Line, int | None], Select[str]]] = {
    REVIEWS.name: _review_texts,
    ANSWERS.name: answer_texts,
    BARRIER_CITATIONS.name: _citation_texts,
}
