"""``outcomes notifications send``: one line, and a non-zero exit on expected problems."""

from __future__ import annotations

import pytest
from flask.testing import FlaskCliRunner
from notifying import file_review, queued
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.notifications.models import Kind, State
from outcomes.notifications.preferences import save_choices
from outcomes.reviews.feedback import give_feedback
from outcomes.services.models import Service


def test_the_command_sends_to_the_log_without_a_channel_set_up(
    runner: FlaskCliRunner,
    db: Session,
    manager: User,
    regulator: User,
    service: Service,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("OUTCOMES_NOTIFY_API_KEY", "OUTCOMES_SMTP_URL", "OUTCOMES_BASE_URL"):
        monkeypatch.delenv(variable, raising=False)
    save_choices(db, manager, {Kind.FEEDBACK: "immediate"})
    give_feedback(db, regulator, file_review(db, manager, service), "Thank you.")

    result = runner.invoke(args=["notifications", "send"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Notifications via log:")
    assert "1 sent" in result.output
    [notification] = queued(db, Kind.FEEDBACK)
    assert notification.state is State.SENT


def test_a_base_url_that_is_not_an_address_is_refused(
    runner: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTCOMES_BASE_URL", "outcomes.example")
    result = runner.invoke(args=["notifications", "send"])
    assert result.exit_code == 1
    assert "OUTCOMES_BASE_URL" in result.output


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("OUTCOMES_NOTIFY_API_KEY", "not-a-key", "is not a GOV.UK Notify API key"),
        ("OUTCOMES_SMTP_URL", "mail.example:25", "must look like smtp://"),
        ("OUTCOMES_NOTIFY_DIGEST_DAY", "someday", "must be a day of the week"),
        ("OUTCOMES_NOTIFY_MAX_ATTEMPTS", "0", "whole number of 1 or more"),
    ],
)
def test_settings_that_could_only_fail_later_are_refused_with_what_to_do(
    runner: FlaskCliRunner,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str,
    says: str,
) -> None:
    monkeypatch.setenv(variable, value)
    result = runner.invoke(args=["notifications", "send"])
    assert result.exit_code == 1
    assert says in result.output


def test_a_whole_notify_key_needs_its_templates(
    runner: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "outcomes-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
    monkeypatch.setenv("OUTCOMES_NOTIFY_API_KEY", key)
    result = runner.invoke(args=["notifications", "send"])
    assert result.exit_code == 1
    assert "OUTCOMES_NOTIFY_TEMPLATE_MESSAGE" in result.output
