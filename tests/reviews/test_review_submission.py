"""The task list, submitting, and amendments: new revisions, each readable, with diffs."""

from __future__ import annotations

from datetime import date

import pytest
from factories import create_user
from reviewing import Q2_2025, answers_for, file_review, fill
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.audit.models import AuditEvent
from outcomes.errors import Conflict, InvalidInput
from outcomes.frameworks.definition import Item
from outcomes.frameworks.models import Framework
from outcomes.frameworks.store import get_version
from outcomes.reviews.answers import AnswerInput, save_section
from outcomes.reviews.filing import start_review
from outcomes.reviews.locking import EditConflict
from outcomes.reviews.models import ConsentScope, Review, ReviewStatus
from outcomes.reviews.pinned import pinned_definition
from outcomes.reviews.reading import compare_revisions, get_revision, show_answers
from outcomes.reviews.sections import SectionState, review_sections
from outcomes.reviews.submission import (
    IncompleteReview,
    cancel_amendment,
    missing_answers,
    start_amendment,
    submit,
    task_list,
)
from outcomes.services.models import Service


@pytest.fixture
def review(db: Session, manager: User, service: Service, framework: Framework) -> Review:
    return start_review(
        db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )


def test_sections_are_the_principles_then_the_period(review: Review) -> None:
    sections = review_sections(pinned_definition(review))

    assert [s.key for s in sections] == [
        "principle-relational",
        "principle-strengths_based",
        "principle-holistic",
        "principle-preventative",
        "principle-joined_up",
        "principle-adaptive",
        "principle-equitable",
        "learning",
        "story",
        "measures",
        "barriers",
        "context",
    ]
    assert [i.id for i in sections[0].items] == ["relational", "relational_evidence"]
    assert sections[0].title == "Relational"


def test_a_places_extension_items_join_their_sections(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    for version in ("1.1.0", "2.0.0"):
        get_version(db, framework.slug, version).status = "retired"
    review = start_review(db, manager, service, framework, today=date(2025, 5, 1))

    sections = {s.key: s for s in review_sections(pinned_definition(review))}

    assert [i.id for i in sections["principle-joined_up"].items] == [
        "joined_up",
        "joined_up_evidence",
        "e08000010.neighbourhood_working",
    ]
    assert sections["learning"].items[-1].id == "e08000010.community_investment"


def test_each_section_shows_how_far_it_has_got(db: Session, manager: User, review: Review) -> None:
    save_section(
        db,
        manager,
        review,
        "principle-relational",
        {"relational_evidence": AnswerInput(value="Named workers.")},
        lock_version=review.lock_version,
    )
    save_section(
        db,
        manager,
        review,
        "principle-holistic",
        {"holistic": AnswerInput(value="2")},
        lock_version=review.lock_version,
    )
    save_section(
        db,
        manager,
        review,
        "story",
        {"story_of_change": AnswerInput(value="A story.", consent="place")},
        lock_version=review.lock_version,
    )

    tasks = {task.section.key: task for task in task_list(db, review)}

    assert tasks["principle-relational"].state is SectionState.IN_PROGRESS  # level missing
    assert tasks["principle-holistic"].state is SectionState.COMPLETED  # evidence optional
    assert tasks["story"].state is SectionState.COMPLETED
    assert tasks["measures"].state is SectionState.NOT_STARTED
    assert tasks["story"].optional and not tasks["measures"].optional


def test_a_review_is_submitted_when_every_required_question_is_answered(
    db: Session, manager: User, review: Review
) -> None:
    fill(db, manager, review)

    revision = submit(db, manager, review, lock_version=review.lock_version)

    assert review.status is ReviewStatus.SUBMITTED
    assert review.current_revision is revision
    assert revision.submitted_by_id == manager.id
    assert review.first_submitted_at == revision.submitted_at
    assert {t.state for t in task_list(db, review)} == {SectionState.COMPLETED}
    assert db.query(AuditEvent).filter_by(action="review.submit").one().after == {"revision": 1}


def test_a_draft_of_a_period_not_yet_started_is_not_submitted(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    # Started on 1 February 2027's terms, as a draft made before periods were checked was.
    draft = start_review(
        db,
        manager,
        service,
        framework,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 3, 31),
        today=date(2027, 2, 1),
    )
    fill(db, manager, draft)

    with pytest.raises(InvalidInput) as refused:
        submit(db, manager, draft, lock_version=draft.lock_version, today=date(2026, 11, 29))

    assert refused.value.field == "period_start"
    assert str(refused.value) == (
        "You cannot submit this review yet: its period, January to March 2027, starts on "
        "1 January 2027, after today (29 November 2026). A review looks back on work done, "
        "so submit it once the period has started."
    )
    assert draft.status is ReviewStatus.DRAFT and draft.current_revision is None
    assert draft.working_revision.submitted_at is None
    assert not db.query(AuditEvent).filter_by(action="review.submit").count()

    submit(db, manager, draft, lock_version=draft.lock_version, today=date(2027, 1, 1))
    assert draft.status is ReviewStatus.SUBMITTED


def test_submitting_too_early_lists_what_is_missing(
    db: Session, manager: User, review: Review
) -> None:
    sections = answers_for(review)
    for key in ("principle-relational", "principle-strengths_based", "learning", "context"):
        save_section(db, manager, review, key, sections[key], lock_version=review.lock_version)

    with pytest.raises(IncompleteReview) as refused:
        submit(db, manager, review, lock_version=review.lock_version)

    assert (
        str(refused.value) == "You cannot submit this review yet: 6 questions still need an answer."
    )
    assert [(m.section.key, m.message) for m in refused.value.missing] == [
        ("principle-holistic", "Choose a level for ‘How holistic is the service?’"),
        ("principle-preventative", "Choose a level for ‘How preventative is the service?’"),
        (
            "principle-joined_up",
            "Choose a level for ‘How joined-up is the service with its partners?’",
        ),
        ("principle-adaptive", "Choose a level for ‘How adaptive is the service?’"),
        ("principle-equitable", "Choose a level for ‘How equitable is the service?’"),
        ("measures", "Enter a number for people supported"),
    ]
    assert review.status is ReviewStatus.DRAFT


def test_a_submission_from_a_stale_page_is_refused(
    db: Session, manager: User, review: Review
) -> None:
    fill(db, manager, review)
    checked = review.lock_version
    save_section(db, manager, review, "story", {}, lock_version=review.lock_version)

    with pytest.raises(EditConflict):
        submit(db, manager, review, lock_version=checked)


def test_an_amendment_is_a_new_revision_with_a_reason(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    first = review.current_revision

    second = start_amendment(
        db,
        manager,
        review,
        reason="The count of people was wrong.",
        lock_version=review.lock_version,
    )
    save_section(
        db,
        manager,
        review,
        "measures",
        {**answers_for(review)["measures"], "people_supported": AnswerInput(value="95")},
        lock_version=review.lock_version,
    )

    # Until the amendment is submitted, everyone reads the first revision.
    assert review.current_revision is first
    assert (second.number, second.reason) == (2, "The count of people was wrong.")
    submit(db, manager, review, lock_version=review.lock_version)
    assert review.current_revision is second
    assert get_revision(review, 1) is first
    [change] = compare_revisions(manager, review, first, second)
    assert change.item.id == "people_supported"
    assert (change.before.summary, change.after.summary) == ("120 people", "95 people")
    amend = db.query(AuditEvent).filter_by(action="review.amend").one()
    assert amend.after == {"revision": 2, "reason": "The count of people was wrong."}


def test_the_earlier_revision_keeps_its_own_answers(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    start_amendment(db, manager, review, reason="Clearer words.", lock_version=review.lock_version)
    save_section(
        db,
        manager,
        review,
        "learning",
        {**answers_for(review)["learning"], "what_we_tried": AnswerInput(value="Rewritten.")},
        lock_version=review.lock_version,
    )
    submit(db, manager, review, lock_version=review.lock_version)
    db.expire_all()

    first = {a.item.id: a.text for a in show_answers(manager, review, get_revision(review, 1))}
    second = {a.item.id: a.text for a in show_answers(manager, review, get_revision(review, 2))}
    assert first["what_we_tried"] == "Our answer to what_we_tried."
    assert second["what_we_tried"] == "Rewritten."


def test_an_amendment_needs_a_reason(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)

    with pytest.raises(InvalidInput, match="Say why you are amending the review"):
        start_amendment(db, manager, review, reason="   ", lock_version=review.lock_version)


def test_an_amendment_that_changes_nothing_is_not_submitted(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    start_amendment(db, manager, review, reason="Checking.", lock_version=review.lock_version)

    with pytest.raises(InvalidInput, match="No answer has changed since revision 1"):
        submit(db, manager, review, lock_version=review.lock_version)


def test_an_amendment_can_be_cancelled(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    start_amendment(
        db, manager, review, reason="Started by mistake.", lock_version=review.lock_version
    )

    cancel_amendment(db, manager, review, lock_version=review.lock_version)

    assert [r.number for r in review.revisions] == [1]
    assert review.working_revision is review.current_revision
    assert db.query(AuditEvent).filter_by(action="review.cancel_amendment").count() == 1


def test_a_second_amendment_cannot_start_while_one_is_in_progress(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    start_amendment(db, manager, review, reason="One.", lock_version=review.lock_version)

    with pytest.raises(Conflict, match="already in progress"):
        start_amendment(db, manager, review, reason="Two.", lock_version=review.lock_version)


def test_consent_decides_who_reads_a_story_in_a_revision_and_its_diff(
    db: Session, manager: User, service: Service, framework: Framework
) -> None:
    story = AnswerInput(value="Jo's story.", consent=ConsentScope.PLACE, personal_details=True)
    review = file_review(db, manager, service, framework, story_of_change=story)
    regulator = create_user(db, role=Role.REGULATOR)

    [mine] = show_answers(manager, review, review.current_revision, [story_item(review)])
    [theirs] = show_answers(regulator, review, review.current_revision, [story_item(review)])

    assert (mine.text, mine.personal_details) == ("Jo's story.", True)
    assert theirs.text is None
    assert theirs.withheld == "Only people working for Wigan can read this."


def test_missing_answers_of_a_complete_draft_is_empty(
    db: Session, manager: User, review: Review
) -> None:
    fill(db, manager, review)

    assert missing_answers(db, review) == []


def story_item(review: Review) -> Item:
    item = pinned_definition(review).item("story_of_change")
    assert item is not None
    return item
