"""Synthetic reviews at scale, for benchmarks of reports and exports.

``generate_synthetic`` writes many complete, submitted reviews quickly, with bulk
inserts (outcomes.demo.bulk), told by the same service stories as the demo history
(outcomes.demo.story).
"""

from __future__ import annotations

import random
import secrets
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from outcomes import data_version
from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role, User
from outcomes.accounts.operations import create_user, deactivate_user, get_user_by_email
from outcomes.audit.models import AuditEvent
from outcomes.audit.trail import record
from outcomes.background import in_background
from outcomes.demo.bulk import (
    Rows,
    advance_sequences,
    next_ids,
    sqlite_page_cache,
)
from outcomes.demo.history import FRAMEWORK, HISTORY_NOW, PROFILES, published_versions
from outcomes.demo.story import (
    AnswerValue,
    Citation,
    Form,
    PlaceProfile,
    ServiceStory,
    at,
    quarters_ending,
    version_for_period,
)
from outcomes.errors import Conflict, InvalidInput, NotFound
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.places.models import LOWER_TIER_KINDS, Place
from outcomes.reports import readmodel
from outcomes.reviews.models import (
    Answer,
    BarrierCitation,
    Review,
    ReviewRevision,
    ReviewStatus,
)
from outcomes.reviews.search_index import search_paused
from outcomes.services.models import SERVICE_AREAS, Service

# Synthetic periods are the quarters up to the last complete one before HISTORY_NOW.
SYNTHETIC_LAST_QUARTER_END = date(2026, 9, 30)
SYNTHETIC_ACCOUNT = "synthetic.reviews@outcomes.example"
ANSWER_BATCH = 50_000  # about how many answers each batch of inserts writes
SYNTHETIC_TABLES = (Service, Review, ReviewRevision, Answer, BarrierCitation, AuditEvent)


@dataclass(frozen=True)
class SyntheticSummary:
    places: int
    services: int
    reviews: int
    answers: int
    citations: int


@dataclass(frozen=True)
class _SyntheticPlan:
    """What the synthetic rows are made from, as plain values: rows are made in another
    thread, which must not touch the session or its objects."""

    places: list[tuple[int, str]]  # id and code
    services: int
    quarters: list[tuple[date, date]]
    forms: dict[tuple[int, int], Form]  # by place id and quarter index
    barriers: tuple[str, ...]
    author_id: int
    seed: int
    tag: str


def generate_synthetic(
    session: Session,
    *,
    places: int,
    services: int,
    periods: int,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> SyntheticSummary:
    """Write ``services`` new services in each of ``places`` current English lower-tier
    places (all of them if there are no more), each with a submitted review for each of
    the last ``periods`` quarters, answering every item and citing barriers.

    Rows go in with executemany inserts in batches, their ids chosen here (see
    outcomes.demo.bulk): run it while nothing else writes reviews. The same seed on the
    same database gives the same rows. ``progress`` is called after each batch with the
    reviews written so far and the total. The caller commits.
    """
    for name, value in (("places", places), ("services", services), ("periods", periods)):
        if value < 1:
            raise InvalidInput(f"The number of {name} must be 1 or more", field=name)
    versions = published_versions(session)
    chosen = _synthetic_places(session, places, seed)
    tag = f"(synthetic, seed {seed})"
    if session.scalar(select(Service.id).where(Service.name.endswith(tag)).limit(1)):
        raise Conflict(
            f"Synthetic reviews with seed {seed} are already in this database. Use another "
            "--seed, or a fresh database."
        )
    author = _synthetic_author(session, chosen)
    session.flush()
    quarters = quarters_ending(SYNTHETIC_LAST_QUARTER_END, periods)
    plan = _SyntheticPlan(
        places=[(place.id, place.code) for place in chosen],
        services=services,
        quarters=quarters,
        forms=_synthetic_forms(session, versions, chosen, quarters),
        barriers=Form.pinned(versions[-1], None).barriers,
        author_id=author.id,
        seed=seed,
        tag=tag,
    )
    tables: dict[str, Table] = {m.__tablename__: m.__table__ for m in SYNTHETIC_TABLES}  # type: ignore[misc]
    ids = next_ids(session, tables)
    first_review = ids["review"]
    # Each review and its one revision take their ids in step, so the revision's id is
    # the review's plus this offset.
    revision_offset = ids["review_revision"] - first_review
    counts: Counter[str] = Counter()
    total = len(chosen) * services * periods
    # On SQLite, the search index takes the new answers all at once at the end: its
    # trigger, run once per answer, cost most of the load's time.
    with sqlite_page_cache(session), search_paused(session):
        for batch in in_background(_synthetic_rows(plan, Rows(list(tables), ids))):
            batch.insert(session, tables)
            counts.update(batch.counts)
            if progress:
                progress(counts["review"], total)
    # A review and its revision name each other, so one link is made after both exist.
    review = tables["review"]
    session.execute(
        update(review)
        .where(review.c.id >= first_review)
        .values(current_revision_id=review.c.id + revision_offset)
    )
    advance_sequences(session, tables)
    summary = SyntheticSummary(
        places=len(chosen),
        services=counts["service"],
        reviews=counts["review"],
        answers=counts["answer"],
        citations=counts["barrier_citation"],
    )
    # The bulk inserts bypass the ORM, which notices changes: the data version and the
    # read model are told here, in the same transaction.
    readmodel.refresh(session, Review.id >= first_review)
    data_version.bump(session)
    record(
        session,
        OPERATOR,
        "demo.synthetic",
        "framework",
        FRAMEWORK,
        after={"seed": seed, "periods": periods, **summary.__dict__},
    )
    return summary


def _synthetic_rows(plan: _SyntheticPlan, rows: Rows) -> Iterator[Rows]:
    """The rows of every synthetic service and review, in batches."""
    areas = list(SERVICE_AREAS)
    for place_id, code in plan.places:
        place_rng = random.Random(f"{plan.seed}:{code}")  # noqa: S311 (not a secret)
        profile = PROFILES.get(code) or PlaceProfile.invented(place_rng, plan.barriers)
        first_area = place_rng.randrange(len(areas))
        for number in range(1, plan.services + 1):
            area = areas[(first_area + number) % len(areas)]
            service_id = rows.new_id("service")
            rows.add(
                "service",
                {
                    "id": service_id,
                    "place_id": place_id,
                    "name": f"{SERVICE_AREAS[area]} {number} {plan.tag}",
                    "service_area": area,
                    "partners": _partners(area),
                    "created_at": HISTORY_NOW - timedelta(days=900),
                },
            )
            rng = random.Random(f"{plan.seed}:{code}:{number}")  # noqa: S311
            story = ServiceStory(rng, area=area, partners=_partners(area), profile=profile)
            for index, period in enumerate(plan.quarters):
                story.advance()
                form = plan.forms[(place_id, index)]
                created = at(period[1] + timedelta(days=rng.randint(2, 18)), rng)
                submitted = created + timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 5))
                _add_review(
                    rows,
                    service_id,
                    form,
                    period,
                    (plan.author_id, created, submitted),
                    story.answers(form, complete=True),
                    story.citations(form),
                )
            if rows.counts["answer"] >= ANSWER_BATCH:
                yield rows
                rows = Rows(rows.order, rows.next_ids)
    yield rows


def _add_review(
    rows: Rows,
    service_id: int,
    form: Form,
    period: tuple[date, date],
    filed: tuple[int, datetime, datetime],  # by whom, created and submitted when
    answers: list[AnswerValue],
    citations: list[Citation],
) -> None:
    author_id, created, submitted = filed
    review_id = rows.new_id("review")
    revision_id = rows.new_id("review_revision")
    rows.add(
        "review",
        {
            "id": review_id,
            "service_id": service_id,
            "framework_id": form.framework_id,
            "framework_version_id": form.version_id,
            "extension_version_id": form.extension_id,
            "period_start": period[0],
            "period_end": period[1],
            "status": ReviewStatus.SUBMITTED,
            "lock_version": 1,
            "created_by_id": author_id,
            "created_at": created,
            "first_submitted_at": submitted,
        },
    )
    rows.add(
        "review_revision",
        {
            "id": revision_id,
            "review_id": review_id,
            "number": 1,
            "created_by_id": author_id,
            "created_at": created,
            "submitted_at": submitted,
            "submitted_by_id": author_id,
        },
    )
    for answer in answers:
        row = {"id": rows.new_id("answer"), "revision_id": revision_id, "item_id": answer.item_id}
        row[answer.column] = answer.value
        shape = answer.column
        if answer.consent_scope is not None:
            row["consent_scope"] = answer.consent_scope
            row["personal_details"] = answer.personal_details
            shape += " with consent"
        rows.add("answer", row, shape)
    for citation in citations:
        rows.add(
            "barrier_citation",
            {
                "id": rows.new_id("barrier_citation"),
                "revision_id": revision_id,
                "item_id": citation.item_id,
                "barrier_id": citation.barrier_id,
                "ask": citation.ask,
                "consent_scope": citation.consent_scope,
            },
        )
    for action, when, after in (
        ("review.create", created, {"framework_version": f"{FRAMEWORK} {form.label}"}),
        ("review.submit", submitted, {"revision": 1}),
    ):
        rows.add(
            "audit_event",
            {
                "id": rows.new_id("audit_event"),
                "at": when,
                "actor_label": OPERATOR.email,
                "action": action,
                "subject_type": "review",
                "subject_id": str(review_id),
                "after": after,
            },
        )


def _synthetic_places(session: Session, wanted: int, seed: int) -> list[Place]:
    """``wanted`` current English lower-tier places chosen by the seed, in code order."""
    statement = (
        select(Place)
        .where(
            Place.code.startswith("E"),
            Place.kind.in_(LOWER_TIER_KINDS),
            Place.superseded_by_id.is_(None),
            Place.valid_to.is_(None),
        )
        .order_by(Place.code)
    )
    current = list(session.scalars(statement))
    if not current:
        raise NotFound("There are no places yet. Import them first with `outcomes places import`.")
    if wanted < len(current):
        current = sorted(random.Random(seed).sample(current, wanted), key=lambda p: p.code)  # noqa: S311
    return current


def _synthetic_author(session: Session, places: list[Place]) -> User:
    """The account synthetic reviews are filed by: a service manager for every place they
    cover, deactivated, so that nobody can sign in as it."""
    user = get_user_by_email(session, SYNTHETIC_ACCOUNT)
    if user is None:
        user = create_user(
            session,
            OPERATOR,
            email=SYNTHETIC_ACCOUNT,
            display_name="Synthetic reviews",
            role=Role.SERVICE_MANAGER,
            password=secrets.token_urlsafe(16),
            places=places,
        )
        deactivate_user(session, OPERATOR, SYNTHETIC_ACCOUNT)
    else:
        user.places.extend(place for place in places if place.id not in user.place_ids)
    return user


def _synthetic_forms(
    session: Session,
    versions: list[FrameworkVersion],
    places: list[Place],
    quarters: list[tuple[date, date]],
) -> dict[tuple[int, int], Form]:
    """The form each place answers in each quarter: the version in force, with the
    place's newest published extension of it, if it has one (found in one query)."""
    rows = session.execute(
        select(FrameworkVersion, Framework.place_id)
        .join(Framework, FrameworkVersion.framework_id == Framework.id)
        .where(
            Framework.place_id.is_not(None),
            FrameworkVersion.status == "published",
            FrameworkVersion.extends_version_id.in_([v.id for v in versions]),
        )
        .order_by(FrameworkVersion.major, FrameworkVersion.minor, FrameworkVersion.patch)
    ).all()
    # Ordered oldest first, so the newest of each place and core version is kept.
    extensions = {(version.extends_version_id, place_id): version for version, place_id in rows}
    cache: dict[tuple[int, int | None], Form] = {}
    forms = {}
    for index, (_, end) in enumerate(quarters):
        version = version_for_period(versions, end)
        for place in places:
            extension = extensions.get((version.id, place.id))
            key = (version.id, extension.id if extension else None)
            if key not in cache:
                cache[key] = Form.pinned(version, extension)
            forms[(place.id, index)] = cache[key]
    return forms


def _partners(area: str) -> list[str]:
    return {
        "early_help": ["NHS", "Schools and colleges"],
        "adult_social_care": ["NHS", "Voluntary and community sector"],
        "childrens_social_care": ["Schools and colleges", "Police"],
        "neighbourhood_health": ["NHS", "Housing providers"],
        "public_health": ["NHS", "Residents and community groups"],
        "housing": ["Housing providers", "Jobcentre Plus"],
        "employment": ["Jobcentre Plus", "Local employers"],
        "community_safety": ["Police", "Residents and community groups"],
    }[area]
