"""Helpers for the export tests: running an export into memory, and opening what it made."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from factories import create_place, create_review, create_service, create_user
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.accounts.models import Role, User
from outcomes.db import utcnow
from outcomes.disclosure import DisclosureRule
from outcomes.exports.models import ExportRecord
from outcomes.exports.operations import export_dataset
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.models import FrameworkVersion
from outcomes.reviews.models import Answer, ConsentScope, Review, ReviewRevision
from outcomes.scope import ReviewScope

FRAMEWORK = "public-service-reform"


def query(**scope: Any) -> ExportQuery:
    options = {key: scope.pop(key) for key in ("include_feedback", "redact_text") if key in scope}
    return ExportQuery(ReviewScope(framework=FRAMEWORK, **scope), **options)


def inspector(db: Session) -> User:
    return create_user(db, role=Role.INSPECTOR)


def regulator(db: Session) -> User:
    """An exporter who may read feedback (inspectors may not: outcomes.reviews.access)."""
    return create_user(db, role=Role.REGULATOR)


def run_export(
    db: Session,
    actor: Actor,
    export_query: ExportQuery,
    export_format: ExportFormat = ExportFormat.DATAPACKAGE,
    rule: DisclosureRule | None = None,
) -> tuple[ExportRecord, bytes]:
    out = io.BytesIO()
    record = export_dataset(
        db, actor, export_query, export_format, out, rule=rule or DisclosureRule()
    )
    return record, out.getvalue()


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def descriptor(data: bytes) -> dict[str, Any]:
    return json.loads(unzip(data)["datapackage.json"])


def amend(
    db: Session, review: Review, answers: dict[str, object], *, submit: bool = True
) -> ReviewRevision:
    """A new revision of ``review`` with ``answers`` (numbers and text only), as an
    amendment would make it; submitted unless ``submit`` is false."""
    previous = review.revisions[-1]
    revision = ReviewRevision(
        review=review,
        number=previous.number + 1,
        reason="Corrected the count of people supported",
        created_by=review.created_by,
    )
    for item_id, value in answers.items():
        if isinstance(value, str):
            revision.answers.append(Answer(item_id=item_id, value_text=value))
        else:
            revision.answers.append(Answer(item_id=item_id, value_number=value))
    db.add(revision)
    db.flush()
    if submit:
        revision.submitted_at = utcnow()
        revision.submitted_by = review.created_by
        review.current_revision = revision
    db.flush()
    db.refresh(review)
    return revision


@dataclass
class Dataset:
    """Three submitted reviews in two places, one of them amended, and a draft."""

    family_hub: Review  # 1.0.0, in its first place: counts, stories, a barrier with an ask
    neighbourhood: Review  # 2.0.0, in a second place
    amended: Review  # 1.0.0, amended once: two revisions
    draft: Review


def build_dataset(db: Session, frameworks: dict[str, FrameworkVersion]) -> Dataset:
    first = create_place(db, name="Testborough")
    second = create_place(db, name="Otherby")
    family_hub = create_review(
        db,
        version=frameworks["1.0.0"],
        service=create_service(db, place=first, name="Family hub"),
        answers={
            "relational": 3,
            "relational_evidence": "People keep the same worker for a year.",
            "story_of_change": "A family told us how things changed.",
            "people_supported": 3,
            "families_improved": 12,
            "homes_kept": 0,
            "weeks_to_help": 2.5,
            "partners": ["nhs", "vcse"],
            "national_barriers": ["multi_year_funding", "workforce"],
        },
        citations=[("multi_year_funding", "Three-year settlements."), ("workforce", None)],
    )
    _consent(family_hub, "story_of_change", ConsentScope.PLACE)
    neighbourhood = create_review(
        db,
        version=frameworks["2.0.0"],
        service=create_service(db, place=second, name="Neighbourhood team", service_area="housing"),
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        answers={
            "strengths_based": 2,
            "holistic": 4,
            "story_of_change": "Neighbours started a lunch club.",
            "people_supported": 40,
        },
    )
    _consent(neighbourhood, "story_of_change", ConsentScope.REGULATORS)
    amended = create_review(
        db,
        version=frameworks["1.0.0"],
        service=create_service(db, place=second, name="Money advice"),
        period_start=date(2025, 7, 1),
        period_end=date(2025, 9, 30),
        answers={"people_supported": 20, "what_we_learned": "Advice in GP surgeries works."},
    )
    amend(db, amended, {"people_supported": 25, "what_we_learned": "It works best weekly."})
    draft = create_review(
        db,
        version=frameworks["1.0.0"],
        service=create_service(db, place=first, name="Drafting service"),
        submitted=False,
        answers={"people_supported": 8},
    )
    return Dataset(family_hub, neighbourhood, amended, draft)


def _consent(review: Review, item_id: str, scope: ConsentScope) -> None:
    answer = next(a for a in review.revisions[0].answers if a.item_id == item_id)
    answer.consent_scope = scope
