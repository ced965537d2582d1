"""The demo history and the synthetic reviews: what they hold, and that they keep every
rule a real review keeps."""

from __future__ import annotations

import itertools
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import pytest
from factories import create_review
from flask.testing import FlaskCliRunner
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, selectinload

from outcomes.accounts.access import OPERATOR
from outcomes.audit.models import AuditEvent
from outcomes.demo import seed_demo
from outcomes.demo_bulk import in_background
from outcomes.demo_data import SYNTHETIC_ACCOUNT, generate_synthetic, seed_history
from outcomes.errors import Conflict, InvalidInput
from outcomes.frameworks.definition import (
    BarriersItem,
    ChoiceItem,
    NumberItem,
    RubricItem,
    TextItem,
)
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import as_definition
from outcomes.places.importer import import_places, shipped_place_files
from outcomes.places.models import LOWER_TIER_KINDS, Place
from outcomes.reviews.models import Feedback, Review, ReviewRevision, ReviewStatus
from outcomes.reviews.search import search_answers
from outcomes.services.models import Service

# The places the brief for the history names, across regions.
NAMED_PLACES = {"E08000010", "E08000037", "E09000002", "E09000007", "E08000035", "E06000052"}
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


@dataclass(frozen=True)
class History:
    facts: list[ReviewFacts]
    summary: object


@pytest.fixture(scope="module")
def history(engine: Engine) -> Iterator[History]:
    """The demo history built once for the module, read into plain values, and rolled
    back before any test runs, so no other test sees it (or waits on its transaction)."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        import_places(session, shipped_place_files())
        seed_demo(session)
        summary = seed_history(session)
        facts = review_facts(session)
        check_invariants(session, facts)
    finally:
        session.close()
        transaction.rollback()
        connection.close()
    yield History(facts, summary)


def test_the_history_covers_places_quarters_and_versions(history: History) -> None:
    facts = history.facts
    places = {review.place for review in facts}
    assert len(places) >= 20 and places >= NAMED_PLACES
    assert len({review.period for review in facts}) >= 6
    submitted = [review for review in facts if review.status is ReviewStatus.SUBMITTED]
    assert {review.version for review in submitted} == {"1.0.0", "1.1.0", "2.0.0"}
    # Versions follow the rollout: each quarter is on one version, never an older one later.
    by_period = defaultdict(set)
    for review in facts:
        by_period[review.period].add(review.version)
    assert all(len(versions) == 1 for versions in by_period.values())
    in_order = [next(iter(by_period[period])) for period in sorted(by_period)]
    assert in_order == sorted(in_order)
    assert history.summary.reviews == len(facts)


def test_the_history_has_drafts_amendments_feedback_and_acknowledgements(
    history: History,
) -> None:
    facts = history.facts
    newest = max(review.period for review in facts)
    drafts = [review for review in facts if review.status is ReviewStatus.DRAFT]
    assert drafts and all(review.period == newest for review in drafts)
    assert len({review.service for review in drafts}) < len({r.service for r in facts})
    amended = [review for review in facts if len(review.revisions) > 1]
    assert amended and all(review.revisions[1].reason for review in amended)
    assert all(review.current_revision == 2 for review in amended)
    assert all(("review.amend", r.revisions[1].created_at) in r.events for r in amended)
    comments = [f for review in facts for f in review.feedback if not f[2]]
    replies = [f for review in facts for f in review.feedback if f[2]]
    assert comments and replies
    assert any(r.revisions[-1].acknowledged_at for r in facts)
    # Nothing in the history happens after it ends.
    latest = max(at for review in facts for _, at in review.events)
    assert latest < datetime.fromisoformat("2026-11-21T00:00:00+00:00")


def test_the_history_reads_like_places_that_differ(history: History) -> None:
    facts = history.facts
    cited: dict[str, Counter[str]] = defaultdict(Counter)
    for review in facts:
        for *_, barrier, _, _ in (c for r in review.revisions[-1:] for c in r.citations):
            cited[review.place][barrier] += 1
    most_cited = {place: counter.most_common(1)[0][0] for place, counter in cited.items()}
    assert len(set(most_cited.values())) >= 4
    asks = [
        c[2] for review in facts for r in review.revisions for c in r.citations if c[2] is not None
    ]
    assert len(set(asks)) >= 20
    # Before 1.1.0 listed data sharing, places that meet it cite 'Something else'.
    old_other = [
        c
        for r in facts
        if r.version == "1.0.0"
        for v in r.revisions
        for c in v.citations
        if c[1] == "other"
    ]
    assert old_other and all("shar" in c[2] for c in old_other)

    stories = [
        a
        for review in facts
        for r in review.revisions
        if (a := r.answer("story_of_change")) is not None
    ]
    assert {a[5].value for a in stories} == {"place", "regulators", "public"}
    counts = [
        a[2] for r in facts for v in r.revisions for a in v.answers if a[0] in COUNTS_OF_PEOPLE
    ]
    assert any(count < 5 for count in counts) and any(count >= 100 for count in counts)
    texts = [a[1] for r in facts for a in r.revisions[-1].answers if a[1] is not None]
    assert len(set(texts)) > len(texts) / 2  # varied, not the same words everywhere

    # Levels drift: a service's level on a principle moves by at most one a quarter.
    levels: dict[tuple[str, str], list[tuple[date, int]]] = defaultdict(list)
    for review in facts:
        answer = review.revisions[-1].answer("relational")
        if answer is not None:
            levels[(review.place, review.service)].append((review.period[0], answer[3]))
    steps = [
        abs(b - a)
        for series in levels.values()
        for (start, a), (next_start, b) in itertools.pairwise(series)
        if (next_start - start).days < 100  # consecutive quarters
    ]
    assert steps and max(steps) <= 1
    assert any(series[-1][1] > series[0][1] for series in levels.values())
    assert len({tuple(level for _, level in s) for s in levels.values()}) > len(levels) / 2


def test_the_history_closes_the_loop_on_commitments(history: History) -> None:
    by_service = defaultdict(list)
    for review in history.facts:
        by_service[review.service].append(review)
    followed = 0
    for reviews in by_service.values():
        for earlier, later in itertools.pairwise(reviews):
            commitment = earlier.revisions[-1].answer("what_we_will_change")
            if commitment is None or later.status is ReviewStatus.DRAFT:
                continue
            follow_up = later.revisions[-1].answer("last_commitments")
            assert follow_up is not None, later.service
            said = commitment[1].split(" we will ", 1)[1].split(".")[0]
            assert said in follow_up[1]
            followed += 1
    assert followed > 100


def test_wigan_reviews_on_1_0_0_carry_its_extension(history: History) -> None:
    wigan = [r for r in history.facts if r.place == "E08000010" and r.version == "1.0.0"]
    assert wigan and all(review.extension_id is not None for review in wigan)
    assert any(
        review.revisions[0].answer("e08000010.neighbourhood_working") is not None
        for review in wigan
        if review.status is ReviewStatus.SUBMITTED
    )
    others = [r for r in history.facts if r.place != "E08000010" or r.version != "1.0.0"]
    assert all(review.extension_id is None for review in others)


def test_the_history_is_the_same_every_time_and_adds_nothing_twice(
    history: History, shipped_places: Session
) -> None:
    db = shipped_places
    seed_demo(db)
    first = seed_history(db)
    assert review_facts(db) == history.facts  # the same as the module's, built elsewhere
    counts = {
        model: db.scalar(select(func.count()).select_from(model))
        for model in (Review, ReviewRevision, AuditEvent, Service)
    }
    seed_demo(db)
    again = seed_history(db)
    assert again.reviews == again.drafts == again.amendments == again.feedback == 0
    assert first.reviews == len(history.facts)
    for model, count in counts.items():
        extra = 4 if model is AuditEvent else 0  # seed_demo's new passwords are recorded
        assert db.scalar(select(func.count()).select_from(model)) == count + extra


def current_english_lower_tier(db: Session) -> int:
    return db.scalar(
        select(func.count())
        .select_from(Place)
        .where(
            Place.code.like("E%"),
            Place.kind.in_(LOWER_TIER_KINDS),
            Place.superseded_by_id.is_(None),
            Place.valid_to.is_(None),
        )
    )


def synthetic_services(db: Session, seed: int) -> set[int]:
    rows = db.scalars(select(Service.id).where(Service.name.like(f"%(synthetic, seed {seed})")))
    return set(rows)


def test_synthetic_reviews_answer_every_item(frameworks, shipped_places: Session) -> None:
    db = shipped_places
    calls = []
    summary = generate_synthetic(
        db, places=3, services=2, periods=2, seed=7, progress=lambda *a: calls.append(a)
    )
    assert (summary.places, summary.services, summary.reviews) == (3, 6, 12)
    assert calls[-1] == (12, 12)
    facts = review_facts(db, synthetic_services(db, 7))
    assert len(facts) == 12 and len({review.place for review in facts}) == 3
    assert len({review.period for review in facts}) == 2
    check_invariants(db, facts)
    expected_answers = 0
    for review in facts:
        version = db.get(FrameworkVersion, review.version_id)
        items = {i.item_id for i in version.items if i.kind != "barriers"}
        if review.extension_id is not None:
            items |= {i.item_id for i in db.get(FrameworkVersion, review.extension_id).items}
        (revision,) = review.revisions
        assert {answer[0] for answer in revision.answers} == items  # every item answered
        assert revision.citations and revision.submitted_at is not None
        assert review.status is ReviewStatus.SUBMITTED and review.current_revision == 1
        expected_answers += len(items)
    assert summary.answers == expected_answers
    assert summary.citations == sum(len(r.revisions[0].citations) for r in facts)
    author = db.scalar(select(ReviewRevision).limit(1)).created_by
    assert author.email == SYNTHETIC_ACCOUNT and not author.active


def test_synthetic_reviews_depend_only_on_the_seed(frameworks, shipped_places: Session) -> None:
    db = shipped_places
    savepoint = db.begin_nested()
    generate_synthetic(db, places=3, services=2, periods=2, seed=3)
    first = review_facts(db, synthetic_services(db, 3))
    savepoint.rollback()
    generate_synthetic(db, places=3, services=2, periods=2, seed=3)
    assert review_facts(db, synthetic_services(db, 3)) == first
    with pytest.raises(Conflict, match="seed 3 are already in this database"):
        generate_synthetic(db, places=3, services=2, periods=2, seed=3)
    generate_synthetic(db, places=3, services=2, periods=2, seed=4)
    assert review_facts(db, synthetic_services(db, 4)) != first


def test_synthetic_reviews_at_national_scale_cover_every_current_place(
    frameworks, shipped_places: Session
) -> None:
    db = shipped_places
    summary = generate_synthetic(db, places=10_000, services=1, periods=1)
    assert summary.places == current_english_lower_tier(db) > 290
    assert summary.reviews == summary.places
    # Ids were chosen outside the database's sequences; the ORM must still insert safely.
    service = db.get(Service, max(synthetic_services(db, 1)))
    create_review(
        db,
        version=frameworks["2.0.0"],
        service=service,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 3, 31),
        answers={"people_supported": 3, "what_we_tried": "A zephyrine approach."},
        citations=[("devolution", None)],
    )
    # The synthetic answers can be searched, and so can answers written after them.
    assert search_answers(db, OPERATOR, "zephyrine").total == 1
    hits = search_answers(db, OPERATOR, "caseworkers arrears")
    assert hits.total > 0 and all(
        "(synthetic, seed 1)" in h.review.service.name for h in hits.items
    )


def test_synthetic_reviews_need_sizes_of_one_or_more(frameworks, shipped_places) -> None:
    with pytest.raises(InvalidInput, match="number of periods must be 1 or more"):
        generate_synthetic(shipped_places, places=1, services=1, periods=0)


def test_the_demo_command_writes_synthetic_reviews(
    runner: FlaskCliRunner, shipped_places: Session
) -> None:
    result = runner.invoke(args=["demo", "--places", "2", "--services", "2", "--periods", "3"])
    assert result.exit_code == 0, result.output
    assert "Synthetic reviews: 12 reviews of 4 services in 2 places" in result.output
    assert "12 of 12 reviews written" in result.output
    assert len(synthetic_services(shipped_places, 1)) == 4
    partial = runner.invoke(args=["demo", "--places", "2"])
    assert partial.exit_code == 2 and "together" in partial.output
    seed_only = runner.invoke(args=["demo", "--seed", "2"])
    assert seed_only.exit_code == 2 and "--seed goes with" in seed_only.output


def test_rows_made_in_the_background_arrive_in_order_and_errors_reach_the_caller() -> None:
    assert list(in_background(iter(range(50)))) == list(range(50))

    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("no more rows")

    made = in_background(failing())
    assert next(made) == 1
    with pytest.raises(ValueError, match="no more rows"):
        next(made)


def test_stopping_early_stops_the_thread_that_makes_rows() -> None:
    made: list[int] = []

    def endless() -> Iterator[int]:
        while True:
            made.append(len(made))
            yield made[-1]

    batches = in_background(endless(), depth=2)
    assert next(batches) == 0
    batches.close()  # the caller stops, as when an insert fails
    assert len(made) <= 4  # the one taken, the queue's two, and one waiting to go in
    assert not any(thread.name == "demo-rows" for thread in threading.enumerate())
