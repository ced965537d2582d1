"""Where emails go: GOV.UK Notify (its official client), SMTP (the standard library), or,
with neither set up, the log (development). Each channel raises DeliveryFailed for a
message it could not hand over, and the sender tries that message again later."""

from __future__ import annotations

import contextlib
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol
from urllib.parse import unquote, urlsplit

from outcomes.notifications.settings import NotificationSettings

log = logging.getLogger("outcomes.notifications")


@dataclass(frozen=True)
class Email:
    to: str
    name: str
    subject: str
    body: str  # plain text: what happened, and the links
    link: str  # the page to go to (a digest's: the account page)
    reference: str  # the idempotency key: the same on every attempt
    digest: bool = False


class DeliveryFailed(Exception):
    """The channel did not accept the message; it stays queued for another try."""


class Channel(Protocol):
    name: str

    def send(self, email: Email) -> None: ...

    def close(self) -> None: ...


class LogChannel:
    """Development: each message is written to the log instead of being sent."""

    name = "log"

    def send(self, email: Email) -> None:
        log.info("Email to %s: %s\n%s", email.to, email.subject, email.body)

    def close(self) -> None:
        return None


class SmtpChannel:
    """Any mail server: one connection per run, opened at the first message and opened
    again after a failure. The Message-ID is the idempotency key, so a retried message
    is recognisably the same one."""

    name = "smtp"

    def __init__(self, settings: NotificationSettings) -> None:
        parts = urlsplit(settings.smtp_url)
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.implicit_tls else 25)
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.starttls = settings.smtp_starttls
        self.sender = settings.mail_from
        self.timeout = settings.timeout_seconds
        self._connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        if self._connection is None:
            if self.implicit_tls:
                connection: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.starttls:
                    connection.starttls(context=ssl.create_default_context())
            if self.user:
                connection.login(self.user, self.password or "")
            self._connection = connection
        return self._connection

    def send(self, email: Email) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = email.to
        message["Subject"] = email.subject
        domain = self.sender.rpartition("@")[2] or "outcomes"
        safe = "".join(c if c.isalnum() or c in "-." else "." for c in email.reference)
        message["Message-ID"] = f"<{safe}@{domain}>"
        message.set_content(f"Hello {email.name},\n\n{email.body}\n")
        try:
            self._connect().send_message(message)
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise DeliveryFailed(f"The mail server refused the message: {error}") from error

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._connection.quit()
            self._connection = None


class NotifyChannel:
    """GOV.UK Notify through its official client, with the templates named in settings.
    The idempotency key goes as Notify's reference, so each message can be found there."""

    name = "notify"

    def __init__(self, settings: NotificationSettings) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
            settings.notify_api_key,
            base_url=settings.notify_base_url,
            timeout=int(settings.timeout_seconds),
        )
        self.templates = {
            False: settings.notify_template_message,
            True: settings.notify_template_digest,
        }

    def send(self, email: Email) -> None:
        from notifications_python_client.errors import APIError
        from requests import RequestException

        try:
            self.client.send_email_notification(  # type: ignore[no-untyped-call]
                email_address=email.to,
                template_id=self.templates[email.digest],
                personalisation={
                    "name": email.name,
                    "subject": email.subject,
                    "body": email.body,
                    "link": email.link,
                },
                reference=email.reference,
            )
        except (APIError, RequestException) as error:
            raise DeliveryFailed(f"GOV.UK Notify refused the message: {error}") from error

    def close(self) -> None:
        return None


def channel_for(settings: NotificationSettings) -> Channel:
    if settings.channel_name == "notify":
        return NotifyChannel(settings)
    if settings.channel_name == "smtp":
        return SmtpChannel(settings)
    return LogChannel()
