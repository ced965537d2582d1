"""The report's SQL: a fixed handful of GROUP BY queries, however many places it covers.

Every query starts from ``scope.submitted_reviews`` (the shared definition of which
reviews are in scope) and reads the latest submitted revision of each. The lineage
of items (same item, or a crosswalk of levels) is joined in as a small VALUES table,
so mapping answers across versions happens in the database too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from sqlalchemy import (
    CTE,
    ColumnElement,
    Date,
    Integer,
    Select,
    String,
    and_,
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
from outcomes.reports.lineage import Lineage
from outcomes.reviews.models import Answer, BarrierCitation, Review
from outcomes.services.models import Service


def lineage_table(lineage: Lineage, version_ids: Mapping[str, int]) -> CTE:
    """One row per (version, source item, source level) that the target version counts.

    Number items have no levels: their rows carry NULL levels.
    """
    rows: list[tuple[int, str, int | None, str, int | None, str]] = []
    for link in lineage.links:
        if link.version not in version_ids:
            continue
        version_id = version_ids[link.version]
        if link.levels is None:
            rows.append((version_id, link.source_item, None, link.target_item, None, link.via))
        else:
            rows.extend(
                (version_id, link.source_item, old, link.target_item, new, link.via)
                for old, new in sorted(link.levels.items())
            )
    table = values(
        column("version_id", Integer),
        column("source_item", String),
        column("source_level", Integer),
        column("target_item", String),
        column("target_level", Integer),
        column("via", String),
        name="lineage",
    )
    # VALUES cannot be empty; a row no answer can match keeps the query valid.
    return table.data(rows or [(-1, "", None, "", None, "target")]).cte("lineage")


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
    "answers",
    "total",
    "latest_review",
)


def answer_aggregates(
    session: Session, reviews: Select[Any], lineage: CTE, focus_place_ids: Sequence[int]
) -> pd.DataFrame:
    """Counted answers at the grains the report needs, in one statement.

    The joined answers are named once (a CTE the database evaluates once) and grouped
    several ways, told apart by ``grain``:

    - ``place``: levels per place, service area and item, with the latest review;
    - ``period``: levels per period and item, over every place;
    - ``focus``: the same for the chosen place (and its former codes) only;
    - ``measure``: counts of people per place and item, summed;
    - ``source``: answers per version, source item and target item, and how mapped.
    """
    rated = (
        reviews.with_only_columns(
            Service.place_id.label("place_id"),
            Service.service_area.label("service_area"),
            Review.period_start.label("period_start"),
            Review.period_end.label("period_end"),
            Review.framework_version_id.label("version_id"),
            Review.id.label("review_id"),
            lineage.c.source_item,
            lineage.c.target_item,
            lineage.c.target_level.label("level"),
            lineage.c.via,
            Answer.value_number,
        )
        .join(Answer, Answer.revision_id == Review.current_revision_id)
        .join(
            lineage,
            and_(
                lineage.c.version_id == Review.framework_version_id,
                lineage.c.source_item == Answer.item_id,
                or_(
                    lineage.c.source_level == Answer.value_level,
                    and_(lineage.c.source_level.is_(None), Answer.value_level.is_(None)),
                ),
            ),
        )
        .order_by(None)
        .cte("rated")
    )
    rubric = rated.c.level.is_not(None)
    levels = ("target_item", "level")
    periods = ("period_start", "period_end")
    members = [
        _grouped(rated, "place", rubric, "place_id", "service_area", *levels),
        _grouped(rated, "period", rubric, *periods, *levels),
        _grouped(rated, "measure", ~rubric, "place_id", "target_item"),
        _grouped(rated, "source", None, "version_id", "source_item", "target_item", "via"),
    ]
    if focus_place_ids:
        focus = and_(rubric, rated.c.place_id.in_(list(focus_place_ids)))
        members.append(_grouped(rated, "focus", focus, *periods, *levels))
    rows = session.execute(union_all(*members)).all()
    return pd.DataFrame(rows, columns=list(ANSWER_COLUMNS))


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
}


def _grouped(rated: CTE, grain: str, where: ColumnElement[bool] | None, *keys: str) -> Select[Any]:
    """One grouping of the rated answers by the columns named ``keys``, with every column
    of ANSWER_COLUMNS (NULL where unused), so that the groupings can be stacked."""
    columns: list[ColumnElement[Any]] = [literal(grain, String).label("grain")]
    for name, kind in _TYPES.items():
        columns.append(rated.c[name] if name in keys else cast(null(), kind).label(name))
    columns += [
        func.count(rated.c.review_id).label("answers"),
        func.sum(rated.c.value_number).label("total"),
        func.max(rated.c.review_id).label("latest_review"),
    ]
    statement = select(*columns).group_by(*(rated.c[name] for name in keys))
    return statement.where(where) if where is not None else statement


CITATION_COLUMNS = ("place_id", "period_start", "period_end", "barrier", "reviews", "latest_review")


def citation_counts(session: Session, reviews: Select[Any]) -> pd.DataFrame:
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
    return pd.DataFrame(session.execute(statement).all(), columns=list(CITATION_COLUMNS))


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
    session: Session, reviews: Select[Any], actor: Actor, barrier: str | None
) -> pd.DataFrame:
    """The asks of government written in reviews in scope that ``actor`` may read, the
    latest periods first."""
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
        .order_by(Review.period_start.desc(), Service.place_id, Review.id, BarrierCitation.id)
    )
    if barrier:
        statement = statement.where(BarrierCitation.barrier_id == barrier)
    return pd.DataFrame(session.execute(statement).all(), columns=list(ASK_COLUMNS))


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
    reviews: Select[Any],
    place_ids: set[int] | None,
    service_areas: Sequence[str],
) -> pd.DataFrame:
    """Every service in the chosen places and areas, with the reviews it filed in scope
    per version (no version and no reviews where it filed none)."""
    filed = (
        reviews.with_only_columns(
            Review.id.label("review_id"),
            Review.service_id.label("service_id"),
            Review.framework_version_id.label("version_id"),
            Review.period_start.label("period_start"),
            Review.period_end.label("period_end"),
        )
        .order_by(None)
        .subquery("filed")
    )
    statement = (
        select(
            Service.id,
            Service.place_id,
            Service.name,
            Service.service_area,
            filed.c.version_id,
            func.count(filed.c.review_id),
            func.count(func.distinct(filed.c.period_start)),
            func.min(filed.c.period_start),
            func.max(filed.c.period_end),
        )
        .outerjoin(filed, filed.c.service_id == Service.id)
        .group_by(
            Service.id, Service.place_id, Service.name, Service.service_area, filed.c.version_id
        )
    )
    if place_ids is not None:
        statement = statement.where(Service.place_id.in_(place_ids) if place_ids else false())
    if service_areas:
        statement = statement.where(Service.service_area.in_(service_areas))
    return pd.DataFrame(session.execute(statement).all(), columns=list(COVERAGE_COLUMNS))
