"""A number that changes whenever what reports read changes: the key to drawing a report's
charts and tables once per version of the data.

One row, bumped in the same transaction as the change (a submission, an amendment, a
context note, a framework version, a place or a service), just before that transaction
commits, so its lock is held for no longer than the commit. A reader that takes the number
before the data sees data at least as new as the number says: a cache keyed by it can hold
data newer than its key, never older. Bulk loads that bypass the ORM call ``bump``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from outcomes.db import Base, utcnow

# The read model of comparison reports keeps itself in step after every flush (its own
# listeners): imported here so that wherever the data version is kept, so is it.
from outcomes.reports import readmodel  # noqa: F401

_CHANGED = "outcomes.data_changed"


class DataVersion(Base):
    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=1)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


def current(session: Session) -> int:
    return session.scalar(select(DataVersion.version).where(DataVersion.id == 1)) or 0


def bump(session: Session) -> None:
    """Count one more change to the data reports read, in the session's transaction."""
    bumped = session.execute(
        update(DataVersion)
        .where(DataVersion.id == 1)
        .values(version=DataVersion.version + 1, changed_at=utcnow())
    )
    if bumped.rowcount == 0:  # type: ignore[attr-defined]
        session.add(DataVersion(id=1, version=2))
        session.flush()


def _affects_reports(instance: object) -> bool:
    from outcomes.frameworks.models import Framework, FrameworkVersion
    from outcomes.places.models import Place
    from outcomes.reports.models import ContextNote
    from outcomes.reviews.models import Review, ReviewRevision, ReviewStatus
    from outcomes.services.models import Service

    if isinstance(instance, ReviewRevision):
        return instance.submitted_at is not None
    if isinstance(instance, Review):
        return instance.status is ReviewStatus.SUBMITTED
    return isinstance(instance, Framework | FrameworkVersion | Place | ContextNote | Service)


@event.listens_for(Session, "before_flush")
def _note_changes(session: Session, _context: object, _instances: object) -> None:
    if session.info.get(_CHANGED):
        return
    for instance in (*session.new, *session.dirty, *session.deleted):
        if _affects_reports(instance):
            session.info[_CHANGED] = True
            return


@event.listens_for(Session, "before_commit")
def _bump_on_commit(session: Session) -> None:
    session.flush()
    if session.info.pop(_CHANGED, False):
        bump(session)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_CHANGED, None)
