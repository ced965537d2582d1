"""An inspection panel member's home: the datasets they exported lately, each with
whether its framework's data has changed since (a review submitted or amended after
the export was made), and the report files they took."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.exports.models import ExportRecord
from outcomes.exports.query import ExportFormat
from outcomes.frameworks.models import Framework
from outcomes.reviews.models import Review, ReviewRevision

from .manager import SHOWN
from .reports_taken import ReportTaken, reports_taken
from .scope_words import ScopeWords, scope_words


@dataclass(frozen=True)
class ExportSince:
    export: ExportRecord
    changed: bool
    words: ScopeWords  # the framework's title and the places covered, by name

    @property
    def framework(self) -> str:
        return str(self.export.filters.get("framework", ""))

    @property
    def format(self) -> str:
        """The export's format in words: "Data package (CSV)"."""
        try:
            return ExportFormat(self.export.format).short_label
        except ValueError:
            return self.export.format


@dataclass(frozen=True)
class PanelHome:
    exports: list[ExportSince]
    reports: list[ReportTaken]


def own_exports(session: Session, actor: Actor, *, shown: int = SHOWN) -> list[ExportSince]:
    """The person's latest exports, newest first, each with whether a review of its
    framework was submitted since it was made, and its scope in words. Four queries."""
    if actor.id is None:
        return []
    exports = list(
        session.scalars(
            select(ExportRecord)
            .where(ExportRecord.user_id == actor.id)
            .order_by(ExportRecord.created_at.desc(), ExportRecord.id.desc())
            .limit(shown)
        )
    )
    if not exports:
        return []
    latest: dict[str, datetime] = {
        slug: moment
        for slug, moment in session.execute(
            select(Framework.slug, func.max(ReviewRevision.submitted_at))
            .join(Review, ReviewRevision.review_id == Review.id)
            .join(Framework, Review.framework_id == Framework.id)
            .where(ReviewRevision.submitted_at.is_not(None))
            .group_by(Framework.slug)
        )
        if moment is not None
    }
    words = scope_words(session, [export.filters for export in exports])
    return [
        ExportSince(
            export,
            (moment := latest.get(str(export.filters.get("framework")))) is not None
            # The log keeps whole seconds: a submission within the second the export
            # was made is taken to be in it.
            and moment.replace(microsecond=0) > export.created_at,
            said,
        )
        for export, said in zip(exports, words, strict=True)
    ]


def panel_home(session: Session, actor: Actor) -> PanelHome:
    return PanelHome(own_exports(session, actor), reports_taken(session, actor, limit=SHOWN))
