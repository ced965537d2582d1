"""Searching submitted reviews' text answers, on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

import math
from datetime import date

import pytest
from factories import create_place, create_review, create_service, create_user, sign_in
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import outcomes.reviews.search
from outcomes.accounts.models import Role, User
from outcomes.errors import InvalidInput
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.models import Place
from outcomes.places.operations import get_place
from outcomes.reviews.models import Answer, ConsentScope, Review, ReviewRevision
from outcomes.reviews.search import search_answers
from outcomes.reviews.search_index import search_paused


@pytest.fixture
def regulator(db: Session) -> User:
    return create_user(db, role=Role.REGULATOR)


@pytest.fixture
def wigan_review(db: Session, frameworks: dict[str, FrameworkVersion]) -> Review:
    service = create_service(db, place=get_place(db, "E08000010"), name="Start Well family hubs")
    return create_review(
        db,
        version=frameworks["1.1.0"],
        service=service,
        answers={
            "what_we_tried": "Evening sessions so that working families could come to the hub.",
            "what_we_learned": "Fathers came when another dad invited them.",
        },
    )


@pytest.fixture(params=["from the index", "newest first"])
def reading(request: pytest.FixtureRequest, db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL reads a common word's pages newest-first and any other word's from the
    index: the same rules must hold both ways, so these tests run through each."""
    if request.param == "newest first":
        if db.get_bind().dialect.name == "sqlite":
            pytest.skip("SQLite reads every search from its FTS5 index")
        newest_first = outcomes.reviews.search._postgresql_newest_first
        monkeypatch.setattr(outcomes.reviews.search, "_postgresql_matches", newest_first)


def found(db: Session, actor: User, query: str) -> list[tuple[str, str]]:
    return [
        (hit.review.service.name, hit.item_label) for hit in search_answers(db, actor, query).items
    ]


@pytest.mark.usefixtures("reading")
def test_a_hit_names_the_place_service_and_question(
    db: Session, regulator: User, wigan_review: Review
) -> None:
    results = search_answers(db, regulator, "evening sessions")

    [hit] = results.items
    assert hit.review == wigan_review
    assert hit.review.service.place.name == "Wigan"
    assert hit.item_label == "What we tried"
    assert [text for text, matched in hit.snippet if matched] == ["Evening", "sessions"]
    assert "".join(text for text, _ in hit.snippet) == (
        "Evening sessions so that working families could come to the hub."
    )


@pytest.mark.usefixtures("reading")
def test_words_are_matched_by_their_stem(
    db: Session, regulator: User, wigan_review: Review
) -> None:
    assert found(db, regulator, "family") == [("Start Well family hubs", "What we tried")]
    assert found(db, regulator, "father invites") == [("Start Well family hubs", "What we learned")]


@pytest.mark.usefixtures("reading")
def test_every_word_must_be_found(db: Session, regulator: User, wigan_review: Review) -> None:
    assert found(db, regulator, "evening fathers") == []


def draft_and_amendment(
    db: Session, review: Review, frameworks: dict[str, FrameworkVersion]
) -> None:
    """A draft saying "Evening", and ``review`` amended to say "Morning sessions"."""
    create_review(
        db,
        version=frameworks["1.1.0"],
        submitted=False,
        answers={"what_we_tried": "Evening draft."},
    )
    amended = ReviewRevision(number=2, reason="Reworded", created_by=review.created_by)
    amended.answers.append(Answer(item_id="what_we_tried", value_text="Morning sessions."))
    review.revisions.append(amended)
    db.flush()
    review.current_revision = amended
    db.flush()


def stories_under_each_consent(
    db: Session, frameworks: dict[str, FrameworkVersion], story: str
) -> Place:
    """Wigan, with a service telling ``story`` under each consent scope."""
    wigan = get_place(db, "E08000010")
    for scope in ConsentScope:
        create_review(
            db,
            version=frameworks["1.1.0"],
            service=create_service(db, place=wigan, name=f"Service {scope.value}"),
            answers={"story_of_change": f"{story}, {scope.value}."},
            consent=scope,
        )
    return wigan


@pytest.mark.usefixtures("reading")
def test_drafts_and_replaced_revisions_are_not_searched(
    db: Session, regulator: User, wigan_review: Review, frameworks: dict[str, FrameworkVersion]
) -> None:
    draft_and_amendment(db, wigan_review, frameworks)

    assert found(db, regulator, "evening") == []
    assert found(db, regulator, "morning") == [("Start Well family hubs", "What we tried")]


@pytest.mark.usefixtures("reading")
def test_consent_decides_who_finds_a_story(
    db: Session, regulator: User, frameworks: dict[str, FrameworkVersion]
) -> None:
    wigan = stories_under_each_consent(db, frameworks, "A story about allotments")
    own = create_user(db, places=[wigan])
    other = create_user(db, places=[create_place(db)])

    def services(actor: User) -> list[str]:
        return sorted(name for name, _ in found(db, actor, "allotments"))

    assert services(own) == ["Service place", "Service public", "Service regulators"]
    assert services(regulator) == ["Service public", "Service regulators"]
    assert services(other) == ["Service public"]
    assert services(create_user(db, role=Role.ADMIN)) == services(own)


def test_the_sample_counts_what_each_reader_finds(
    db: Session,
    regulator: User,
    wigan_review: Review,
    frameworks: dict[str, FrameworkVersion],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if db.get_bind().dialect.name == "sqlite":
        pytest.skip("SQLite counts every search in its FTS5 index")
    draft_and_amendment(db, wigan_review, frameworks)
    wigan = stories_under_each_consent(db, frameworks, "Evening allotments")
    # The whole table as the sample, so that it must count what the search finds.
    monkeypatch.setattr(outcomes.reviews.search, "SAMPLED_PERCENT", 100)
    monkeypatch.setattr(outcomes.reviews.search, "SAMPLED_ENOUGH", 0)
    sample = outcomes.reviews.search._postgresql_sample
    readers = (
        regulator,
        create_user(db, places=[wigan]),
        create_user(db, places=[create_place(db)]),
        create_user(db, role=Role.ADMIN),
    )

    found = [search_answers(db, actor, "evening").total for actor in readers]
    sampled = [sample(db, actor, ["evening"]) for actor in readers]

    # Current, submitted and readable: not the draft, not the replaced revision.
    assert found == [2, 3, 1, 3]
    assert [counted.matches if counted else None for counted in sampled] == found


@pytest.mark.parametrize("query", ['evening "sessions', "evening AND (sessions*", "evening: -NOT"])
def test_search_syntax_typed_by_people_is_read_as_words(
    db: Session, regulator: User, wigan_review: Review, query: str
) -> None:
    assert search_answers(db, regulator, query).total <= 1


def test_html_in_an_answer_comes_back_as_text(
    db: Session, regulator: User, frameworks: dict[str, FrameworkVersion]
) -> None:
    create_review(
        db, version=frameworks["1.1.0"], answers={"what_we_tried": "<b>Bold</b> lanterns & more"}
    )

    [hit] = search_answers(db, regulator, "lanterns").items

    assert "".join(text for text, _ in hit.snippet) == "<b>Bold</b> lanterns & more"


def lantern_walks(db: Session, frameworks: dict[str, FrameworkVersion], count: int) -> None:
    for number in range(count):
        create_review(
            db, version=frameworks["1.1.0"], answers={"what_we_tried": f"Lantern walk {number}."}
        )


def test_a_search_needs_words(db: Session, regulator: User) -> None:
    with pytest.raises(InvalidInput, match="Enter one or more words"):
        search_answers(db, regulator, " ?! ")


@pytest.mark.usefixtures("reading")
def test_results_come_a_page_at_a_time(
    db: Session, regulator: User, frameworks: dict[str, FrameworkVersion]
) -> None:
    lantern_walks(db, frameworks, 5)

    first = search_answers(db, regulator, "lantern", per_page=2)
    last = search_answers(db, regulator, "lantern", page=3, per_page=2)

    assert (first.total, first.pages, len(first.items)) == (5, 3, 2)
    assert len(last.items) == 1


@pytest.mark.usefixtures("reading")
def test_the_answers_written_most_recently_come_first(
    db: Session, regulator: User, frameworks: dict[str, FrameworkVersion]
) -> None:
    for start, end in (
        (date(2025, 10, 1), date(2025, 12, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
    ):
        create_review(
            db,
            version=frameworks["1.1.0"],
            period_start=start,
            period_end=end,
            answers={"what_we_tried": f"Lantern walks from {start:%B}."},
        )

    hits = search_answers(db, regulator, "lantern").items

    # The April review was filed after the October one.
    assert [hit.review.period_start for hit in hits] == [date(2025, 4, 1), date(2025, 10, 1)]


def test_huge_counts_are_about_a_number_and_pages_stop_at_the_counted(
    db: Session, regulator: User, frameworks: dict[str, FrameworkVersion]
) -> None:
    lantern_walks(db, frameworks, 7)

    exact = search_answers(db, regulator, "lantern", per_page=2, max_counted=7)
    capped = search_answers(db, regulator, "lantern", per_page=2, max_counted=4)
    beyond = search_answers(db, regulator, "lantern", page=9, per_page=2, max_counted=4)

    assert (exact.total, exact.about) == (7, None)
    assert capped.total == 4 and capped.pages == 2
    assert capped.about is not None and capped.about >= 5
    assert [hit.snippet for hit in capped.items] == [hit.snippet for hit in exact.items]
    assert beyond.page == 2 and len(beyond.items) == 2


def lantern_page(db: Session, actor: User, page: int) -> list[str]:
    """Which lantern walks a page of two shows, with pages up to the fourth match."""
    found = search_answers(db, actor, "lantern", page=page, per_page=2, max_counted=4)
    return [hit.snippet[-1][0] for hit in found.items]


def test_a_common_word_is_paged_newest_first_without_counting(
    db: Session,
    regulator: User,
    frameworks: dict[str, FrameworkVersion],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if db.get_bind().dialect.name == "sqlite":
        pytest.skip("SQLite counts every search in its FTS5 index")
    lantern_walks(db, frameworks, 7)

    def pages() -> list[list[str]]:
        return [lantern_page(db, regulator, 1), lantern_page(db, regulator, 2)]

    from_the_index = pages()
    # As if the sample had found the word everywhere (this database is too small for a
    # sample to say anything).
    monkeypatch.setattr(outcomes.reviews.search, "SAMPLED_ENOUGH", 0)
    monkeypatch.setattr(outcomes.reviews.search, "UNCOUNTED_FROM", 0)
    monkeypatch.setattr(outcomes.reviews.search, "NEWEST_FIRST_READS", math.inf)
    # Neither counted nor taken from the index.
    monkeypatch.setattr(outcomes.reviews.search, "_counted", pytest.fail)
    monkeypatch.setattr(outcomes.reviews.search, "_matches", pytest.fail)

    assert pages() == from_the_index == [[" walk 6.", " walk 5."], [" walk 4.", " walk 3."]]


def test_when_the_newest_answers_fall_short_the_index_gives_the_page(
    db: Session,
    regulator: User,
    frameworks: dict[str, FrameworkVersion],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if db.get_bind().dialect.name == "sqlite":
        pytest.skip("SQLite reads every search from its FTS5 index")
    lantern_walks(db, frameworks, 7)
    for _ in range(3):
        create_review(db, version=frameworks["1.1.0"], answers={"what_we_tried": "Kite days."})
    # As if the sample had found the word in every answer: the page is expected within
    # the newest four, which are all about kites.
    sample = outcomes.reviews.search._Sample(answers=100, matches=100)
    monkeypatch.setattr(outcomes.reviews.search, "_postgresql_sample", lambda *_: sample)
    monkeypatch.setattr(outcomes.reviews.search, "NEWEST_FIRST_READS", 4)

    assert lantern_page(db, regulator, 1) == [" walk 6.", " walk 5."]


def test_the_page_says_about_for_huge_counts(
    client: FlaskClient,
    db: Session,
    regulator: User,
    frameworks: dict[str, FrameworkVersion],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outcomes.reviews.search, "MAX_COUNTED", 2)
    lantern_walks(db, frameworks, 3)
    sign_in(client, regulator)
    page = client.get("/search/?q=lantern").get_data(as_text=True)
    assert "About 3 answers found" in page or "About 4 answers found" in page
    assert "written most recently" in page


def test_answers_loaded_with_the_index_paused_are_found_and_later_ones_too(
    db: Session, regulator: User, frameworks: dict[str, FrameworkVersion]
) -> None:
    with search_paused(db):
        create_review(db, version=frameworks["1.1.0"], answers={"what_we_tried": "Kite days."})
    create_review(db, version=frameworks["1.1.0"], answers={"what_we_tried": "Kite walks."})

    assert search_answers(db, regulator, "kite").total == 2
