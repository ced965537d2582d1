"""Saving a section's answers: checked against the pinned items, kept as typed, never
written over someone else's save."""

from __future__ import annotations

import pytest
from factories import create_user
from reviewing import Q2_2025
from sqlalchemy import text, update
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.audit.models import AuditEvent
from outcomes.errors import InvalidInput
from outcomes.frameworks.models import Framework
from outcomes.places.models import Place
from outcomes.reviews.answers import AnswerInput, InvalidAnswers, save_section
from outcomes.reviews.filing import start_review
from outcomes.reviews.locking import EditConflict
from outcomes.reviews.models import ConsentScope, Review
from outcomes.reviews.values import revision_values
from outcomes.services.models import Service

UNUSUAL = (
    "Family said: “it’s the first time anyone listened” 🙂👨‍👩‍👧",
    "שלום — قالت الأسرة إن الدعم ساعدها",
    "<script>alert('x')</script><b>bold</b> &amp; &lt;",
    '=HYPERLINK("http://example.com","click")',
    "+SUM(A1:A9)\t-1\n@cmd\r\nline three  ",
)


@pytest.fixture
def review(db: Session, manager: User, service: Service, framework: Framework) -> Review:
    return start_review(
        db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )


def save(
    db: Session,
    user: User,
    review: Review,
    key: str,
    complete: bool = False,
    **answers: AnswerInput,
) -> list[str]:
    return save_section(
        db, user, review, key, answers, lock_version=review.lock_version, complete=complete
    )


def test_a_section_is_saved_to_the_draft(db: Session, manager: User, review: Review) -> None:
    lock = review.lock_version

    changed = save(
        db,
        manager,
        review,
        "measures",
        people_supported=AnswerInput(value="1,200"),
        weeks_to_help=AnswerInput(value="2.5"),
    )

    assert changed == ["people_supported", "weeks_to_help"]
    assert revision_values(review.working_revision) == {
        "people_supported": {"number": 1200},
        "weeks_to_help": {"number": 2.5},
    }
    assert review.lock_version == lock + 1


def test_each_save_records_what_changed_before_and_after(
    db: Session, manager: User, review: Review
) -> None:
    save(db, manager, review, "learning", what_we_tried=AnswerInput(value="Open drop-ins."))
    save(
        db,
        manager,
        review,
        "learning",
        what_we_tried=AnswerInput(value="Evening drop-ins."),
        what_we_learned=AnswerInput(value="Fathers came."),
    )

    events = db.query(AuditEvent).filter_by(action="review.save").order_by(AuditEvent.id).all()
    assert [e.subject_id for e in events] == [str(review.id)] * 2
    assert events[1].before == {
        "revision": 1,
        "answers": {"what_we_tried": {"text": "Open drop-ins."}, "what_we_learned": None},
    }
    assert events[1].after == {
        "revision": 1,
        "answers": {
            "what_we_tried": {"text": "Evening drop-ins."},
            "what_we_learned": {"text": "Fathers came."},
        },
    }


def test_saving_the_same_answers_again_changes_nothing(
    db: Session, manager: User, review: Review
) -> None:
    save(db, manager, review, "measures", people_supported=AnswerInput(value="12"))
    lock = review.lock_version

    assert save(db, manager, review, "measures", people_supported=AnswerInput(value=12)) == []
    assert review.lock_version == lock
    assert db.query(AuditEvent).filter_by(action="review.save").count() == 1


def test_an_item_left_out_is_cleared(db: Session, manager: User, review: Review) -> None:
    save(db, manager, review, "measures", people_supported=AnswerInput(value="12"))

    save(db, manager, review, "measures")

    assert revision_values(review.working_revision) == {}


def test_every_kind_of_item_is_stored_in_its_own_shape(
    db: Session, manager: User, review: Review
) -> None:
    save(db, manager, review, "principle-relational", relational=AnswerInput(value="4"))
    save(
        db,
        manager,
        review,
        "context",
        partners=AnswerInput(choices=["police", "nhs"]),
        lived_experience=AnswerInput(value="shaped"),
    )
    save(
        db,
        manager,
        review,
        "story",
        story_of_change=AnswerInput(
            value="Amira's story.", consent=ConsentScope.PLACE, personal_details=True
        ),
    )
    save(
        db,
        manager,
        review,
        "barriers",
        national_barriers=AnswerInput(
            asks={"workforce": "", "devolution": "Let us pool budgets."},
            consent=ConsentScope.PUBLIC,
        ),
    )

    db.expire_all()
    assert revision_values(review.working_revision) == {
        "relational": {"level": 4},
        "partners": {"choices": ["nhs", "police"]},  # in the framework's order
        "lived_experience": {"choices": ["shaped"]},
        "story_of_change": {"text": "Amira's story.", "consent": "place", "personal_details": True},
        "national_barriers": {
            "asks": {"devolution": "Let us pool budgets.", "workforce": ""},
            "consent": "public",
        },
    }


@pytest.mark.parametrize("typed", UNUSUAL)
def test_unusual_text_is_kept_exactly_as_typed(
    db: Session, manager: User, review: Review, typed: str
) -> None:
    save(db, manager, review, "learning", what_we_tried=AnswerInput(value=typed))

    db.expire_all()
    stored = db.scalar(text("SELECT value_text FROM answer WHERE item_id = 'what_we_tried'"))
    assert stored == typed


def test_text_up_to_the_limit_is_kept_and_one_more_character_is_refused(
    db: Session, manager: User, review: Review
) -> None:
    longest = "🙂" + "x" * 3998 + "ש"  # 4,000 characters

    save(db, manager, review, "learning", what_we_tried=AnswerInput(value=longest))
    with pytest.raises(InvalidAnswers) as refused:
        save(db, manager, review, "learning", what_we_tried=AnswerInput(value=longest + "!"))

    assert refused.value.errors == {
        "what_we_tried": "What we tried must be 4,000 characters or fewer"
    }
    db.expire_all()
    assert revision_values(review.working_revision)["what_we_tried"] == {"text": longest}


def test_text_of_only_spaces_is_no_answer(db: Session, manager: User, review: Review) -> None:
    save(db, manager, review, "learning", what_we_tried=AnswerInput(value="  \n "))

    assert revision_values(review.working_revision) == {}


def test_every_problem_is_reported_at_once_and_nothing_is_saved(
    db: Session, manager: User, review: Review
) -> None:
    save(db, manager, review, "measures", homes_kept=AnswerInput(value="3"))

    with pytest.raises(InvalidAnswers) as refused:
        save(
            db,
            manager,
            review,
            "measures",
            people_supported=AnswerInput(value="twelve"),
            families_improved=AnswerInput(value="2.5"),
            wellbeing_improved=AnswerInput(value="-1"),
            homes_kept=AnswerInput(value="4"),
            residents_volunteering=AnswerInput(value="10,000,001"),
            weeks_to_help=AnswerInput(value="inf"),
        )

    assert refused.value.errors == {
        "people_supported": "People supported must be a number, like 12",
        "families_improved": "Families whose situation improved must be a whole number, like 12",
        "wellbeing_improved": "People reporting better wellbeing must be between 0 and 10,000,000",
        "residents_volunteering": (
            "Residents volunteering alongside the service must be between 0 and 10,000,000"
        ),
        "weeks_to_help": (
            "Average weeks from first contact to help must be a number, like 12 or 2.5"
        ),
    }
    assert revision_values(review.working_revision) == {"homes_kept": {"number": 3}}


@pytest.mark.parametrize(
    ("key", "answers", "errors"),
    [
        (
            "principle-relational",
            {"relational": AnswerInput(value="7")},
            {"relational": "Choose one of the levels shown for ‘How relational is the service?’"},
        ),
        (
            "context",
            {"partners": AnswerInput(choices=["nhs", "the_moon"])},
            {"partners": "Choose only from the answers shown for ‘Partners involved in this work’"},
        ),
        (
            "barriers",
            {"national_barriers": AnswerInput(asks={"gravity": None})},
            {
                "national_barriers": "Choose only from the barriers shown for "
                "‘National rules that got in the way’"
            },
        ),
        (
            "barriers",
            {"national_barriers": AnswerInput(asks={"regulation": "x" * 1501})},
            {
                "national_barriers:ask:regulation": "What you need from central government about "
                "‘Regulation and inspection’ must be 1,500 characters or fewer"
            },
        ),
        (
            "story",
            {"story_of_change": AnswerInput(value="A story.")},
            {"story_of_change:consent": "Choose who may read ‘A story of change’"},
        ),
        (
            "story",
            {
                "story_of_change": AnswerInput(
                    value="A story.", consent="public", personal_details=True
                )
            },
            {
                "story_of_change:consent": "‘A story of change’ contains personal details, so it "
                "cannot be shared publicly. Remove the details, or choose who else may read it."
            },
        ),
        (
            "learning",
            {"what_we_tried": AnswerInput(value="Nul\x00here")},
            {
                "what_we_tried": "What we tried contains a null character, which cannot be "
                "saved. Remove it."
            },
        ),
    ],
)
def test_answers_that_break_the_items_rules_are_refused(
    db: Session,
    manager: User,
    review: Review,
    key: str,
    answers: dict[str, AnswerInput],
    errors: dict[str, str],
) -> None:
    with pytest.raises(InvalidAnswers) as refused:
        save(db, manager, review, key, **answers)

    assert refused.value.errors == errors
    assert revision_values(review.working_revision) == {}


def test_a_finished_section_needs_its_required_answers(
    db: Session, manager: User, review: Review
) -> None:
    answers = {"what_we_tried": AnswerInput(value="Drop-ins.")}

    with pytest.raises(InvalidAnswers) as refused:
        save(db, manager, review, "learning", complete=True, **answers)

    assert refused.value.errors == {
        "changed_for_people": "Enter what changed for people",
        "what_we_learned": "Enter what we learned",
        "what_we_will_change": "Enter what we will change next",
        "who_benefited": "Enter who benefited, and who did not",
    }
    # Saved to come back to later, the same answers are kept.
    assert save(db, manager, review, "learning", **answers) == ["what_we_tried"]


def test_a_question_from_another_section_is_refused(
    db: Session, manager: User, review: Review
) -> None:
    with pytest.raises(InvalidInput, match="This section has no question people_supported"):
        save(db, manager, review, "learning", people_supported=AnswerInput(value="3"))


def test_a_save_from_a_page_opened_before_another_save_is_refused(
    db: Session, manager: User, review: Review
) -> None:
    opened = review.lock_version
    save(db, manager, review, "learning", what_we_tried=AnswerInput(value="Sam's answer."))

    with pytest.raises(EditConflict) as refused:
        save_section(
            db,
            manager,
            review,
            "learning",
            {"what_we_tried": AnswerInput(value="Alex's answer.")},
            lock_version=opened,
        )

    assert str(refused.value).startswith("You changed this review in another tab or window at ")
    assert revision_values(review.working_revision) == {"what_we_tried": {"text": "Sam's answer."}}


def test_the_conflict_names_who_saved(
    db: Session, manager: User, review: Review, wigan: Place
) -> None:
    colleague = create_user(db, places=[wigan])
    opened = review.lock_version
    save(db, colleague, review, "learning", what_we_tried=AnswerInput(value="Theirs."))

    with pytest.raises(EditConflict, match=f"^{colleague.display_name} changed this review at"):
        save_section(db, manager, review, "learning", {}, lock_version=opened)


def test_two_saves_racing_from_the_same_lock_cannot_both_win(
    db: Session, manager: User, review: Review
) -> None:
    # Another request saved between this one reading the review and writing it.
    db.execute(
        update(Review)
        .where(Review.id == review.id)
        .values(lock_version=Review.lock_version + 1)
        .execution_options(synchronize_session=False)
    )

    with pytest.raises(EditConflict, match=r"^Someone else has changed this review"):
        save(db, manager, review, "learning", what_we_tried=AnswerInput(value="Mine."))
