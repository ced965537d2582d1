"""The demo history: what it holds, and that it keeps every rule a real review keeps."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from demo_facts import COUNTS_OF_PEOPLE, ReviewFacts, check_invariants, review_facts
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from outcomes.audit.models import AuditEvent
from outcomes.demo.accounts import seed_demo
from outcomes.demo.history import seed_history
from outcomes.places.importer import import_places, shipped_place_files
from outcomes.reviews.models import Review, ReviewRevision, ReviewStatus
from outcomes.services.models import Service

# The places the brief for the history names, across regions.
NAMED_PLACES = {"E08000010", "E08000037", "E09000002", "E09000007", "E08000035", "E06000052"}


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
