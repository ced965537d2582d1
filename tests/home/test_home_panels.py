"""Each role's home panels, computed by outcomes.home from data filed through the
services, with counts that agree with the lists they link to, and a fixed number of
statements however much data there is."""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime, timedelta

import pytest
from factories import create_place, create_service, create_user
from frontdoor import FRAMEWORK, export_bytes, file_review
from homing import (
    DEADLINE,
    RULE,
    citing,
    counting_statements,
    draft,
    manager_with_services,
    quarters,
    respond,
    responsible_body,
)
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.accounts.operations import (
    AccountFilter,
    LockoutPolicy,
    SignInFailed,
    authenticate,
    list_users,
)
from outcomes.accounts.sessions import SignInSession, start_session
from outcomes.exports.models import ExportRecord
from outcomes.exports.query import ExportFormat
from outcomes.frameworks.models import FrameworkVersion
from outcomes.home.admin import admin_home
from outcomes.home.home import home_for
from outcomes.home.manager import DueState, manager_home
from outcomes.home.panel import panel_home
from outcomes.home.regulator import regulator_home
from outcomes.home.responder import responder_home
from outcomes.national.access import attach_responder
from outcomes.national.models import ResponseStatus
from outcomes.places.models import Place
from outcomes.places.operations import get_place
from outcomes.reviews.feedback import acknowledge, give_feedback, reply
from outcomes.reviews.listing import (
    ListStatus,
    ReviewFilters,
    Waiting,
    count_reviews,
    list_reviews,
)
from outcomes.reviews.quiet import quiet_places
from outcomes.reviews.submission import missing_answers, start_amendment

TODAY = date(2025, 8, 15)  # July to September 2025 is due, and April to June
CURRENT, LAST = quarters(TODAY)


@pytest.fixture
def wigan(db: Session, frameworks: dict[str, FrameworkVersion]) -> Place:
    return get_place(db, "E08000010")


def listed(db: Session, actor: object, counted: object) -> int:
    return list_reviews(db, actor, counted.filters, per_page=100).total  # type: ignore[arg-type, attr-defined]


def test_a_managers_home_says_what_is_due_waiting_and_answered(db: Session, wigan: Place) -> None:
    manager, (hubs, _care) = manager_with_services(db, wigan, "Family hubs", "Adult care")
    regulator = create_user(db, role=Role.REGULATOR)
    filed = citing(db, manager, hubs, LAST)
    started = draft(db, manager, hubs, CURRENT)
    give_feedback(db, regulator, filed, "What did families say about the evening sessions?")
    body = responsible_body(db, LAST)
    respond(db, OPERATOR, body, LAST, TODAY)
    start_amendment(
        db, manager, filed, reason="A figure was wrong", lock_version=filed.lock_version
    )

    home = manager_home(db, manager, TODAY)

    states = {(row.service.name, cell.start): cell for row in home.services for cell in row.cells}
    assert states["Family hubs", CURRENT[0]].state is DueState.IN_PROGRESS
    assert states["Family hubs", CURRENT[0]].review_id == started.id
    assert states["Family hubs", LAST[0]].state is DueState.SUBMITTED
    assert states["Adult care", CURRENT[0]].state is DueState.NOT_STARTED
    assert states["Adult care", LAST[0]].state is DueState.NOT_STARTED
    assert home.not_started == 2
    assert home.in_progress.count == 1
    assert home.drafts.count == 1
    assert [d.review.id for d in home.drafts_shown] == [started.id]
    assert home.drafts_shown[0].missing == len(missing_answers(db, started)) > 0
    assert home.feedback.count == 1
    assert home.amendments.count == 1
    assert home.answered.count == 1
    assert [(h.response.body_id, h.review_id) for h in home.responses] == [(body.id, filed.id)]
    for counted in (home.in_progress, home.drafts, home.feedback, home.amendments, home.answered):
        assert listed(db, manager, counted) == counted.count

    # The manager replies: the feedback is the regulator's turn now.
    reply(db, manager, filed, _first_feedback_id(db, filed), "Fathers came more often.")
    assert manager_home(db, manager, TODAY).feedback.count == 0


def _first_feedback_id(db: Session, review: object) -> int:
    from sqlalchemy import select

    from outcomes.reviews.models import Feedback

    return db.scalar(select(Feedback.id).where(Feedback.review_id == review.id))  # type: ignore[attr-defined, return-value]


def test_another_places_manager_sees_none_of_it(db: Session, wigan: Place) -> None:
    manager, (hubs,) = manager_with_services(db, wigan, "Family hubs")
    filed = citing(db, manager, hubs, LAST)
    draft(db, manager, hubs, CURRENT)
    give_feedback(db, create_user(db, role=Role.REGULATOR), filed, "Tell us more.")
    start_amendment(
        db, manager, filed, reason="A figure was wrong", lock_version=filed.lock_version
    )
    elsewhere = create_user(db, role=Role.SERVICE_MANAGER, places=[create_place(db)])

    home = manager_home(db, elsewhere, TODAY)

    assert home.services == []
    assert (home.drafts.count, home.feedback.count, home.amendments.count) == (0, 0, 0)
    assert home.responses == []


def test_a_regulators_home_counts_what_came_in_and_what_waits(db: Session, wigan: Place) -> None:
    manager, (hubs, care, help_) = manager_with_services(db, wigan, "Hubs", "Care", "Help")
    regulator = create_user(db, role=Role.REGULATOR)
    first = file_review(db, manager, hubs, LAST, seed=1)
    second = file_review(db, manager, care, LAST, seed=2)
    file_review(db, manager, help_, LAST, seed=3)
    acknowledge(db, regulator, second, lock_version=second.lock_version)
    give_feedback(db, regulator, first, "What did you learn about referrals?")
    quiet = create_service(db, place=create_place(db, name="Quietshire")).place
    for _ in range(2):
        start_session(db, regulator)
    earlier = datetime.now(UTC) - timedelta(days=3)
    db.execute(
        update(SignInSession)
        .where(SignInSession.user_id == regulator.id)
        .values(started_at=earlier)
        .execution_options(synchronize_session=False)
    )
    start_session(db, regulator)  # this visit; the one before started three days ago

    home = regulator_home(db, regulator, TODAY)

    assert home.last_visit == earlier
    assert home.since.count == 3
    assert home.unacknowledged.count == 2
    assert [review.id for review in home.oldest] == [first.id, home.oldest[1].id]
    assert second.id not in {review.id for review in home.oldest}
    assert home.waiting_on_places.count == 1
    assert quiet in home.quiet and wigan not in home.quiet
    assert home.quiet == quiet_places(db, TODAY)
    for counted in (home.since, home.unacknowledged, home.waiting_on_places):
        assert listed(db, regulator, counted) == counted.count


def test_a_panel_members_exports_say_whether_the_data_changed_since(
    db: Session, wigan: Place
) -> None:
    manager, (hubs, care) = manager_with_services(db, wigan, "Hubs", "Care")
    inspector = create_user(db, role=Role.INSPECTOR)
    file_review(db, manager, hubs, LAST, seed=1)
    export_bytes(db, inspector, ExportFormat.JSON)

    assert [item.changed for item in panel_home(db, inspector).exports] == [False]
    assert panel_home(db, create_user(db, role=Role.INSPECTOR)).exports == []

    # The log keeps whole seconds: the export is made a minute before the next submission.
    made = db.scalars(select(ExportRecord)).one()
    made.created_at -= timedelta(minutes=1)
    db.flush()
    file_review(db, manager, care, LAST, seed=2)
    home = panel_home(db, inspector)
    assert [item.changed for item in home.exports] == [True]
    assert home.exports[0].framework == FRAMEWORK


def test_a_responders_home_counts_asks_to_their_body_by_status(db: Session, wigan: Place) -> None:
    manager, (hubs,) = manager_with_services(db, wigan, "Hubs")
    citing(db, manager, hubs, LAST)
    body = responsible_body(db, LAST)
    responder = create_user(db, role=Role.NATIONAL_RESPONDER)
    attach_responder(db, OPERATOR, responder, body)

    home = responder_home(db, responder, rule=RULE, deadline=DEADLINE, today=TODAY)
    assert home.body == body
    assert (home.total, home.by_status, home.overdue) == (1, [(ResponseStatus.AWAITING, 1)], 0)
    assert [ask.key.barrier_id for ask in home.next_due] == ["devolution"]

    respond(db, responder, body, LAST, TODAY)
    home = responder_home(db, responder, rule=RULE, deadline=DEADLINE, today=TODAY)
    assert home.by_status == [(ResponseStatus.UNDER_CONSIDERATION, 1)]
    assert home.next_due == []
    later = responder_home(
        db, create_user(db, role=Role.NATIONAL_RESPONDER), rule=RULE, deadline=DEADLINE, today=TODAY
    )
    assert later.body is None and later.total == 0


def test_an_administrators_home_counts_accounts_and_draft_versions(db: Session) -> None:
    admin = create_user(db, role=Role.ADMIN)
    never = create_user(db, role=Role.REGULATOR)
    locked = create_user(db, role=Role.INSPECTOR)
    now = datetime.now(UTC)
    policy = LockoutPolicy()
    for _ in range(policy.max_failures):
        with pytest.raises(SignInFailed):
            authenticate(db, locked.email, "not the password", policy=policy, now=now)

    home = admin_home(db, now)

    assert home.locked == len(list_users(db, admin, AccountFilter.LOCKED, now=now)) == 1
    unused = list_users(db, admin, AccountFilter.NEVER_SIGNED_IN, now=now)
    assert home.never_signed_in == len(unused) and never in unused
    assert home.draft_versions == 0


def test_each_role_gets_its_own_panels_only(db: Session, wigan: Place) -> None:
    def panels(role: Role) -> set[str]:
        places = [wigan] if role is Role.SERVICE_MANAGER else None
        home = home_for(
            db,
            create_user(db, role=role, places=places),
            today=TODAY,
            now=datetime.now(UTC),
            rule=RULE,
            deadline=DEADLINE,
        )
        return {name for name, panel in vars(home).items() if panel is not None}

    assert panels(Role.SERVICE_MANAGER) == {"manager"}
    assert panels(Role.REGULATOR) == {"regulator"}
    assert panels(Role.INSPECTOR) == {"panel"}
    assert panels(Role.NATIONAL_RESPONDER) == {"responder"}
    assert panels(Role.ADMIN) == {"admin"}


def _statements(db: Session, actor: object) -> int:
    # The session holds what it loaded only as long as something else refers to it: a
    # many-to-one found in it costs no statement. Collect first, so that whether objects
    # from earlier work are still there does not depend on when the collector last ran.
    gc.collect()
    with counting_statements(db) as seen:
        home_for(
            db,
            actor,
            today=TODAY,
            now=datetime.now(UTC),
            rule=RULE,
            deadline=DEADLINE,  # type: ignore[arg-type]
        )
    return len(seen)


def test_a_home_reads_the_same_number_of_statements_however_much_there_is(
    db: Session, wigan: Place
) -> None:
    """No query per service, draft, review or export: filing more changes no count."""
    manager, _ = manager_with_services(db, wigan, "One")
    regulator = create_user(db, role=Role.REGULATOR)
    inspector = create_user(db, role=Role.INSPECTOR)
    body = responsible_body(db, LAST)
    responder = create_user(db, role=Role.NATIONAL_RESPONDER)
    attach_responder(db, OPERATOR, responder, body)

    def add(name: str) -> None:
        service = create_service(db, place=wigan, name=name)
        filed = citing(db, manager, service, LAST)
        draft(db, manager, service, CURRENT)
        give_feedback(db, regulator, filed, "Say more.")
        export_bytes(db, inspector, ExportFormat.JSON)

    add("First")
    respond(db, OPERATOR, body, LAST, TODAY)
    people = (manager, regulator, inspector, responder, create_user(db, role=Role.ADMIN))
    before = [_statements(db, person) for person in people]
    for number in range(4):
        add(f"More {number}")
    after = [_statements(db, person) for person in people]

    roles = ("manager", "regulator", "panel member", "responder", "administrator")
    print("statements per home:", dict(zip(roles, before, strict=True)))
    assert after == before
    # Six panels for a manager, each a count, a page or a batch of eager loads.
    assert max(before) <= 25


def test_what_only_a_place_knows_is_not_listed_to_other_places(db: Session, wigan: Place) -> None:
    """Feedback and amendments in progress are between a place and its regulators: a
    filter for them shows another place's manager nothing, a regulator everything."""
    manager, (hubs,) = manager_with_services(db, wigan, "Hubs")
    regulator = create_user(db, role=Role.REGULATOR)
    filed = file_review(db, manager, hubs, LAST, seed=1)
    give_feedback(db, regulator, filed, "Tell us more.")
    start_amendment(
        db, manager, filed, reason="A figure was wrong", lock_version=filed.lock_version
    )
    elsewhere = create_user(db, places=[create_place(db)])

    for status_or_waiting in (
        ReviewFilters(waiting=Waiting.PLACE),
        ReviewFilters(status=ListStatus.AMENDING),
    ):
        assert count_reviews(db, elsewhere, status_or_waiting) == 0
        assert count_reviews(db, manager, status_or_waiting) == 1
    assert count_reviews(db, regulator, ReviewFilters(waiting=Waiting.PLACE)) == 1
    assert count_reviews(db, regulator, ReviewFilters(waiting=Waiting.REGULATOR)) == 0
    tomorrow = date.today() + timedelta(days=1)
    assert count_reviews(db, regulator, ReviewFilters(submitted_since=tomorrow)) == 0
    assert count_reviews(db, regulator, ReviewFilters(submitted_since=date.today())) == 1
    moment = filed.current_revision.submitted_at  # type: ignore[union-attr]
    assert count_reviews(db, regulator, ReviewFilters(submitted_after=moment)) == 0
    earlier = moment - timedelta(seconds=1)
    assert count_reviews(db, regulator, ReviewFilters(submitted_after=earlier)) == 1
