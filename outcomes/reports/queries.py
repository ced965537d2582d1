"""The report's SQL: a fixed handful of GROUP BY queries, however many places it covers.

The answers come from the read model (``outcomes.reports.readmodel``), already the
latest submitted revision of each review with places as they are now; citations, asks
and coverage start from ``scope.submitted_reviews`` (the shared definition of which
reviews are in scope) and read the latest submitted revision of each. The lineage
of items (same item, or a crosswalk of levels) is joined in as a small VALUES table and a
CASE, so mapping answers across versions happens in the database too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Executable,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    column,
    false,
    func,
    literal,
    null,
    or_,
    select,
    tuple_,
    union_all,
    values,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from outcomes.accounts.access import Actor
from outcomes.consent import readable
from outcomes.disclosure import DisclosureRule
from outcomes.lazy import lazy
from outcomes.reports.lineage import Lineage
from outcomes.reports.readmodel import TABLE, ComparisonAnswer
from outcomes.reviews.models import BarrierCitation, Review
from outcomes.services.models import Service

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")


@dataclass(frozen=True)
class LineageTables:
    """The lineage as a small VALUES table of which items count as which (``items``),
    and, for rubric items, how their levels carry over (``levels``: each distinct
    mapping of levels, numbered from 1 by ``items.crosswalk``, as old level to new;
    applied by ``target_level``). ``merged`` marks the items that several items of one
    version reach (``merges``: whether any does).

    Each row of ``items`` is numbered (``link``, a position in ``links``: version id,
    source item, target item, how mapped) and names its target item by number
    (``target``, a position in ``targets``), so that the answers are grouped by small
    integers and the names are put back on the few grouped rows in pandas.

    A rubric item whose levels count as answered (``ItemLink.as_answered``: the target
    version's own items, and items unchanged since) has crosswalk 0 and no mapping;
    ``as_answered`` says whether any has."""

    items: CTE
    levels: tuple[tuple[tuple[int, int], ...], ...]
    merges: bool
    links: tuple[tuple[int, str, str, str], ...]
    targets: tuple[str, ...]
    as_answered: bool

    def target_level(self, level: ColumnElement[Any]) -> ColumnElement[Any]:
        """``level`` (of the answer an ``items`` row matched) on the target's scale, NULL
        where its crosswalk maps no such level or it has no crosswalk (a number). A CASE
        rather than a join: a handful of levels, looked up for every answer. Where no
        item needs a crosswalk, the level itself: every aggregate of a report names the
        level, and PostgreSQL works the CASE out again for each (a third of the time of
        a national report's count per place)."""
        if not self.levels:
            return level if self.as_answered else cast(null(), Integer)
        mapped: dict[int, ColumnElement[Any]] = {
            number: case(dict(pairs), value=level)
            for number, pairs in enumerate(self.levels, start=1)
        }
        if self.as_answered:
            mapped[0] = level
        return case(mapped, value=self.items.c.crosswalk)


def lineage_tables(lineage: Lineage, version_ids: Mapping[str, int], dialect: str) -> LineageTables:
    mappings: dict[tuple[tuple[int, int], ...], int] = {}
    items: list[tuple[int, int, int, str, int | None, str, int, int]] = []
    links: list[tuple[int, str, str, str]] = []
    targets: dict[str, int] = {}
    sources = Counter(
        (link.version, link.target_item) for link in lineage.links if link.version in version_ids
    )
    for link in lineage.links:
        if link.version not in version_ids:
            continue
        crosswalk = None
        if link.as_answered:
            crosswalk = 0
        elif link.levels is not None:
            pairs = tuple(sorted(link.levels.items()))
            crosswalk = mappings.setdefault(pairs, len(mappings) + 1)
        items.append(
            (
                len(links),
                version_ids[link.version],
                targets.setdefault(link.target_item, len(targets)),
                link.source_item,
                crosswalk,
                link.merge,
                link.rank,
                int(sources[(link.version, link.target_item)] > 1),
            )
        )
        links.append((version_ids[link.version], link.source_item, link.target_item, link.via))
    item_columns = (
        ("link", Integer),
        ("version_id", Integer),
        ("target", Integer),
        ("source_item", String),
        ("crosswalk", Integer),
        ("merge", String),
        ("rank", Integer),
        ("merged", Integer),
    )
    # A table cannot be empty; a row no answer can match keeps the query valid.
    return LineageTables(
        rows_table(
            "lineage_items",
            item_columns,
            items or [(-1, -1, -1, "", None, "first", 0, 0)],
            dialect,
        ),
        tuple(mappings),
        any(count > 1 for count in sources.values()),
        tuple(links),
        tuple(targets),
        any(link.as_answered for link in lineage.links if link.version in version_ids),
    )


def rows_table(
    name: str,
    columns: Sequence[tuple[str, type[TypeEngine[Any]]]],
    rows: Sequence[Sequence[Any]],
    dialect: str,
) -> CTE:
    """A small table of ``rows`` (at least one) named ``name``, with ``columns`` (name
    and type), for a statement on ``dialect`` to join.

    On PostgreSQL, SELECTs of typed bound values joined by UNION ALL: SQLAlchemy caches no
    statement that holds VALUES, and compiling each report's answer statements afresh
    cost about 35 ms nationally. SQLite keeps VALUES, which its planner joins far better
    (the places' statement took 0.54 s against 0.23 s nationally with UNION ALL)."""
    if dialect == "sqlite":
        table = values(*(column(column_name, kind) for column_name, kind in columns), name=name)
        return table.data([tuple(row) for row in rows]).cte(name)
    selects = [
        select(
            *(
                cast(literal(value), kind).label(column_name)
                for (column_name, kind), value in zip(columns, row, strict=True)
            )
        )
        for row in rows
    ]
    return (union_all(*selects) if len(selects) > 1 else selects[0]).cte(name)


PERIOD_COLUMNS = (
    "period_start",
    "period_end",
    "version_id",
    "source_item",
    "target_item",
    "level",
    "via",
    "focus",
    "answers",
)


@dataclass(frozen=True)
class Answers:
    """Counted answers at the two grains a report needs.

    ``places``: one row per current place and item (``target_item``), the followed
    place's per service area (``service_area``; None for the others): how many
    answers (``answers``), how many at each level (``level_<value>``; for who to learn
    from also the latest review at each, ``latest_<value>``, NaN where none),
    ``levelled`` (answers with a level: none for a number item), the sum of the
    numbers the rule discloses (``total``) and how many it withholds (``withheld``).

    ``periods``: how many answers (``answers``) per period, version, source item, item,
    level (NaN for numbers) and how mapped (``PERIOD_COLUMNS``), and whether from the
    followed place (``focus``): only answers are counted per period (the changes over
    time and the versions used), so no number is summed there."""

    places: pd.DataFrame
    periods: pd.DataFrame


def answer_aggregates(
    session: Session,
    in_scope: Sequence[ColumnElement[bool]],
    lineage: LineageTables,
    focus_place_id: int | None,
    rule: DisclosureRule,
    levels: Sequence[int],
) -> Answers:
    """Counted answers (``Answers``), in two statements over the same answers.

    The answers come from the read model (``outcomes.reports.readmodel``: the latest
    submitted revision of each review, places as they are now), narrowed by
    ``in_scope``, and the lineage counts them (rubric levels mapped to the target's
    levels, and numbers). The only numbers a report compares are counts of people
    (``lineage.compared_items``), so ``rule`` applies to each; a withheld number is in
    no total, whatever the grouping or the filters. Per place, the levels are counted
    as columns (``levels``, the target's level values), so that a row holds every
    level of one item; the followed place's by service area too (who to learn from
    compares service areas, nothing else does).

    A review counts once per item: where several of its answers reach one item (a
    merge), the merge rule of the lineage picks one of them (``_one_per_review``).
    """
    area = (
        case((ComparisonAnswer.current_place_id == focus_place_id, ComparisonAnswer.service_area))
        if focus_place_id is not None
        else cast(null(), String)
    )
    rated = _rated(lineage, in_scope, focus_place_id, area)
    periods = _frame(
        _rows(session, _per_period(rated)),
        ["period_start", "period_end", "link", "level", "focus", "answers"],
    )
    return Answers(
        _places(session, rated, lineage, rule, levels, latest=False),
        _named_links(periods, lineage.links),
    )


def area_aggregates(
    session: Session,
    in_scope: Sequence[ColumnElement[bool]],
    lineage: LineageTables,
    rule: DisclosureRule,
    levels: Sequence[int],
    wanted: Sequence[tuple[str, str]],
) -> pd.DataFrame:
    """Answers counted per place and service area for the pairs of item and service
    area ``wanted`` only, as ``Answers.places``: who to learn from reads every place's
    levels where the followed place's are low, and nowhere else (no statement where
    they are nowhere low)."""
    targets = {name: number for number, name in enumerate(lineage.targets)}
    # Each pair once: joined, a pair listed twice would count its answers twice.
    pairs = sorted({(targets[item], area) for item, area in wanted if item in targets})
    if not pairs:
        columns = ["place_id", "service_area", "target_item", *_counted(levels, latest=True)]
        return pd.DataFrame(columns=columns)
    by_area = TABLE.c.service_area
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        # SQLite looks each answer up in an IN list of pairs quickly (0.10 s nationally,
        # against 0.42 s joined to the pairs as a table).
        chosen = tuple_(lineage.items.c.target, by_area).in_(pairs)
        rated = _rated(lineage, [*in_scope, chosen], None, by_area)
    else:
        # PostgreSQL tries such a list pair by pair for every answer: joined to the pairs
        # as a small table, about a third quicker nationally.
        kinds = (("target", Integer), ("service_area", String))
        table = rows_table("wanted", kinds, pairs, dialect)
        rated = _rated(lineage, in_scope, None, by_area, table)
    return _places(session, rated, lineage, rule, levels, latest=True)


def _rated(
    lineage: LineageTables,
    in_scope: Sequence[ColumnElement[bool]],
    focus_place_id: int | None,
    area: ColumnElement[Any],
    pairs: CTE | None = None,
) -> CTE:
    """The answers the lineage counts, one per review and item, with the service area
    ``area`` (which may be NULL) and whether from the followed place (``focus``); with
    ``pairs`` (target item number and service area), of those pairs only."""
    items = lineage.items
    level = lineage.target_level(TABLE.c.level)
    answer = ComparisonAnswer
    focus = (
        case((answer.current_place_id == focus_place_id, 1), else_=0)
        if focus_place_id is not None
        else literal(0, Integer)
    )
    columns: list[ColumnElement[Any]] = [
        answer.current_place_id.label("place_id"),
        area.label("service_area"),
        answer.period_start.label("period_start"),
        answer.period_end.label("period_end"),
        answer.review_id.label("review_id"),
        items.c.link,
        items.c.target,
        level.label("level"),
        focus.label("focus"),
        answer.number.label("value_number"),
    ]
    kept = [column.name for column in columns]
    if lineage.merges:
        columns += [items.c.source_item, items.c.merge, items.c.rank, items.c.merged]
    joined = select(*columns).join(
        items,
        and_(
            items.c.version_id == answer.version_id,
            items.c.source_item == answer.item_id,
        ),
    )
    if pairs is not None:
        joined = joined.join(
            pairs,
            and_(pairs.c.target == items.c.target, pairs.c.service_area == answer.service_area),
        )
    candidates = joined.where(
        # A rubric answer counts only at a level its crosswalk maps; numbers have none.
        or_(items.c.crosswalk.is_(None), level.is_not(None)),
        *in_scope,
    ).cte("candidates")
    return _one_per_review(candidates, kept) if lineage.merges else candidates


def _places(
    session: Session,
    rated: CTE,
    lineage: LineageTables,
    rule: DisclosureRule,
    levels: Sequence[int],
    *,
    latest: bool,
) -> pd.DataFrame:
    """Answers counted per place, service area and item; with the latest review at
    each level only where ``latest`` (who to learn from names one, nothing else does:
    a dozen aggregates of a CASE each over every answer cost the database more than
    reading them)."""
    keys = ["place_id", "service_area", "target"]
    statement = _per_place(rated, rule, levels, keys, latest=latest)
    places = _frame(_rows(session, statement), [*keys, *_counted(levels, latest=latest)])
    places.insert(2, "target_item", _names(places.target, lineage.targets))
    return places.drop(columns="target")


def _counted(levels: Sequence[int], *, latest: bool) -> list[str]:
    return [
        "answers",
        "total",
        "withheld",
        "levelled",
        *(f"level_{value}" for value in levels),
        *(f"latest_{value}" for value in levels if latest),
    ]


def _per_place(
    rated: CTE, rule: DisclosureRule, levels: Sequence[int], keys: Sequence[str], *, latest: bool
) -> Select[*tuple[Any, ...]]:
    level, number = rated.c.level, rated.c.value_number
    return select(
        *(rated.c[name] for name in keys),
        func.count(rated.c.review_id).label("answers"),
        func.sum(rule.disclosed_sql(number)).label("total"),
        func.sum(case((rule.withheld_sql(number), 1), else_=0)).label("withheld"),
        func.count(level).label("levelled"),
        *(func.sum(case((level == value, 1), else_=0)).label(f"level_{value}") for value in levels),
        *(
            func.max(case((level == value, rated.c.review_id))).label(f"latest_{value}")
            for value in (levels if latest else ())
        ),
    ).group_by(*(rated.c[name] for name in keys))


def _per_period(rated: CTE) -> Select[*tuple[Any, ...]]:
    keys = [rated.c[name] for name in ("period_start", "period_end", "link", "level", "focus")]
    return select(*keys, func.count(rated.c.review_id).label("answers")).group_by(*keys)


def _names(numbers: pd.Series, names: Sequence[str]) -> pd.Series:
    return pd.Series(list(names)).take(numbers.to_numpy()).reset_index(drop=True)


def _named_links(periods: pd.DataFrame, links: Sequence[tuple[int, str, str, str]]) -> pd.DataFrame:
    """The period rows with each link's version, source item, target item and how
    mapped in place of its number."""
    named = pd.DataFrame(list(links), columns=["version_id", "source_item", "target_item", "via"])
    found = named.take(periods.link.to_numpy()).reset_index(drop=True)
    return pd.concat([periods.drop(columns="link"), found], axis=1)[list(PERIOD_COLUMNS)]


def _one_per_review(candidates: CTE, kept: Sequence[str]) -> CTE:
    """One answer per review and item, chosen by the item's merge rule (columns
    ``kept``).

    Only an item that several items of one version reach (``merged``) can find several
    answers in one review (a revision answers each item once): the others are kept as
    they are.

    The answers are numbered within each review and item in the order the rule reads
    them (by value for lowest, median and highest; by rank for first); the rule keeps
    the first of them, or for the median the middle one (the lower middle of an even
    number, so always an answer someone gave).
    """
    c = candidates.c
    value = func.coalesce(c.level, c.value_number)
    order = case(
        (c.merge == "highest", -value),
        (c.merge == "first", c.rank),
        else_=value,
    )
    per_review = (c.review_id, c.target)
    numbered = (
        select(
            *(c[name] for name in kept),
            c.merge,
            func.row_number()
            .over(partition_by=per_review, order_by=(order, c.rank, c.source_item))
            .label("pick"),
            func.count().over(partition_by=per_review).label("n"),
        )
        .where(c.merged == 1)
        .subquery("numbered")
    )
    wanted = case(
        (numbered.c.merge == "median", (numbered.c.n + 1) // 2),
        else_=1,
    )
    return union_all(
        select(*(c[name] for name in kept)).where(c.merged == 0),
        select(*(numbered.c[name] for name in kept)).where(numbered.c.pick == wanted),
    ).cte("rated")


def _rows(session: Session, statement: Executable) -> Sequence[Any]:
    """The rows of ``statement`` as plain tuples, read through the session's connection:
    the ORM's handling of each row costs more than the query itself for the tens of
    thousands of rows a national report reads. Pending changes are flushed first, as
    ``session.execute`` would."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement).all()


def _frame(rows: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    """Rows as a DataFrame, built column by column (much faster than row by row)."""
    data = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    return pd.DataFrame(dict(zip(columns, data, strict=True)), columns=list(columns))


CITATION_COLUMNS = ("place_id", "period_start", "period_end", "barrier", "reviews", "latest_review")


def citation_counts(session: Session, reviews: Select[*tuple[Any, ...]]) -> pd.DataFrame:
    """Reviews citing each barrier, per place and period."""
    statement = (
        reviews.with_only_columns(
            Service.place_id,
            Review.period_start,
            Review.period_end,
            BarrierCitation.barrier_id,
            func.count(func.distinct(Review.id)),
            func.max(Review.id),
        )
        .join(BarrierCitation, BarrierCitation.revision_id == Review.current_revision_id)
        .group_by(
            Service.place_id, Review.period_start, Review.period_end, BarrierCitation.barrier_id
        )
        .order_by(None)
    )
    return _frame(_rows(session, statement), CITATION_COLUMNS)


ASK_COLUMNS = (
    "place_id",
    "service",
    "service_area",
    "period_start",
    "period_end",
    "barrier",
    "ask",
    "review_id",
)


def readable_asks(
    session: Session,
    reviews: Select[*tuple[Any, ...]],
    actor: Actor,
    barrier: str | None,
    limit: int | None = None,
) -> tuple[pd.DataFrame, int]:
    """The asks of government written in reviews in scope that ``actor`` may read, the
    latest periods first, with how many there are in all. With ``limit``, only the first
    ``limit`` are read, and the database counts the rest."""
    statement = (
        reviews.with_only_columns(
            Service.place_id,
            Service.name,
            Service.service_area,
            Review.period_start,
            Review.period_end,
            BarrierCitation.barrier_id,
            BarrierCitation.ask,
            Review.id,
        )
        .join(BarrierCitation, BarrierCitation.revision_id == Review.current_revision_id)
        .where(
            BarrierCitation.ask.is_not(None),
            BarrierCitation.ask != "",
            readable(actor, BarrierCitation.consent_scope, Service.place_id),
        )
    )
    if barrier:
        statement = statement.where(BarrierCitation.barrier_id == barrier)
    # In place of the reviews' own order (oldest first), not after it.
    ordered = statement.order_by(None).order_by(
        Review.period_start.desc(), Service.place_id, Review.id, BarrierCitation.id
    )
    if limit is None:
        found = _frame(_rows(session, ordered), ASK_COLUMNS)
        return found, len(found)
    found = _frame(_rows(session, ordered.limit(limit)), ASK_COLUMNS)
    if len(found) < limit:
        return found, len(found)
    counting = select(func.count()).select_from(
        statement.order_by(None).with_only_columns(BarrierCitation.id).subquery()
    )
    return found, int(session.execute(counting).scalar_one())


COVERAGE_COLUMNS = (
    "service_id",
    "place_id",
    "service",
    "service_area",
    "version_id",
    "reviews",
    "periods",
    "first_period",
    "last_period",
)


def coverage_counts(
    session: Session,
    reviews: Select[*tuple[Any, ...]],
    place_ids: set[int] | None,
    service_areas: Sequence[str],
) -> pd.DataFrame:
    """Every service in the chosen places and areas, with the reviews it filed in scope
    per version (no version and no reviews where it filed none)."""
    # Grouped before the join, so the database counts each service's reviews once.
    filed = (
        reviews.with_only_columns(
            Review.service_id.label("service_id"),
            Review.framework_version_id.label("version_id"),
            func.count(Review.id).label("reviews"),
            func.count(func.distinct(Review.period_start)).label("periods"),
            func.min(Review.period_start).label("first_period"),
            func.max(Review.period_end).label("last_period"),
        )
        .group_by(Review.service_id, Review.framework_version_id)
        .order_by(None)
        .subquery("filed")
    )
    statement = select(
        Service.id,
        Service.place_id,
        Service.name,
        Service.service_area,
        filed.c.version_id,
        func.coalesce(filed.c.reviews, 0),
        func.coalesce(filed.c.periods, 0),
        filed.c.first_period,
        filed.c.last_period,
    ).outerjoin(filed, filed.c.service_id == Service.id)
    if place_ids is not None:
        statement = statement.where(Service.place_id.in_(place_ids) if place_ids else false())
    if service_areas:
        statement = statement.where(Service.service_area.in_(service_areas))
    return _frame(_rows(session, statement), COVERAGE_COLUMNS)
