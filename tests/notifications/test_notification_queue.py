"""Notifications queue in the transaction of the event that caused them, once per person,
kind and event, for the people who chose to hear of it."""

from __future__ import annotations

from datetime import date, timedelta

from factories import create_user
from notifying import file_review, queued
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.audit.models import AuditEvent
from outcomes.db import utcnow
from outcomes.national.deadlines import ResponseDeadline
from outcomes.notifications.due import queue_due
from outcomes.notifications.models import Kind
from outcomes.notifications.preferences import OFF, choices, save_choices
from outcomes.notifications.queue import News, queue
from outcomes.reviews.feedback import give_feedback, reply
from outcomes.reviews.models import Feedback
from outcomes.services.models import Service

BODY = "What made fathers come to the evening sessions?"


def test_feedback_is_news_for_the_places_managers_saying_what_happened_not_what_was_said(
    db: Session, manager: User, regulator: User, service: Service
) -> None:
    review = file_review(db, manager, service)
    give_feedback(db, regulator, review, BODY)

    [notification] = queued(db, Kind.FEEDBACK)
    assert notification.user_id == manager.id
    assert notification.path == f"/reviews/{review.id}#feedback"
    assert "Start Well family hubs" in notification.summary
    assert BODY not in notification.summary


def test_queueing_rolls_back_with_the_event(
    db: Session, manager: User, regulator: User, service: Service
) -> None:
    review = file_review(db, manager, service)
    before = len(queued(db))
    transaction = db.begin_nested()
    give_feedback(db, regulator, review, BODY)
    assert len(queued(db)) == before + 1
    transaction.rollback()

    assert len(queued(db)) == before
    assert db.scalars(select(Feedback)).all() == []


def test_a_submission_is_news_to_regulators_following_its_region_only(
    db: Session, manager: User, regulator: User, service: Service
) -> None:
    elsewhere = create_user(db, role=Role.REGULATOR)  # follows nothing
    review = file_review(db, manager, service)

    [notification] = queued(db, Kind.REVIEW_SUBMITTED)
    assert notification.user_id == regulator.id
    assert notification.event_key == f"review:{review.id}:1"
    assert elsewhere.id not in {n.user_id for n in queued(db)}


def test_a_reply_is_news_to_the_regulator_who_gave_the_feedback(
    db: Session, manager: User, regulator: User, service: Service
) -> None:
    review = file_review(db, manager, service)
    feedback = give_feedback(db, regulator, review, BODY)
    reply(db, manager, review, feedback.id, "Evening sessions.")

    [notification] = queued(db, Kind.FEEDBACK_REPLY)
    assert notification.user_id == regulator.id
    # The manager's own reply is no news to the manager.
    assert [n.user_id for n in queued(db, Kind.FEEDBACK)] == [manager.id]


def test_a_kind_turned_off_is_not_queued_and_the_change_is_audited(
    db: Session, manager: User, regulator: User, service: Service
) -> None:
    save_choices(db, manager, {Kind.FEEDBACK: OFF})
    review = file_review(db, manager, service)
    give_feedback(db, regulator, review, BODY)

    assert queued(db, Kind.FEEDBACK) == []
    assert {c.kind: c.setting for c in choices(db, manager)}[Kind.FEEDBACK] == "off"
    event = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "notifications.preferences")
    ).one()
    assert event.after is not None and event.after["feedback"] == "off"


def test_the_default_is_every_kind_in_a_weekly_digest(db: Session, manager: User) -> None:
    assert [(c.kind, c.setting) for c in choices(db, manager)] == [
        (Kind.FEEDBACK, "weekly"),
        (Kind.REVIEW_DUE, "weekly"),
        (Kind.NATIONAL_RESPONSE, "weekly"),
    ]


def test_the_same_event_is_queued_once_per_person(db: Session, manager: User) -> None:
    news = News(Kind.FEEDBACK, "feedback:12345", "Something happened.", "/reviews/1")
    assert queue(db, news, [manager]) == 1
    assert queue(db, news, [manager]) == 0
    assert len(queued(db, Kind.FEEDBACK)) == 1


def test_a_review_due_is_queued_once_per_period_however_often_the_sender_runs(
    db: Session, manager: User, service: Service
) -> None:
    # The quarter April to June 2025 closes 28 days after it ends: 28 July 2025.
    today = date(2025, 7, 20)
    deadline = ResponseDeadline()
    assert queue_due(db, today, deadline) == 1
    assert queue_due(db, today + timedelta(days=1), deadline) == 0
    [notification] = queued(db, Kind.REVIEW_DUE)
    assert notification.event_key == f"due:{service.id}:2025-04-01:2025-06-30"
    assert "28 July 2025" in notification.summary
    assert notification.created_at <= utcnow()
