"""Demo reviews: a believable history, and synthetic reviews at scale for benchmarks.

``seed_history`` files learning reviews for the demo services (outcomes.demo) in about
twenty real places over eight quarters, pinned to the framework version in force when
each review was started, as a real rollout would go: drafts for the current quarter,
submissions, amendments, regulator feedback with replies, and acknowledgements. It is
the same every time (every choice comes from a generator seeded by the place and the
service, every date is fixed) and adds nothing that is already there.

``generate_synthetic`` writes many complete, submitted reviews quickly, with bulk
inserts, for benchmarks of reports and exports.
"""

from __future__ import annotations

import functools
import random
import secrets
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from outcomes import data_version
from outcomes import demo_writing as words
from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role, User
from outcomes.accounts.operations import create_user, deactivate_user, get_user_by_email
from outcomes.accounts.passwords import hash_password
from outcomes.audit.models import AuditEvent
from outcomes.audit.trail import record
from outcomes.config import PROJECT_ROOT
from outcomes.demo import DEMO_ACCOUNTS, DEMO_SERVICES
from outcomes.demo_bulk import (
    Rows,
    advance_sequences,
    in_background,
    next_ids,
    sqlite_page_cache,
)
from outcomes.demo_story import (
    AnswerValue,
    Citation,
    Form,
    PlaceProfile,
    ServiceStory,
    at,
    quarters_ending,
    quarters_from,
    version_for_period,
)
from outcomes.errors import Conflict, InvalidInput, NotFound
from outcomes.frameworks import load_directory
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.frameworks.store import extension_for, store_definitions
from outcomes.places.models import LOWER_TIER_KINDS, Place
from outcomes.places.operations import get_place
from outcomes.reviews.models import (
    Answer,
    BarrierCitation,
    Feedback,
    Review,
    ReviewRevision,
    ReviewStatus,
)
from outcomes.reviews.search_index import search_paused
from outcomes.services.models import SERVICE_AREAS, Service

FRAMEWORK = "public-service-reform"
HISTORY_SEED = 2025
HISTORY_QUARTERS = quarters_from(date(2025, 1, 1), 8)  # the last is under way: drafts only
# The history's own "now": nothing in it happens later, whenever it is generated.
HISTORY_NOW = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
# Synthetic periods are the quarters up to the last complete one before HISTORY_NOW.
SYNTHETIC_LAST_QUARTER_END = date(2026, 9, 30)
SYNTHETIC_ACCOUNT = "synthetic.reviews@outcomes.example"
MANAGER_EMAIL = next(email for email, _, role in DEMO_ACCOUNTS if role is Role.SERVICE_MANAGER)
REGULATOR_EMAIL = next(email for email, _, role in DEMO_ACCOUNTS if role is Role.REGULATOR)


@dataclass(frozen=True)
class HistoryPlace:
    code: str
    manager: str  # who writes the place's reviews (Wigan's is the demo service manager)
    first_quarter: int  # index in HISTORY_QUARTERS of its first review
    profile: PlaceProfile


HISTORY_PLACES = (
    HistoryPlace(
        "E08000010",
        "Sam Service-Manager",
        0,
        PlaceProfile(
            ("regulation", "commissioning", "prevention_investment"),
            trend=0.3,
            strengths=("relational", "strengths_holistic"),
            size=1.3,
        ),
    ),
    HistoryPlace(
        "E08000037",
        "Priya Nair",
        0,
        PlaceProfile(("health_council", "devolution", "data_sharing"), 0.25, 0.05, ("joined_up",)),
    ),
    HistoryPlace(
        "E08000021",
        "Tom Armstrong",
        1,
        PlaceProfile(("multi_year_funding", "devolution"), 0.2, 0.06, ("adaptive",), 1.2),
    ),
    HistoryPlace(
        "E08000012",
        "Siobhan Kelly",
        1,
        PlaceProfile(("health_council", "workforce"), 0.2, 0.07, ("joined_up",), 1.8),
    ),
    HistoryPlace(
        "E06000009",
        "Gareth Hughes",
        2,
        PlaceProfile(
            ("prevention_investment", "multi_year_funding", "workforce"),
            0.15,
            0.08,
            ("relational",),
        ),
    ),
    HistoryPlace(
        "E08000035",
        "Aisha Rahman",
        0,
        PlaceProfile(
            ("data_sharing", "health_council"), 0.25, 0.05, ("adaptive", "joined_up"), 2.2
        ),
    ),
    HistoryPlace(
        "E08000017",
        "Mark Whitaker",
        2,
        PlaceProfile(("multi_year_funding", "regulation"), 0.2, 0.06, (), 1.1),
    ),
    HistoryPlace(
        "E06000010",
        "Claire Dobson",
        1,
        PlaceProfile(("multi_year_funding", "prevention_investment"), 0.2, 0.06, ("preventative",)),
    ),
    HistoryPlace(
        "E06000016",
        "Ravi Mistry",
        1,
        PlaceProfile(("commissioning", "data_sharing"), 0.2, 0.06, ("equitable",), 1.3),
    ),
    HistoryPlace(
        "E07000035",
        "Helen Marsh",
        2,
        PlaceProfile(("workforce", "multi_year_funding"), 0.15, 0.05, ("relational",), 0.3),
    ),
    HistoryPlace(
        "E08000025",
        "Yusuf Ali",
        1,
        # A large city under financial pressure: slower progress, more setbacks.
        PlaceProfile(("workforce", "data_sharing", "regulation"), 0.12, 0.15, ("equitable",), 3.0),
    ),
    HistoryPlace(
        "E06000019",
        "Rebecca Powell",
        2,
        PlaceProfile(("workforce", "commissioning"), 0.2, 0.06, ("strengths_holistic",), 0.6),
    ),
    HistoryPlace(
        "E07000148",
        "Daniel Cole",
        2,
        PlaceProfile(("devolution", "commissioning"), 0.2, 0.06, (), 0.5),
    ),
    HistoryPlace(
        "E06000032",
        "Fatima Hussain",
        1,
        PlaceProfile(("multi_year_funding", "data_sharing"), 0.22, 0.06, ("equitable",)),
    ),
    HistoryPlace(
        "E09000002",
        "Grace Okafor",
        0,
        PlaceProfile(
            ("prevention_investment", "multi_year_funding"),
            0.3,
            0.04,
            ("preventative", "strengths_holistic"),
        ),
    ),
    HistoryPlace(
        "E09000007",
        "Oliver Bennett",
        0,
        PlaceProfile(
            ("regulation", "commissioning", "devolution"), 0.28, 0.05, ("adaptive", "equitable")
        ),
    ),
    HistoryPlace(
        "E09000022",
        "Marcia Campbell",
        1,
        PlaceProfile(("health_council", "regulation"), 0.2, 0.06, ("equitable",), 1.2),
    ),
    HistoryPlace(
        "E06000043",
        "Jess Taylor",
        1,
        PlaceProfile(("commissioning", "prevention_investment"), 0.2, 0.06, ("joined_up",)),
    ),
    HistoryPlace(
        "E07000114",
        "Lee Harris",
        2,
        PlaceProfile(("workforce", "multi_year_funding", "devolution"), 0.15, 0.12, (), 0.5),
    ),
    HistoryPlace(
        "E06000052",
        "Tamsin Pascoe",
        0,
        PlaceProfile(("workforce", "multi_year_funding"), 0.22, 0.06, ("relational",), 1.1),
    ),
    HistoryPlace(
        "E06000026",
        "Nick Ellis",
        2,
        PlaceProfile(("prevention_investment", "health_council"), 0.2, 0.06),
    ),
    HistoryPlace(
        "E06000066",
        "Anna Brooks",
        2,
        PlaceProfile(("multi_year_funding", "regulation"), 0.2, 0.06, ("strengths_holistic",), 1.1),
    ),
)
PROFILES = {place.code: place.profile for place in HISTORY_PLACES}


def published_versions(session: Session) -> list[FrameworkVersion]:
    """The published versions of the core framework, oldest first. The shipped framework
    files are loaded first if the framework is not stored yet."""
    framework = session.scalar(select(Framework).where(Framework.slug == FRAMEWORK))
    if framework is None:
        loaded = load_directory(PROJECT_ROOT / "frameworks")
        store_definitions(session, OPERATOR, [d for series in loaded.values() for d in series])
        framework = session.scalar(select(Framework).where(Framework.slug == FRAMEWORK))
    versions = [v for v in framework.versions if v.status == "published"] if framework else []
    if not versions:
        raise NotFound(
            f"The {FRAMEWORK} framework has no published version. Load one with "
            "`outcomes frameworks load frameworks/`."
        )
    return versions


# The history ------------------------------------------------------------------------


@dataclass(frozen=True)
class HistorySummary:
    places: int
    reviews: int
    drafts: int
    amendments: int
    feedback: int


@dataclass
class _Revision:
    number: int
    created_at: datetime
    answers: list[AnswerValue]
    citations: list[Citation]
    reason: str | None = None
    submitted_at: datetime | None = None
    acknowledged_at: datetime | None = None


@dataclass
class _Feedback:
    revision_number: int
    at: datetime
    comment: str
    reply: str | None
    reply_at: datetime


@dataclass
class _Review:
    service: Service
    author: User
    form: Form
    period: tuple[date, date]
    created_at: datetime
    revisions: list[_Revision]
    feedback: list[_Feedback] = field(default_factory=list)


def seed_history(session: Session) -> HistorySummary:
    """Add the demo history that is not there yet. Run after ``seed_demo``, which makes the
    accounts and services it files for. The caller commits."""
    versions = published_versions(session)
    regulator = _required_user(session, REGULATOR_EMAIL)
    forms: dict[tuple[int, int], Form] = {}
    planned: list[_Review] = []
    password_hash = functools.cache(lambda: hash_password(secrets.token_urlsafe(16)))
    for place_story in HISTORY_PLACES:
        place = get_place(session, place_story.code)
        author = _place_manager(session, place_story, place, password_hash)
        for code, name, area, partners in DEMO_SERVICES:
            if code != place.code:
                continue
            service = session.scalar(
                select(Service).where(Service.place_id == place.id, Service.name == name)
            )
            if service is None:
                raise NotFound(
                    f"The demo service {name!r} in {place.name} is missing. Run `outcomes demo`."
                )
            rng = random.Random(f"{HISTORY_SEED}:{code}:{name}")  # noqa: S311 (not a secret)
            story = ServiceStory(rng, area=area, partners=partners, profile=place_story.profile)
            for index, period in enumerate(HISTORY_QUARTERS):
                story.advance()
                if index < place_story.first_quarter:
                    continue
                version = version_for_period(versions, period[1])
                key = (version.id, place.id)
                if key not in forms:
                    forms[key] = Form.pinned(version, extension_for(session, version, place))
                review = _plan_review(story, rng, service, author, forms[key], period, index)
                if review is not None:
                    planned.append(review)
    existing = set(
        session.execute(
            select(Review.service_id, Review.framework_id, Review.period_start, Review.period_end)
        ).all()
    )
    missing = [
        review
        for review in planned
        if (review.service.id, review.form.version.framework_id, *review.period) not in existing
    ]
    _store_history(session, missing, regulator)
    return HistorySummary(
        places=len({review.service.place_id for review in missing}),
        reviews=len(missing),
        drafts=sum(review.revisions[-1].submitted_at is None for review in missing),
        amendments=sum(len(review.revisions) - 1 for review in missing),
        feedback=sum(len(review.feedback) for review in missing),
    )


def _required_user(session: Session, email: str) -> User:
    user = get_user_by_email(session, email)
    if user is None:
        raise NotFound(f"The demo account {email} is missing. Run `outcomes demo` to create it.")
    return user


def _place_manager(
    session: Session, place_story: HistoryPlace, place: Place, password_hash: Callable[[], str]
) -> User:
    """The service manager who writes the place's reviews, created if need be."""
    if place_story.code == "E08000010":
        return _required_user(session, MANAGER_EMAIL)
    email = place_story.manager.lower().replace(" ", ".") + "@outcomes.example"
    user = get_user_by_email(session, email)
    if user is None:
        # Nobody signs in as these people, so they share the hash of a password nobody
        # knows: hashing is slow on purpose, and twenty hashes would be most of the run.
        user = User(
            email=email,
            display_name=place_story.manager,
            role=Role.SERVICE_MANAGER,
            password_hash=password_hash(),
            places=[place],
        )
        session.add(user)
        session.flush()
        record(
            session,
            OPERATOR,
            "user.create",
            "user",
            user.id,
            after={"email": email, "role": user.role.value, "places": [place.code]},
        )
    return user


def _plan_review(
    story: ServiceStory,
    rng: random.Random,
    service: Service,
    author: User,
    form: Form,
    period: tuple[date, date],
    index: int,
) -> _Review | None:
    """One quarter's review for a service, or None if it filed none. Draws from ``rng`` in
    the same way whether or not the review is stored, so the history stays the same."""
    start, end = period
    if index == len(HISTORY_QUARTERS) - 1:  # the quarter under way: some have started
        if rng.random() >= 0.45:
            return None
        created = at(start + timedelta(days=rng.randint(35, 50)), rng)
        draft = _Revision(1, created, story.answers(form, complete=False, draft=True), [])
        if rng.random() < 0.3:
            draft.citations = story.citations(form)
        return _Review(service, author, form, period, created, [draft])
    if rng.random() < 0.05:  # a quarter missed, as happens
        return None
    created = at(end + timedelta(days=rng.randint(2, 18)), rng)
    first = _Revision(1, created, story.answers(form, complete=False), story.citations(form))
    first.submitted_at = created + timedelta(days=rng.randint(4, 20), hours=rng.randint(0, 5))
    review = _Review(service, author, form, period, created, [first])
    amendment = None
    if rng.random() < 0.18:
        threads = [t for t in words.FEEDBACK_THREADS if _can_amend(t.amendment, first, form)]
        thread = rng.choice(threads)
        given = first.submitted_at + timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 6))
        replied = given + timedelta(days=rng.randint(2, 10), hours=rng.randint(0, 6))
        reply = thread.reply if replied <= HISTORY_NOW else None
        if given <= HISTORY_NOW:
            review.feedback.append(_Feedback(1, given, thread.comment, reply, replied))
            if thread.amendment and reply:
                amendment = (thread.amendment, replied + timedelta(hours=2))
    elif rng.random() < 0.08:
        choice = rng.choice([a for a in words.AMENDMENTS if _can_amend(a, first, form)])
        amendment = (choice, first.submitted_at + timedelta(days=rng.randint(5, 30)))
    if amendment is not None and amendment[1] <= HISTORY_NOW:
        change, when = amendment
        second = _Revision(2, when, *_amended(change, first, rng), reason=change.reason)
        second.submitted_at = when + timedelta(minutes=rng.randint(20, 90))
        review.revisions.append(second)
    latest = review.revisions[-1]
    acknowledged = latest.submitted_at + timedelta(days=rng.randint(3, 25), hours=rng.randint(0, 6))
    if rng.random() < 0.75 and acknowledged <= HISTORY_NOW:
        latest.acknowledged_at = acknowledged
    return review


def _can_amend(change: words.Amendment | None, revision: _Revision, form: Form) -> bool:
    if change is None:
        return True
    answers = {answer.item_id: answer.value for answer in revision.answers}
    if change.change == "multi_year_funding":
        cited = {citation.barrier_id for citation in revision.citations}
        return change.change in form.barriers and change.change not in cited
    if change.change == "equitable":
        return isinstance(answers.get("equitable"), int) and answers["equitable"] > 1
    return change.change in answers


def _amended(
    change: words.Amendment, revision: _Revision, rng: random.Random
) -> tuple[list[AnswerValue], list[Citation]]:
    """The answers and citations of ``revision`` with the amendment's change made."""
    answers = []
    for answer in revision.answers:
        value = answer.value
        if answer.item_id == change.change == "people_supported":
            value = round(float(value) * rng.uniform(0.75, 0.9))
        elif answer.item_id == change.change == "equitable":
            value = int(value) - 1
        elif answer.item_id == change.change == "what_we_learned":
            value = f"{value} {words.LEARNED_ADDITION}"
        answers.append(
            AnswerValue(
                answer.item_id, answer.column, value, answer.consent_scope, answer.personal_details
            )
        )
    citations = list(revision.citations)
    if change.change == "multi_year_funding" and citations:
        asks = words.ASKS["multi_year_funding"]
        citations.append(
            Citation(citations[0].item_id, change.change, asks[1], citations[0].consent_scope)
        )
    return answers, citations


def _store_history(session: Session, planned: list[_Review], regulator: User) -> None:
    """Write the planned reviews through the ORM, then their audit trail, dated when each
    thing happened in the history."""
    stored: list[tuple[_Review, Review]] = []
    for plan in planned:
        last_submitted = max(
            (r for r in plan.revisions if r.submitted_at), key=lambda r: r.number, default=None
        )
        review = Review(
            service=plan.service,
            framework_id=plan.form.version.framework_id,
            framework_version=plan.form.version,
            extension_version=plan.form.extension,
            period_start=plan.period[0],
            period_end=plan.period[1],
            status=ReviewStatus.SUBMITTED if last_submitted else ReviewStatus.DRAFT,
            created_by=plan.author,
            created_at=plan.created_at,
            first_submitted_at=plan.revisions[0].submitted_at,
        )
        for planned_revision in plan.revisions:
            revision = _revision_row(planned_revision, plan.author, regulator)
            review.revisions.append(revision)
            if planned_revision is last_submitted:
                review.current_revision = revision
        for thread in plan.feedback:
            comment = Feedback(
                revision_number=thread.revision_number,
                author=regulator,
                body=thread.comment,
                created_at=thread.at,
            )
            if thread.reply:
                comment.replies.append(
                    Feedback(
                        review=review,
                        revision_number=thread.revision_number,
                        author=plan.author,
                        body=thread.reply,
                        created_at=thread.reply_at,
                    )
                )
            comment.review = review
            session.add(comment)
        session.add(review)
        stored.append((plan, review))
    session.flush()
    for plan, review in stored:
        _record_history(session, plan, review, regulator)
    session.flush()


def _revision_row(planned: _Revision, author: User, regulator: User) -> ReviewRevision:
    return ReviewRevision(
        number=planned.number,
        reason=planned.reason,
        created_by=author,
        created_at=planned.created_at,
        submitted_at=planned.submitted_at,
        submitted_by=author if planned.submitted_at else None,
        acknowledged_at=planned.acknowledged_at,
        acknowledged_by=regulator if planned.acknowledged_at else None,
        answers=[
            Answer(
                item_id=answer.item_id,
                consent_scope=answer.consent_scope,
                personal_details=answer.personal_details,
                **{answer.column: answer.value},
            )
            for answer in planned.answers
        ],
        citations=[
            BarrierCitation(
                item_id=citation.item_id,
                barrier_id=citation.barrier_id,
                ask=citation.ask,
                consent_scope=citation.consent_scope,
            )
            for citation in planned.citations
        ],
    )


def _record_history(session: Session, plan: _Review, review: Review, regulator: User) -> None:
    """The audit events for one review of the history, each dated when it happened."""
    version = plan.form.version
    events: list[tuple[datetime, str, dict[str, Any]]] = [
        (
            plan.created_at,
            "review.create",
            {
                "service": plan.service.name,
                "period": f"{plan.period[0]} to {plan.period[1]}",
                "framework_version": f"{FRAMEWORK} {version.version}",
                "by": plan.author.email,
            },
        )
    ]
    for revision in plan.revisions:
        if revision.reason:
            events.append(
                (
                    revision.created_at,
                    "review.amend",
                    {
                        "revision": revision.number,
                        "reason": revision.reason,
                        "by": plan.author.email,
                    },
                )
            )
        if revision.submitted_at:
            events.append(
                (
                    revision.submitted_at,
                    "review.submit",
                    {"revision": revision.number, "by": plan.author.email},
                )
            )
        if revision.acknowledged_at:
            events.append(
                (
                    revision.acknowledged_at,
                    "review.acknowledge",
                    {"revision": revision.number, "by": regulator.email},
                )
            )
    for thread in plan.feedback:
        events.append(
            (
                thread.at,
                "review.feedback",
                {"revision": thread.revision_number, "by": regulator.email},
            )
        )
        if thread.reply:
            events.append(
                (
                    thread.reply_at,
                    "review.reply",
                    {"revision": thread.revision_number, "by": plan.author.email},
                )
            )
    for when, action, after in sorted(events, key=lambda event: event[0]):
        event = record(session, OPERATOR, action, "review", review.id, after=after)
        event.at = when


# Synthetic reviews at scale -----------------------------------------------------------

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
    outcomes.demo_bulk): run it while nothing else writes reviews. The same seed on the
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
    data_version.bump(session)  # the bulk inserts bypass the ORM, which notices changes
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
