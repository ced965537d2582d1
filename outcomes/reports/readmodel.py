"""The read model for comparison reports: the answers reports count, ready to group.

One row per answer of the latest submitted revision of each review (``outcomes.scope``)
to a rubric item or a number item of its framework version, with the service's place
as filed and as it is now (``outcomes.places.identity``), the service area, the period,
the framework and version, whether the item counts people, and the level or number.
Lineage depends on the version a report reads, so it stays a join on (version, item):
a small VALUES table (``outcomes.reports.queries``).

The table is kept in step in the transaction of every change that alters it, never
rebuilt on a schedule: after each flush, the reviews whose current revision, answers or
service changed are written again (a DELETE and an INSERT … SELECT), and when places
change, every row follows the successions again. Bulk loads that bypass the ORM call
``refresh`` themselves; ``rebuild`` writes the whole table from scratch
(``outcomes reports rebuild``), and a test checks that the two always agree.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    Select,
    String,
    Table,
    and_,
    bindparam,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from outcomes.accounts.access import Actor
from outcomes.audit.trail import record
from outcomes.db import Base
from outcomes.frameworks.definition import MAX_NUMBER
from outcomes.frameworks.models import Framework, FrameworkItem, FrameworkVersion
from outcomes.places.identity import Succession
from outcomes.places.models import Place
from outcomes.reviews.models import Answer, Review, ReviewRevision, ReviewStatus
from outcomes.scope import ReviewScope
from outcomes.services.models import Service

# The kinds of item a report can compare: levels and numbers.
COMPARED_KINDS = ("rubric", "number")


class ComparisonAnswer(Base):
    """One answer a report may count. The primary key leads with what a report joins the
    lineage on (framework, version, item), and on SQLite the rows are stored in its order
    (WITHOUT ROWID), so that the answers to one item of one version are read together.
    The other indexes serve the scope's filters (places, periods) and the refreshes
    (review, place); every index costs each write, so there are no more."""

    __tablename__ = "comparison_answer"
    __table_args__ = (
        PrimaryKeyConstraint("framework_id", "version_id", "item_id", "review_id"),
        Index("ix_comparison_answer_period", "framework_id", "period_start", "period_end"),
        {"sqlite_with_rowid": False},
    )

    framework_id: Mapped[int] = mapped_column(Integer)
    version_id: Mapped[int] = mapped_column(Integer)
    item_id: Mapped[str] = mapped_column(String(100))
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int] = mapped_column(Integer)
    service_id: Mapped[int] = mapped_column(Integer)
    place_id: Mapped[int] = mapped_column(Integer, index=True)  # the place it was filed under
    current_place_id: Mapped[int] = mapped_column(Integer)  # that place as it is now
    service_area: Mapped[str] = mapped_column(String(40))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    counts_people: Mapped[bool]
    level: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[float | None] = mapped_column(Float)


TABLE = cast(Table, ComparisonAnswer.__table__)
COLUMNS = tuple(column.name for column in TABLE.columns)


def _current_answers(reviews: ColumnElement[bool] | None) -> Select[*tuple[Any, ...]]:
    """The rows of the read model, for the reviews matching ``reviews`` (every review if
    None), with each place as filed: ``_follow_successions`` moves former places on."""
    values: dict[str, Any] = {
        "framework_id": Review.framework_id,
        "version_id": Review.framework_version_id,
        "item_id": Answer.item_id,
        "review_id": Review.id,
        "revision_id": Answer.revision_id,
        "service_id": Service.id,
        "place_id": Service.place_id,
        "current_place_id": Service.place_id,
        "service_area": Service.service_area,
        "period_start": Review.period_start,
        "period_end": Review.period_end,
        "counts_people": FrameworkItem.counts_people,
        "level": Answer.value_level,
        "number": Answer.value_number,
    }
    statement = (
        select(*(values[name].label(name) for name in COLUMNS))
        .join(Service, Service.id == Review.service_id)
        .join(Answer, Answer.revision_id == Review.current_revision_id)
        .join(
            FrameworkItem,
            and_(
                FrameworkItem.version_id == Review.framework_version_id,
                FrameworkItem.item_id == Answer.item_id,
            ),
        )
        .where(
            Review.status == ReviewStatus.SUBMITTED,
            FrameworkItem.kind.in_(COMPARED_KINDS),
            # A number outside what any item allows (stored before numbers were checked,
            # or not finite) is not a count anyone can add up.
            or_(
                Answer.value_number.is_(None),
                Answer.value_number.between(-MAX_NUMBER, MAX_NUMBER),
            ),
        )
    )
    return statement if reviews is None else statement.where(reviews)


def refresh(session: Session, reviews: ColumnElement[bool]) -> None:
    """Write again the rows of the reviews matching ``reviews`` (a condition on
    ``Review``), in the session's transaction. For loads that bypass the ORM, so the
    table's statistics are gathered again after (``_gather_statistics``)."""
    _refresh(session.connection(), reviews)
    _gather_statistics(session.connection())


def rebuild(session: Session, actor: Actor) -> int:
    """Write the whole table from scratch, in the session's transaction, on the audit
    trail; the number of rows written. The caller commits."""
    connection = session.connection()
    before = connection.scalar(select(func.count()).select_from(ComparisonAnswer)) or 0
    connection.execute(delete(ComparisonAnswer))
    _refresh(connection, None)
    _gather_statistics(connection)
    rows = connection.scalar(select(func.count()).select_from(ComparisonAnswer)) or 0
    record(
        session,
        actor,
        "reports.rebuild",
        "comparison_answer",
        "all",
        before={"rows": before},
        after={"rows": rows},
    )
    return rows


def fresh_rows(session: Session) -> set[tuple[Any, ...]]:
    """Every row the table should hold now, computed from the reviews (for checks)."""
    rows = session.execute(_current_answers(None)).all()
    succession = _succession(session.connection())
    place, current = COLUMNS.index("place_id"), COLUMNS.index("current_place_id")
    return {
        tuple(
            succession.current(row[place]) if index == current else value
            for index, value in enumerate(row)
        )
        for row in rows
    }


def stored_rows(session: Session) -> set[tuple[Any, ...]]:
    """Every row the table holds."""
    table = TABLE
    return {tuple(row) for row in session.execute(select(*(table.c[name] for name in COLUMNS)))}


def _refresh(connection: Connection, reviews: ColumnElement[bool] | None) -> None:
    chosen = None if reviews is None else select(Review.id).where(reviews)
    if chosen is not None:
        connection.execute(delete(ComparisonAnswer).where(ComparisonAnswer.review_id.in_(chosen)))
    # In the table's order: each new row goes at the end of its part of the table.
    rows = _current_answers(reviews).order_by(
        Review.framework_id, Review.framework_version_id, Answer.item_id, Review.id
    )
    connection.execute(insert(ComparisonAnswer).from_select(list(COLUMNS), rows))
    _follow_successions(connection, chosen)


def _gather_statistics(connection: Connection) -> None:
    """On PostgreSQL, the table's statistics after a bulk write: planned from the
    statistics of an empty table, a national report's groupings sort on disk where a
    hash of the groups fits in memory (three times slower). A row or a review at a time
    is left to autovacuum."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"ANALYZE {TABLE.name}")


def _succession(connection: Connection) -> Succession:
    """The successor of every former place (a place with none is current)."""
    rows = connection.execute(
        select(Place.id, Place.superseded_by_id).where(Place.superseded_by_id.is_not(None))
    )
    return Succession({row.id: row.superseded_by_id for row in rows})


def _follow_successions(connection: Connection, reviews: Select[Any] | None = None) -> None:
    """Each row's current place, by the one rule of ``outcomes.places.identity``: the
    places are read and walked in memory (a few hundred rows), and only rows whose
    current place is not the one recorded are written. Rows are written with the place
    they were filed under as their current place, so for new rows (those of ``reviews``)
    only the rows of former places move."""
    table = TABLE
    succession = _succession(connection)
    former = {place for place, following in succession.successor.items() if following}
    if reviews is not None:
        filed = connection.scalars(
            select(table.c.place_id).where(table.c.review_id.in_(reviews)).distinct()
        )
        former &= set(filed)
    if former:
        connection.execute(
            update(table)
            .where(
                table.c.place_id == bindparam("filed"),
                table.c.current_place_id != bindparam("now"),
            )
            .values(current_place_id=bindparam("now")),
            [{"filed": place, "now": succession.current(place)} for place in sorted(former)],
        )
    if reviews is None:
        # A place no longer succeeded (a correction) is its own current place again.
        connection.execute(
            update(table)
            .where(
                table.c.current_place_id != table.c.place_id,
                table.c.place_id.not_in(former) if former else true(),
            )
            .values(current_place_id=table.c.place_id)
        )


# Kept in step after every flush -------------------------------------------------------


@event.listens_for(Session, "after_flush")
def _keep_in_step(session: Session, _context: object) -> None:
    """Rewrite the rows the flush may have changed: those of reviews submitted, amended
    or deleted, of submitted revisions whose answers changed, of services changed and of
    framework versions changed; follow the successions again when places changed."""
    reviews: set[int] = set()
    revisions: set[int] = set()
    services: set[int] = set()
    versions: set[int] = set()
    places = False
    deleted = set(session.deleted)
    for instance in (*session.new, *session.dirty, *deleted):
        if isinstance(instance, Review):
            if instance.status is ReviewStatus.SUBMITTED or instance in deleted:
                reviews.add(instance.id)
        elif isinstance(instance, ReviewRevision):
            if instance.submitted_at is not None or instance in deleted:
                reviews.add(instance.review_id)
        elif isinstance(instance, Answer):
            revisions.add(instance.revision_id)
        elif isinstance(instance, Service):
            if instance not in session.new:
                services.add(instance.id)
        elif isinstance(instance, FrameworkItem):
            versions.add(instance.version_id)
        elif isinstance(instance, FrameworkVersion):
            versions.add(instance.id)
        elif isinstance(instance, Place):
            places = True
    if not (reviews or revisions or services or versions or places):
        return
    connection = session.connection()
    if revisions:
        # Only the answers of a submitted revision are read (drafts change all the time).
        reviews |= set(
            connection.scalars(
                select(ReviewRevision.review_id).where(
                    ReviewRevision.id.in_(revisions), ReviewRevision.submitted_at.is_not(None)
                )
            )
        )
    conditions = []
    if reviews:
        conditions.append(Review.id.in_(reviews))
    if services:
        conditions.append(Review.service_id.in_(services))
    if versions:
        conditions.append(Review.framework_version_id.in_(versions))
    if conditions:
        _refresh(connection, or_(*conditions))
    if places:
        _follow_successions(connection)


def in_scope(scope: ReviewScope, place_ids: set[int] | None) -> list[ColumnElement[bool]]:
    """The conditions that keep the rows of the reviews in ``scope`` (the latest submitted
    revision of each: the only ones the table holds), as ``outcomes.scope`` chooses them;
    ``place_ids`` are the places it chose (``outcomes.scope.place_ids``)."""
    table = ComparisonAnswer
    # Core columns, not the ORM entity: the ORM marks a statement it runs with its own
    # options, which made these conditions' cache key differ from one report to the next
    # (each report's answer statements compiled again).
    frameworks = Framework.__table__.c
    framework = select(frameworks.id).where(frameworks.slug == scope.framework)
    conditions = [table.framework_id == framework.scalar_subquery()]
    if scope.versions:
        conditions.append(
            table.version_id.in_(
                select(FrameworkVersion.id).where(
                    FrameworkVersion.framework_id.in_(framework),
                    FrameworkVersion.version.in_(scope.versions),
                )
            )
        )
    if scope.period_from:
        conditions.append(table.period_start >= scope.period_from)
    if scope.period_to:
        conditions.append(table.period_end <= scope.period_to)
    if scope.service_areas:
        conditions.append(table.service_area.in_(scope.service_areas))
    if place_ids is not None:
        conditions.append(table.place_id.in_(place_ids))
    return conditions
