"""The report's SQL: a fixed handful of GROUP BY queries, however many places it covers.

The answers come from the read model (``outcomes.reports.readmodel``), already the
latest submitted revision of each review with places as they are now; citations, asks
and coverage start from ``scope.submitted_reviews`` (the shared definition of which
reviews are in scope) and read the latest submitted revision of each. The lineage
of items (same item, or a crosswalk of levels) is joined in as two small VALUES tables,
so mapping answers across versions happens in the database too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Date,
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
    union_all,
    values,
)
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.consent import readable
from outcomes.disclosure import DisclosureRule
from outcomes.lazy import lazy
from outcomes.reports.lineage import Lineage
from outcomes.reports.readmodel import ComparisonAnswer
from outcomes.reviews.models import BarrierCitation, Review
from outcomes.services.models import Service

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")


@dataclass(frozen=True)
class LineageTables:
    """The lineage as two small VALUES tables: which items count as which (``items``),
    and, for rubric items, how their levels carry over (``levels``, one set of rows for
    each distinct mapping, named by ``crosswalk``). ``merged`` marks the items that
    several items of one version reach (``merges``: whether any does)."""

    items: CTE
    levels: CTE
    merges: bool


def lineage_tables(lineage: Lineage, version_ids: Mapping[str, int]) -> LineageTables:
    mappings: dict[tuple[tuple[int, int], ...], int] = {}
    items: list[tuple[int, str, str, str, int | None, str, int, int]] = []
    sources = Counter(
        (link.version, link.target_item) for link in lineage.links if link.version in version_ids
    )
    levels: list[tuple[int, int, int]] = []
    for link in lineage.links:
        if link.version not in version_ids:
            continue
        crosswalk = None
        if link.levels is not None:
            pairs = tuple(sorted(link.levels.items()))
            if pairs not in mappings:
                mappings[pairs] = len(mappings) + 1
                levels += [(mappings[pairs], old, new) for old, new in pairs]
            crosswalk = mappings[pairs]
        items.append(
            (
                version_ids[link.version],
                link.source_item,
                link.target_item,
                link.via,
                crosswalk,
                link.merge,
                link.rank,
                int(sources[(link.version, link.target_item)] > 1),
            )
        )
    item_table = values(
        column("version_id", Integer),
        column("source_item", String),
        column("target_item", String),
        column("via", String),
        column("crosswalk", Integer),
        column("merge", String),
        column("rank", Integer),
        column("merged", Integer),
        name="lineage_items",
    )
    level_table = values(
        column("crosswalk", Integer),
        column("source_level", Integer),
        column("target_level", Integer),
        name="lineage_levels",
    )
    # VALUES cannot be empty; a row no answer can match keeps the query valid.
    return LineageTables(
        item_table.data(items or [(-1, "", "", "target", None, "first", 0, 0)]).cte(
            "lineage_items"
        ),
        level_table.data(levels or [(-1, 0, 0)]).cte("lineage_levels"),
        any(count > 1 for count in sources.values()),
    )


ANSWER_COLUMNS = (
    "grain",
    "place_id",
    "service_area",
    "period_start",
    "period_end",
    "version_id",
    "source_item",
    "target_item",
    "level",
    "via",
    "focus",
    "answers",
    "total",
    "withheld",
    "latest_review",
)


def answer_aggregates(
    session: Session,
    in_scope: Sequence[ColumnElement[bool]],
    lineage: LineageTables,
    focus_place_id: int | None,
    rule: DisclosureRule,
) -> pd.DataFrame:
    """Counted answers, in one statement, at the two grains the report needs.

    The answers come from the read model (``outcomes.reports.readmodel``: the latest
    submitted revision of each review, places as they are now), narrowed by
    ``in_scope``. The answers the lineage counts (rubric levels mapped to the target's
    levels, and numbers) are named once, as a CTE the database evaluates once, and
    grouped twice, told apart by ``grain``:

    - ``place``: per current place, service area, item and level (NULL for numbers),
      with the sum of the numbers ``rule`` discloses (``total``), how many it withholds
      (``withheld``) and the latest review. The only numbers a report compares are
      counts of people (``lineage.compared_items``), so the rule applies to each; a
      withheld number is in no total, whatever the grouping or the filters;
    - ``period``: per period, version, source item, item, level and how mapped, and
      whether from the followed place (``focus``).

    A review counts once per item: where several of its answers reach one item (a
    merge), the merge rule of the lineage picks one of them (``_one_per_review``).
    """
    items, levels = lineage.items, lineage.levels
    answer = ComparisonAnswer
    focus = (
        case((answer.current_place_id == focus_place_id, 1), else_=0)
        if focus_place_id is not None
        else literal(0, Integer)
    )
    candidates = (
        select(
            answer.current_place_id.label("place_id"),
            answer.service_area,
            answer.period_start,
            answer.period_end,
            answer.version_id,
            answer.review_id,
            items.c.source_item,
            items.c.target_item,
            levels.c.target_level.label("level"),
            items.c.via,
            focus.label("focus"),
            answer.number.label("value_number"),
            items.c.merge,
            items.c.rank,
            items.c.merged,
        )
        .join(
            items,
            and_(
                items.c.version_id == answer.version_id,
                items.c.source_item == answer.item_id,
            ),
        )
        .outerjoin(
            levels,
            and_(
                levels.c.crosswalk == items.c.crosswalk,
                levels.c.source_level == answer.level,
            ),
        )
        # A rubric answer counts only at a level its crosswalk maps; numbers have none.
        .where(or_(items.c.crosswalk.is_(None), levels.c.target_level.is_not(None)), *in_scope)
        .cte("candidates")
    )
    rated = _one_per_review(candidates, lineage.merges)
    statement = union_all(
        _grouped(rated, rule, "place", "place_id", "service_area", "target_item", "level"),
        _grouped(
            rated,
            rule,
            "period",
            "period_start",
            "period_end",
            "version_id",
            "source_item",
            "target_item",
            "level",
            "via",
            "focus",
        ),
    )
    return _frame(session.execute(statement).all(), ANSWER_COLUMNS)


def _one_per_review(candidates: CTE, merges: bool) -> CTE:
    """One answer per review and item, chosen by the item's merge rule.

    Only an item that several items of one version reach (``merged``) can find several
    answers in one review (a revision answers each item once): the others are kept as
    they are, and without any merge in the lineage nothing needs choosing.

    The answers are numbered within each review and item in the order the rule reads
    them (by value for lowest, median and highest; by rank for first); the rule keeps
    the first of them, or for the median the middle one (the lower middle of an even
    number, so always an answer someone gave).
    """
    if not merges:
        return candidates
    c = candidates.c
    value = func.coalesce(c.level, c.value_number)
    order = case(
        (c.merge == "highest", -value),
        (c.merge == "first", c.rank),
        else_=value,
    )
    per_review = (c.review_id, c.target_item)
    numbered = (
        select(
            *(c[name] for name in _RATED),
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
        select(*(c[name] for name in _RATED)).where(c.merged == 0),
        select(*(numbered.c[name] for name in _RATED)).where(numbered.c.pick == wanted),
    ).cte("rated")


_RATED = (
    "place_id",
    "service_area",
    "period_start",
    "period_end",
    "version_id",
    "review_id",
    "source_item",
    "target_item",
    "level",
    "via",
    "focus",
    "value_number",
    "merge",
    "rank",
)


def _frame(rows: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    """Rows as a DataFrame, built column by column (much faster than row by row)."""
    data = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    return pd.DataFrame(dict(zip(columns, data, strict=True)), columns=list(columns))


_TYPES = {
    "place_id": Integer,
    "service_area": String,
    "period_start": Date,
    "period_end": Date,
    "version_id": Integer,
    "source_item": String,
    "target_item": String,
    "level": Integer,
    "via": String,
    "focus": Integer,
}


def _grouped(rated: CTE, rule: DisclosureRule, grain: str, *keys: str) -> Select[*tuple[Any, ...]]:
    """One grouping of the rated answers by the columns named ``keys``, with every column
    of ANSWER_COLUMNS (NULL where unused), so that the groupings can be stacked."""
    columns: list[ColumnElement[Any]] = [literal(grain, String).label("grain")]
    for name, kind in _TYPES.items():
        columns.append(rated.c[name] if name in keys else cast(null(), kind).label(name))
    columns += [
        func.count(rated.c.review_id).label("answers"),
        func.sum(rule.disclosed_sql(rated.c.value_number)).label("total"),
        func.sum(case((rule.withheld_sql(rated.c.value_number), 1), else_=0)).label("withheld"),
        func.max(rated.c.review_id).label("latest_review"),
    ]
    return select(*columns).group_by(*(rated.c[name] for name in keys))


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
    return _frame(session.execute(statement).all(), CITATION_COLUMNS)


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
    ordered = statement.order_by(
        Review.period_start.desc(), Service.place_id, Review.id, BarrierCitation.id
    )
    if limit is None:
        found = _frame(session.execute(ordered).all(), ASK_COLUMNS)
        return found, len(found)
    found = _frame(session.execute(ordered.limit(limit)).all(), ASK_COLUMNS)
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
    return _frame(session.execute(statement).all(), COVERAGE_COLUMNS)
