"""``outcomes notifications send``: send what is queued (run by cron or a systemd timer)."""

from __future__ import annotations

import sys
from datetime import date

import click
from flask.cli import AppGroup

from outcomes.config import ConfigurationError
from outcomes.db import utcnow
from outcomes.national.deadlines import ResponseDeadline
from outcomes.notifications.channels import channel_for
from outcomes.notifications.due import queue_due
from outcomes.notifications.sender import RunSummary, send_waiting
from outcomes.notifications.settings import NotificationSettings
from web.unit_of_work import unit_of_work

notifications_cli = AppGroup("notifications", help="Email notifications.")


@notifications_cli.command("send")
def notifications_send() -> None:
    """Queue reminders that have come due, then send every waiting message (each person's
    weekly digest once its oldest message is a week old). Prints one line; exits 1 when a
    message failed (it stays queued and is tried again by a later run)."""
    try:
        settings = NotificationSettings.from_environment()
        deadline = ResponseDeadline.from_environment()
    except (ConfigurationError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    summary = RunSummary()
    with unit_of_work() as session:
        summary.queued_due = queue_due(session, date.today(), deadline)
    channel = channel_for(settings)
    try:
        with unit_of_work() as session:
            send_waiting(
                session, channel, settings, now=utcnow(), commit=session.commit, summary=summary
            )
    finally:
        channel.close()
    click.echo(summary.line(channel.name))
    if not summary.ok:
        sys.exit(1)
