"""The review pages through the Flask test client: filing, checking, submitting, reading,
feedback, amendments and search."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import create_place, create_user, sign_in
from flask.testing import FlaskClient
from reviewing import Q2_2025, Q3_2025, file_review, fill
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.frameworks.models import Framework
from outcomes.places.models import Place
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.filing import start_review
from outcomes.reviews.models import Feedback, Review
from outcomes.reviews.periods import describe_period, quarter_containing, utc_today
from outcomes.reviews.values import revision_values
from outcomes.services.models import Service

HOSTILE = "<script>alert('hi')</script> =SUM(A1) שלום 🙂"


@pytest.fixture
def draft(db: Session, manager: User, service: Service, framework: Framework) -> Review:
    return start_review(
        db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )


def start_data(service: Service) -> dict[str, object]:
    """The start form filled in for April to June 2025."""
    return {
        "service": str(service.id),
        "framework": "public-service-reform",
        "period_start": ["1", "4", "2025"],
        "period_end": ["30", "6", "2025"],
    }


def switch(client: FlaskClient, user: User) -> None:
    """Sign out whoever is signed in, and sign in as ``user``."""
    client.post("/sign-out")
    sign_in(client, user)


def page(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def post(client: FlaskClient, url: str, data: dict[str, object], status: int = 302) -> str:
    response = client.post(url, data=data)
    assert response.status_code == status, response.get_data(as_text=True)
    return (
        response.headers.get("Location", "") if status == 302 else response.get_data(as_text=True)
    )


def test_a_manager_starts_a_review_for_the_current_quarter(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    sign_in(client, manager)
    start, end = quarter_containing(date.today())

    html = page(client, "/reviews/new")
    assert f'name="period_start" type="text" value="{start:%d}"' in html
    assert f'value="{end:%m}"' in html

    location = post(
        client,
        "/reviews/new",
        start_data(service),
    )
    review = db.query(Review).one()
    assert location == f"/reviews/{review.id}/tasks"
    tasks = page(client, location)
    assert "You have completed 0 of 12 sections" in tasks
    assert "How the service works" in tasks
    assert f'href="/reviews/{review.id}/sections/principle-relational"' in tasks


def test_a_duplicate_review_is_refused_with_a_link_to_the_first(
    client: FlaskClient, manager: User, service: Service, draft: Review
) -> None:
    sign_in(client, manager)

    html = post(
        client,
        "/reviews/new",
        start_data(service),
        status=200,
    )

    assert "There is a problem" in html
    assert "already has a review for April to June 2025" in html
    assert f'href="/reviews/{draft.id}"' in html


def next_quarter() -> tuple[date, date]:
    """The quarter after the one under way: not started yet, whenever the tests run."""
    return quarter_containing(quarter_containing(utc_today())[1] + timedelta(days=1))


def period_data(start: date, end: date) -> dict[str, object]:
    return {
        "period_start": [str(start.day), str(start.month), str(start.year)],
        "period_end": [str(end.day), str(end.month), str(end.year)],
    }


def test_a_period_not_yet_started_is_refused_on_the_period(
    db: Session, client: FlaskClient, manager: User, service: Service
) -> None:
    sign_in(client, manager)
    today = utc_today()

    html = post(
        client, "/reviews/new", {**start_data(service), **period_data(*next_quarter())}, status=200
    )

    message = (
        f"The period must start on or before today ({today.day} {today:%B %Y}): "
        "a review looks back on work done"
    )
    assert "There is a problem" in html
    assert f'<a href="#period_start-day">{message}</a>' in html  # the summary links the field
    assert '<p id="period_start-error" class="govuk-error-message">' in html
    assert html.count(message) == 2  # in the summary and on the field
    assert db.query(Review).count() == 0


def test_a_period_overlapping_another_review_is_refused_with_a_link_to_it(
    db: Session, client: FlaskClient, manager: User, service: Service, draft: Review
) -> None:
    sign_in(client, manager)

    html = post(
        client,
        "/reviews/new",
        {**start_data(service), **period_data(date(2025, 5, 1), date(2025, 7, 31))},
        status=200,
    )

    message = (
        "Start Well family hubs already has a review for April to June 2025 (Public service "
        "reform learning review), which overlaps this period. Choose a period that does not "
        "overlap it, or open that review."
    )
    assert "There is a problem" in html
    assert f'<a href="#period_start-day">{message}</a>' in html
    assert '<p id="period_start-error" class="govuk-error-message">' in html
    assert html.count(message) == 2
    assert f'href="/reviews/{draft.id}"' in html
    assert db.query(Review).all() == [draft]


def test_a_draft_of_a_period_not_yet_started_is_not_submitted(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    start, end = next_quarter()
    # Made as a draft was before periods were checked: on a day within its period.
    draft = start_review(
        db, manager, service, framework, period_start=start, period_end=end, today=start
    )
    fill(db, manager, draft)
    sign_in(client, manager)

    html = post(client, f"/reviews/{draft.id}/check", {"lock_version": draft.lock_version}, 400)

    assert "There is a problem" in html
    assert (
        f"You cannot submit this review yet: its period, {describe_period(start, end)}, starts "
        f"on {start.day} {start:%B %Y}"
    ) in html
    assert "submit it once the period has started" in html
    db.refresh(draft)
    assert draft.current_revision is None and draft.working_revision.submitted_at is None


def test_a_service_not_offered_is_refused_naming_the_question(
    client: FlaskClient, manager: User, service: Service
) -> None:
    sign_in(client, manager)

    html = post(client, "/reviews/new", {**start_data(service), "service": "9999"}, status=200)

    assert "There is a problem" in html
    assert "Choose one of the options listed for ‘Which service is this review for?’" in html


def test_a_section_saves_and_moves_on(
    db: Session, client: FlaskClient, manager: User, draft: Review
) -> None:
    sign_in(client, manager)

    location = post(
        client,
        f"/reviews/{draft.id}/sections/measures",
        {
            "lock_version": draft.lock_version,
            "people_supported": "1,240",
            "weeks_to_help": "3",
            "save_and_continue": "y",
        },
    )

    assert location == f"/reviews/{draft.id}/sections/barriers"
    assert revision_values(draft.working_revision)["people_supported"] == {"number": 1240}
    assert 'value="1240"' in page(client, f"/reviews/{draft.id}/sections/measures")


@pytest.mark.parametrize("given", ["1e3", "+12", "١٢", "1 000"])
def test_a_number_not_written_in_plain_digits_is_refused_on_the_page(
    client: FlaskClient, manager: User, draft: Review, given: str
) -> None:
    sign_in(client, manager)

    html = post(
        client,
        f"/reviews/{draft.id}/sections/measures",
        {"lock_version": draft.lock_version, "people_supported": given, "save_for_later": "y"},
        status=200,
    )

    assert "People supported must be a number, like 12" in html
    assert revision_values(draft.working_revision) == {}


def test_save_and_come_back_later_goes_to_the_task_list(
    client: FlaskClient, manager: User, draft: Review
) -> None:
    sign_in(client, manager)

    location = post(
        client,
        f"/reviews/{draft.id}/sections/learning",
        {"lock_version": draft.lock_version, "what_we_tried": "Drop-ins.", "save_for_later": "y"},
    )

    assert location == f"/reviews/{draft.id}/tasks"
    tasks = page(client, location)
    assert "Your answers have been saved" in tasks
    assert "In progress" in tasks


def test_an_answer_that_breaks_a_rule_is_shown_again_with_the_error(
    client: FlaskClient, manager: User, draft: Review
) -> None:
    sign_in(client, manager)

    html = post(
        client,
        f"/reviews/{draft.id}/sections/measures",
        {
            "lock_version": draft.lock_version,
            "people_supported": "about forty",
            "homes_kept": "7",
            "save_and_continue": "y",
        },
        status=200,
    )

    assert "<title>Error: Measures" in html
    assert '<a href="#people_supported">People supported must be a number, like 12</a>' in html
    assert 'value="about forty"' in html and 'value="7"' in html
    assert revision_values(draft.working_revision) == {}


def test_a_barrier_the_form_does_not_offer_is_refused_by_name(
    client: FlaskClient, manager: User, draft: Review
) -> None:
    sign_in(client, manager)

    html = post(
        client,
        f"/reviews/{draft.id}/sections/barriers",
        {"lock_version": draft.lock_version, "national_barriers": "nope", "save_and_continue": "y"},
        status=200,
    )

    assert "There is a problem" in html
    assert "Choose only from the barriers shown" in html
    assert revision_values(draft.working_revision) == {}


def test_a_required_question_left_blank_stops_save_and_continue_only(
    client: FlaskClient, manager: User, draft: Review
) -> None:
    sign_in(client, manager)
    data = {"lock_version": draft.lock_version, "relational_evidence": "Named workers."}

    html = post(
        client,
        f"/reviews/{draft.id}/sections/principle-relational",
        {**data, "save_and_continue": "y"},
        status=200,
    )
    assert "Choose a level for ‘How relational is the service?’" in html

    post(
        client,
        f"/reviews/{draft.id}/sections/principle-relational",
        {**data, "save_for_later": "y"},
    )
    assert revision_values(draft.working_revision) == {
        "relational_evidence": {"text": "Named workers."}
    }


def test_a_second_save_from_an_old_page_is_refused_and_shows_both_answers(
    db: Session, client: FlaskClient, manager: User, draft: Review, wigan: Place
) -> None:
    colleague = create_user(db, places=[wigan])
    opened = draft.lock_version
    sign_in(client, colleague)
    post(
        client,
        f"/reviews/{draft.id}/sections/learning",
        {"lock_version": opened, "what_we_tried": "Colleague's words.", "save_for_later": "y"},
    )
    switch(client, manager)

    html = post(
        client,
        f"/reviews/{draft.id}/sections/learning",
        {"lock_version": opened, "what_we_tried": "My words.", "save_for_later": "y"},
        status=409,
    )

    assert f"{colleague.display_name} changed this review at" in html
    assert "has not been saved" in html
    assert "What is saved now" in html and "Colleague&#39;s words." in html
    assert ">My words.</textarea>" in html
    assert f'name="lock_version" type="hidden" value="{opened + 1}"' in html
    assert revision_values(draft.working_revision)["what_we_tried"] == {
        "text": "Colleague's words."
    }


def test_check_your_answers_lists_what_is_missing_then_submits(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)  # answered in full and submitted
    later = start_review(
        db, manager, service, framework, period_start=Q3_2025[0], period_end=Q3_2025[1]
    )
    sign_in(client, manager)

    html = page(client, f"/reviews/{later.id}/check")
    assert "required questions still need an answer" in html
    assert (
        f'href="/reviews/{later.id}/sections/measures#people_supported">Enter a number for '
        "people supported</a>" in html
    )
    refused = post(
        client, f"/reviews/{later.id}/check", {"lock_version": later.lock_version}, status=400
    )
    assert "You cannot submit this review yet" in refused
    assert '<a href="#missing">' in refused

    html = page(client, f"/reviews/{review.id}")
    assert "Submitted" in html and "Our answer to what_we_tried." in html


def test_a_complete_review_is_submitted_with_a_confirmation(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    later = start_review(
        db, manager, service, framework, period_start=Q3_2025[0], period_end=Q3_2025[1]
    )
    fill(db, manager, later)
    sign_in(client, manager)

    html = page(client, f"/reviews/{later.id}/check")
    assert f'href="/reviews/{later.id}/sections/learning#what_we_tried"' in html
    location = post(client, f"/reviews/{later.id}/check", {"lock_version": later.lock_version})
    assert location == f"/reviews/{later.id}/submitted/1"
    confirmation = page(client, location)
    assert (
        "Review submitted" in confirmation and "July to September 2025, revision 1" in confirmation
    )
    assert later.current_revision is not None
    assert review.current_revision is not None


def test_the_last_commitments_are_shown_above_what_happened(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    file_review(
        db, manager, service, framework, what_we_will_change=AnswerInput(value="Open on Saturdays.")
    )
    later = start_review(
        db, manager, service, framework, period_start=Q3_2025[0], period_end=Q3_2025[1]
    )
    sign_in(client, manager)

    html = page(client, f"/reviews/{later.id}/sections/learning")

    assert "In your review for April to June 2025, under ‘What we will change next’" in html
    assert "Open on Saturdays." in html
    # With a commitment to follow up, saying what happened is no longer optional.
    assert "What happened to our last commitments (optional)" not in html


def test_text_is_shown_exactly_as_typed_and_escaped(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(
        db, manager, service, framework, what_we_tried=AnswerInput(value=HOSTILE + "\nline two")
    )
    sign_in(client, create_user(db, role=Role.REGULATOR))

    html = page(client, f"/reviews/{review.id}")

    assert "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt; =SUM(A1) שלום 🙂<br>line two" in html
    assert "<script>alert" not in html


def test_a_regulator_finds_a_review_leaves_feedback_and_acknowledges_it(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    regulator = create_user(db, role=Role.REGULATOR)
    sign_in(client, regulator)

    listing = page(client, "/reviews/?place=Wigan&status=awaiting")
    assert f'href="/reviews/{review.id}">Start Well family hubs</a>' in listing
    assert "1 review" in listing
    assert "Start Well" not in page(client, "/reviews/?place=Camden")

    location = post(client, f"/reviews/{review.id}/feedback", {"body": "What made fathers come?"})
    assert location == f"/reviews/{review.id}#feedback"
    post(client, f"/reviews/{review.id}/acknowledge", {"lock_version": review.lock_version})
    html = page(client, f"/reviews/{review.id}")
    assert "What made fathers come?" in html
    assert "Acknowledged" in html and "Acknowledge revision 1" not in html
    assert "History" in html and "Left feedback on revision 1" in html
    # The regulator adds to the conversation through the feedback box; the place replies.
    assert "Your feedback" in html
    # The character count's hint writes its limit as every number of 1,000 or more.
    assert "You can enter up to 5,000 characters" in html and "5000 characters" not in html
    assert "Your reply" not in html and "Send reply" not in html

    switch(client, manager)
    html = page(client, f"/reviews/{review.id}")
    assert "What made fathers come?" in html
    assert "History" not in html
    assert "Your reply" in html and "Your feedback" not in html
    feedback_id = db.query(Feedback).one().id
    post(
        client,
        f"/reviews/{review.id}/feedback/{feedback_id}/reply",
        {f"reply-{feedback_id}-body": "An evening session, and a dad who asked others."},
    )
    assert "a dad who asked others" in page(client, f"/reviews/{review.id}")


def test_empty_feedback_is_refused_on_the_review_page(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    sign_in(client, create_user(db, role=Role.REGULATOR))

    html = post(client, f"/reviews/{review.id}/feedback", {"body": "  "}, status=400)

    assert '<a href="#body">Enter your message</a>' in html


def test_an_amendment_needs_a_reason_and_shows_what_changed(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(db, manager, service, framework)
    sign_in(client, manager)

    read = {"lock_version": review.lock_version}
    refused = post(client, f"/reviews/{review.id}/amend", {**read, "reason": ""}, status=200)
    assert "Say why you are amending the review" in refused
    location = post(
        client, f"/reviews/{review.id}/amend", {**read, "reason": "The count was wrong."}
    )
    assert location == f"/reviews/{review.id}/tasks"
    assert "You are amending this review in revision 2" in page(client, location)
    post(
        client,
        f"/reviews/{review.id}/sections/measures",
        {
            "lock_version": review.lock_version,
            "people_supported": "95",
            "families_improved": "120",
            "wellbeing_improved": "120",
            "homes_kept": "120",
            "residents_volunteering": "120",
            "weeks_to_help": "120",
            "save_for_later": "y",
        },
    )
    post(client, f"/reviews/{review.id}/check", {"lock_version": review.lock_version})

    html = page(client, f"/reviews/{review.id}/revisions/2")
    assert "What changed from revision 1" in html
    assert "The count was wrong." in html
    changes = html.split('id="changes"')[1].split("</table>")[0]
    assert "People supported" in changes and "120 people" in changes and "95 people" in changes
    assert "What we tried" not in changes
    assert "Revision 1" in page(client, f"/reviews/{review.id}/revisions/1")


def test_drafts_stay_within_their_place(db: Session, client: FlaskClient, draft: Review) -> None:
    sign_in(client, create_user(db, places=[create_place(db)]))
    page(client, f"/reviews/{draft.id}", status=403)
    page(client, f"/reviews/{draft.id}/sections/learning", status=403)

    switch(client, create_user(db, role=Role.REGULATOR))
    page(client, f"/reviews/{draft.id}", status=403)


def test_an_administrator_reading_a_draft_is_recorded(
    db: Session, client: FlaskClient, draft: Review
) -> None:
    sign_in(client, create_user(db, role=Role.ADMIN))

    html = page(client, f"/reviews/{draft.id}")

    assert "This review has not been submitted yet" in html
    assert "Read revision 1 before it was submitted" in html


def test_search_marks_the_words_found_and_escapes_the_rest(
    db: Session, client: FlaskClient, manager: User, service: Service, framework: Framework
) -> None:
    review = file_review(
        db,
        manager,
        service,
        framework,
        what_we_tried=AnswerInput(value="<b>Lantern</b> walks for families"),
    )
    sign_in(client, create_user(db, role=Role.INSPECTOR))

    html = page(client, "/search/?q=lantern+family")

    assert "1 answer found" in html
    assert f'href="/reviews/{review.id}">Start Well family hubs, Wigan</a>' in html
    assert "April to June 2025: What we tried" in html
    assert "&lt;b&gt;<mark>Lantern</mark>&lt;/b&gt; walks for <mark>families</mark>" in html
    assert "Enter one or more words" in page(client, "/search/?q=%3F%21")


def test_the_menu_has_reviews_and_search(client: FlaskClient, manager: User) -> None:
    sign_in(client, manager)

    html = page(client, "/")

    assert 'href="/reviews/"' in html and 'href="/search/"' in html
