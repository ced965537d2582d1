"""Sending through real peers: an SMTP server (aiosmtpd) on a local port, and a local HTTP
server standing in for the GOV.UK Notify API, with the official client pointed at it.
A failure in the middle of a batch loses nothing and sends nothing twice."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from factories import create_user
from notifying import Inbox, body_of, file_review, queued, states
from pytest_httpserver import HTTPServer
from sqlalchemy.orm import Session
from werkzeug import Request, Response

from outcomes.accounts.models import User
from outcomes.db import utcnow
from outcomes.notifications.channels import DeliveryFailed, NotifyChannel, SmtpChannel
from outcomes.notifications.models import Kind, State
from outcomes.notifications.preferences import save_choices
from outcomes.notifications.sender import RunSummary, send_waiting
from outcomes.notifications.settings import NotificationSettings
from outcomes.reviews.feedback import give_feedback
from outcomes.services.models import Service

BODY = "What made fathers come to the evening sessions?"
SETTINGS = NotificationSettings(base_url="https://outcomes.example.gov.uk")
SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"test_key-{SERVICE_ID}-{SECRET}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, str]]:
    handler = Inbox(refuse={3})
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


def accepting(inbox: tuple[Inbox, str]) -> tuple[Inbox, NotificationSettings]:
    """The inbox, accepting every message, and settings that send to it."""
    handler, url = inbox
    handler.refuse = set()
    return handler, replace(SETTINGS, smtp_url=url)


def smtp_run(db: Session, settings: NotificationSettings, now: datetime) -> RunSummary:
    channel = SmtpChannel(settings)
    try:
        return send_waiting(db, channel, settings, now=now, commit=db.commit)
    finally:
        channel.close()


def five_managers_hear_of_feedback(
    db: Session, manager: User, regulator: User, service: Service
) -> list[User]:
    """Five managers of the place (each choosing an email per event) and one feedback."""
    managers = [manager] + [
        create_user(db, places=list(manager.places), email=f"manager{n}@example.gov.uk")
        for n in range(4)
    ]
    for person in managers:
        save_choices(db, person, {Kind.FEEDBACK: "immediate"})
    save_choices(db, regulator, {Kind.REVIEW_SUBMITTED: "off"})  # the managers' news alone
    review = file_review(db, manager, service)
    give_feedback(db, regulator, review, BODY)
    assert len(queued(db, Kind.FEEDBACK)) == 5
    return managers


def test_smtp_refusing_the_third_message_loses_nothing_and_doubles_nothing(
    db: Session,
    manager: User,
    regulator: User,
    service: Service,
    inbox: tuple[Inbox, str],
) -> None:
    handler, url = inbox
    managers = five_managers_hear_of_feedback(db, manager, regulator, service)
    settings = replace(SETTINGS, smtp_url=url)
    now = utcnow()

    first = smtp_run(db, settings, now)

    assert (first.sent, first.failed) == (4, 1)
    assert len(handler.received) == 4
    [waiting] = [n for n in queued(db, Kind.FEEDBACK) if n.state is State.WAITING]
    assert waiting.attempts == 1
    assert waiting.last_error is not None and "554" in waiting.last_error
    assert waiting.next_attempt_at == now + timedelta(minutes=1)

    # Too early for the retry: nothing is sent again.
    again = smtp_run(db, settings, now)
    assert (again.sent, again.failed) == (0, 0)

    later = now + timedelta(minutes=1)
    second = smtp_run(db, settings, later)
    assert (second.sent, second.failed) == (1, 0)
    assert handler.recipients() == sorted(person.email for person in managers)
    assert states(db) == {"sent": 5}

    message = handler.received[0]
    text = body_of(message)
    assert "https://outcomes.example.gov.uk/reviews/" in text
    assert BODY not in text


def test_notify_gets_the_templates_reference_and_link_and_a_refusal_is_retried(
    db: Session,
    manager: User,
    regulator: User,
    service: Service,
    httpserver: HTTPServer,
) -> None:
    managers = five_managers_hear_of_feedback(db, manager, regulator, service)
    calls: list[dict[str, object]] = []

    def notify(request: Request) -> Response:
        assert request.headers["Authorization"].startswith("Bearer ")
        calls.append(json.loads(request.get_data()))
        if len(calls) == 3:
            return Response(
                json.dumps({"errors": [{"error": "Server", "message": "try later"}]}),
                status=500,
                content_type="application/json",
            )
        return Response(json.dumps({"id": str(len(calls))}), status=201)

    httpserver.expect_request("/v2/notifications/email", method="POST").respond_with_handler(notify)
    settings = replace(
        SETTINGS,
        notify_api_key=API_KEY,
        notify_base_url=httpserver.url_for("/").rstrip("/"),
        notify_template_message="template-message",
        notify_template_digest="template-digest",
    )
    now = utcnow()
    first = send_waiting(db, NotifyChannel(settings), settings, now=now, commit=db.commit)
    assert (first.sent, first.failed) == (4, 1)
    second = send_waiting(
        db, NotifyChannel(settings), settings, now=now + timedelta(minutes=1), commit=db.commit
    )
    assert (second.sent, second.failed) == (1, 0)

    delivered = [calls[i] for i in range(len(calls)) if i != 2]
    assert sorted(str(c["email_address"]) for c in delivered) == sorted(
        person.email for person in managers
    )
    assert calls[2]["reference"] == calls[5]["reference"]  # the retry is the same message
    assert len({c["reference"] for c in calls}) == 5
    call = calls[0]
    assert call["template_id"] == "template-message"
    personalisation = call["personalisation"]
    assert isinstance(personalisation, dict)
    assert str(personalisation["link"]).startswith("https://outcomes.example.gov.uk/reviews/")
    assert BODY not in json.dumps(call)


def test_the_weekly_digest_waits_a_week_then_carries_everything_once(
    db: Session, manager: User, regulator: User, service: Service, inbox: tuple[Inbox, str]
) -> None:
    handler, settings = accepting(inbox)
    review = file_review(db, manager, service)
    give_feedback(db, regulator, review, BODY)
    give_feedback(db, regulator, review, "And the mothers?")
    now = utcnow()

    assert smtp_run(db, settings, now).sent == 0
    week = now + timedelta(days=7)
    run = smtp_run(db, settings, week)
    assert (run.sent, run.digests) == (2, 2)  # the manager's, and the regulator's
    assert smtp_run(db, settings, week).sent == 0

    [digest] = [m for m in handler.received if m["To"] == manager.email]
    text = body_of(digest)
    assert text.count("/reviews/") == 2
    assert "https://outcomes.example.gov.uk/account#notifications" in text


def test_a_kind_turned_off_after_queueing_is_withdrawn_not_sent(
    db: Session, manager: User, regulator: User, service: Service, inbox: tuple[Inbox, str]
) -> None:
    handler, url = inbox
    settings = replace(SETTINGS, smtp_url=url)
    review = file_review(db, manager, service)
    give_feedback(db, regulator, review, BODY)
    save_choices(db, manager, {Kind.FEEDBACK: "off"})

    run = smtp_run(db, settings, utcnow())
    assert run.withdrawn == 1
    assert handler.received == []


class Refusing:
    """A channel that refuses everything, counting the tries."""

    name = "refusing"

    def __init__(self) -> None:
        self.tries = 0

    def send(self, email: object) -> None:
        self.tries += 1
        raise DeliveryFailed("down")

    def close(self) -> None:
        return None


def test_waits_double_after_each_failure_and_the_last_attempt_gives_up(
    db: Session, manager: User, regulator: User, service: Service
) -> None:
    save_choices(db, manager, {Kind.FEEDBACK: "immediate"})
    save_choices(db, regulator, {Kind.REVIEW_SUBMITTED: "off"})  # the manager's alone
    give_feedback(db, regulator, file_review(db, manager, service), BODY)
    settings = replace(SETTINGS, max_attempts=3)
    channel = Refusing()
    now = utcnow()
    waits = []
    for _ in range(3):
        run = send_waiting(db, channel, settings, now=now, commit=db.commit)
        [item] = queued(db, Kind.FEEDBACK)
        waits.append(item.next_attempt_at - now)
        now = item.next_attempt_at
    assert waits[:2] == [timedelta(minutes=1), timedelta(minutes=2)]
    assert (run.failed, run.given_up) == (0, 1)
    assert item.state is State.FAILED
    assert (
        send_waiting(db, channel, settings, now=now + timedelta(days=1), commit=db.commit).sent == 0
    )
    assert channel.tries == 3


def test_a_message_another_run_holds_is_left_alone_until_its_claim_expires(
    db: Session, manager: User, regulator: User, service: Service, inbox: tuple[Inbox, str]
) -> None:
    handler, settings = accepting(inbox)
    save_choices(db, manager, {Kind.FEEDBACK: "immediate"})
    give_feedback(db, regulator, file_review(db, manager, service), BODY)
    [item] = queued(db, Kind.FEEDBACK)
    now = utcnow()
    item.claimed_at = now  # another run is sending it
    db.commit()

    assert smtp_run(db, settings, now).sent == 0
    assert smtp_run(db, settings, now + settings.claim_timeout + timedelta(seconds=1)).sent == 1
    assert handler.recipients() == [manager.email]
