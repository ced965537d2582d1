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
