"""Reading demo reviews into plain values, and the rules every one of them keeps."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from outcomes.audit.models import AuditEvent
from outcomes.frameworks.definition import (
    BarriersItem,
    ChoiceItem,
    NumberItem,
    RubricItem,
    TextItem,
)
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import as_definition
from outcomes.reviews.models import Feedback, Review, ReviewRevision, ReviewStatus
from outcomes.reviews.periods import overlaps, period_problem, utc_today
from outcomes.services.models import Service

COUNTS_OF_PEOPLE = {
    "people_supported",
    "families_improved",
    "wellbeing_improved",
    "homes_kept",
    "residents_volunteering",
}


@dataclass(frozen=True)
class RevisionFacts:
    number: int
    reason: str | None
    created_at: datetime
    submitted_at: datetime | None
    acknowledged_at: datetime | None
    answers: tuple[tuple[str, object, float | None, int | None, object, object, object], ...]
    citations: tuple[tuple[str, str, str | None, str], ...]

    def answer(self, item_id: str) -> tuple | None:
        return next((a for a in self.answers if a[0] == item_id), None)


@dataclass(frozen=True)
class ReviewFacts:
    """A review as plain values, without ids (ids differ between databases and runs)."""

    place: str
    service: str
    area: str
    period: tuple[date, date]
    version: str
    # Ids differ from run to run on PostgreSQL (sequences are not rolled back).
    version_id: int = field(compare=False)
    extension_id: int | None = field(compare=False)
    status: ReviewStatus
    current_revision: int | None
    first_submitted_at: datetime | None
    created_at: datetime
    revisions: tuple[RevisionFacts, ...]
    feedback: tuple[tuple[int, str, bool], ...]  # revision number, body, is a reply
    events: tuple[tuple[str, datetime], ...]


def review_facts(session: Session, services: set[int] | None = None) -> list[ReviewFacts]:
    statement = (
        select(Review)
        .join(Service, Review.service_id == Service.id)
        .options(
            selectinload(Review.revisions).selectinload(ReviewRevision.answers),
            selectinload(Review.revisions).selectinload(ReviewRevision.citations),
            selectinload(Review.service).selectinload(Service.place),
            selectinload(Review.framework_version),
        )
    )
    if services is not None:
        statement = statement.where(Review.service_id.in_(services))
    reviews = list(session.scalars(statement))
    events: dict[str, list[tuple[str, datetime]]] = defaultdict(list)
    for event in session.scalars(
        select(AuditEvent).where(AuditEvent.subject_type == "review").order_by(AuditEvent.at)
    ):
        events[event.subject_id].append((event.action, event.at))
    feedback: dict[int, list[tuple[int, str, bool]]] = defaultdict(list)
    for item in session.scalars(select(Feedback)):
        feedback[item.review_id].append(
            (item.revision_number, item.body, item.parent_id is not None)
        )
    facts = [
        ReviewFacts(
            place=review.service.place.code,
            service=review.service.name,
            area=review.service.service_area,
            period=(review.period_start, review.period_end),
            version=review.framework_version.version,
            version_id=review.framework_version_id,
            extension_id=review.extension_version_id,
            status=review.status,
            current_revision=review.current_revision.number if review.current_revision else None,
            first_submitted_at=review.first_submitted_at,
            created_at=review.created_at,
            revisions=tuple(
                RevisionFacts(
                    revision.number,
                    revision.reason,
                    revision.created_at,
                    revision.submitted_at,
                    revision.acknowledged_at,
                    tuple(
                        sorted(
                            (
                                a.item_id,
                                a.value_text,
                                a.value_number,
                                a.value_level,
                                a.value_choices,
                                a.consent_scope,
                                a.personal_details,
                            )
                            for a in revision.answers
                        )
                    ),
                    tuple(
                        sorted(
                            (c.item_id, c.barrier_id, c.ask, c.consent_scope.value)
                            for c in revision.citations
                        )
                    ),
                )
                for revision in review.revisions
            ),
            feedback=tuple(sorted(feedback[review.id])),
            events=tuple(events[str(review.id)]),
        )
        for review in reviews
    ]
    return sorted(facts, key=lambda f: (f.place, f.service, f.period))


def check_periods(facts: list[ReviewFacts]) -> None:
    """Each period had started by the day its review was made, which is not after today
    (the demo's dates are fixed, so they stay valid as the real date moves on), and one
    service's periods do not overlap (the demo has one framework)."""
    by_service: dict[tuple[str, str], list[tuple[date, date]]] = defaultdict(list)
    for review in facts:
        start, end = review.period
        assert review.created_at.date() <= utc_today(), review
        assert period_problem(start, end, review.created_at.date()) is None, review
        by_service[(review.place, review.service)].append(review.period)
    for service, periods in by_service.items():
        periods.sort()
        for earlier, later in itertools.pairwise(periods):
            assert not overlaps(*earlier, *later), (service, earlier, later)


def check_invariants(session: Session, facts: list[ReviewFacts]) -> None:
    """Every rule a stored review keeps, whoever wrote it."""
    definitions = {}
    for version in session.scalars(select(FrameworkVersion)):
        definitions[version.id] = (
            as_definition(version),
            {i.item_id: i.kind for i in version.items},
        )
    core_scales = {
        version_id: {scale.id: scale.values for scale in definition.scales}
        for version_id, (definition, _) in definitions.items()
        if definition.extends is None
    }
    check_periods(facts)
    for review in facts:
        where = f"{review.service} {review.period}"
        numbers = [revision.number for revision in review.revisions]
        assert numbers == list(range(1, len(numbers) + 1)), where
        submitted = [r for r in review.revisions if r.submitted_at is not None]
        if submitted:
            assert review.status is ReviewStatus.SUBMITTED, where
            assert review.current_revision == submitted[-1].number, where
            assert review.first_submitted_at == review.revisions[0].submitted_at, where
        else:
            assert review.status is ReviewStatus.DRAFT and review.current_revision is None, where
        assert ("review.create", review.created_at) in review.events, where
        for revision in submitted:
            assert ("review.submit", revision.submitted_at) in review.events, where
        for number, _, _ in review.feedback:
            assert review.revisions[number - 1].submitted_at is not None, where

        core, kinds = definitions[review.version_id]
        items = {item.id: item for item in core.items}
        if review.extension_id is not None:
            extension, extension_kinds = definitions[review.extension_id]
            assert extension.extends.version == review.version, where
            items |= {item.id: item for item in extension.items}
            kinds = kinds | extension_kinds
        for revision in review.revisions:
            answered = set()
            for item_id, text, number, level, choices, consent, personal in revision.answers:
                assert item_id in items, f"{where}: {item_id} is not in {review.version}"
                answered.add(item_id)
                item = items[item_id]
                assert kinds[item_id] == item.kind
                used = [v is not None for v in (text, number, level, choices)]
                assert sum(used) == 1, f"{where}: {item_id} fills {used}"
                if isinstance(item, RubricItem):
                    assert level in core_scales[review.version_id][item.scale], where
                elif isinstance(item, NumberItem):
                    assert number is not None and (item.min is None or number >= item.min)
                    assert not item.integer or float(number).is_integer(), where
                elif isinstance(item, TextItem):
                    assert text and len(text) <= item.max_length, where
                    assert (consent is not None) == item.consent, where
                    assert (personal is not None) == item.consent, where
                elif isinstance(item, ChoiceItem):
                    options = {option.id for option in item.options}
                    assert choices and set(choices) <= options, where
                    assert item.kind == "multichoice" or len(choices) == 1, where
                else:
                    raise AssertionError(f"{where}: {item_id} ({item.kind}) has an answer row")
            if revision.submitted_at is not None:
                required = {i.id for i in items.values() if i.required}
                assert required <= answered, f"{where}: {required - answered} unanswered"
            barrier_items = {i.id for i in items.values() if isinstance(i, BarriersItem)}
            barriers = {barrier.id for barrier in core.barriers}
            for item_id, barrier_id, _, _ in revision.citations:
                assert item_id in barrier_items and barrier_id in barriers, where
            # The asks of one review share the consent the form asks for once.
            assert len({consent for *_, consent in revision.citations}) <= 1, where
