"""How notifications are sent, from ``OUTCOMES_*`` environment variables."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import timedelta

from outcomes.config import ConfigurationError

DEFAULT_BASE_URL = "http://127.0.0.1:5000"
DEFAULT_NOTIFY_URL = "https://api.notifications.service.gov.uk"
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# A key is its name, the service id and the secret, joined by hyphens.
NOTIFY_KEY = re.compile(rf"^.+-{_UUID}-{_UUID}$")


@dataclass(frozen=True)
class NotificationSettings:
    # Where people reach the app: every link in a message starts with it.
    base_url: str = DEFAULT_BASE_URL
    # GOV.UK Notify: an API key, and the ids of two templates, one for a single message and
    # one for a weekly digest (each uses ((subject)), ((body)) and ((link)) or ((name))).
    notify_api_key: str = ""
    notify_base_url: str = DEFAULT_NOTIFY_URL
    notify_template_message: str = ""
    notify_template_digest: str = ""
    # SMTP, for services without Notify: smtp://user:password@host:port (smtps:// for TLS
    # from the start); starttls upgrades a plain connection.
    smtp_url: str = ""
    smtp_starttls: bool = False
    mail_from: str = "outcomes@localhost"
    # The day weekly digests go out (0 Monday ... 6 Sunday, UTC): each carries what waited
    # from before that day.
    digest_weekday: int = 0
    # Retries: the n-th failure waits base * 2**(n-1), at most max_wait; after
    # max_attempts a message is given up (state failed) and the run says so.
    retry_base: timedelta = timedelta(minutes=1)
    retry_max_wait: timedelta = timedelta(hours=6)
    max_attempts: int = 8
    # A message held this long by a run that never finished is tried again.
    claim_timeout: timedelta = timedelta(minutes=15)
    timeout_seconds: float = 30.0

    @property
    def channel_name(self) -> str:
        if self.notify_api_key:
            return "notify"
        if self.smtp_url:
            return "smtp"
        return "log"

    def link(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    @classmethod
    def from_environment(cls) -> NotificationSettings:
        env = os.environ
        settings = cls(
            base_url=env.get("OUTCOMES_BASE_URL", "").strip() or DEFAULT_BASE_URL,
            notify_api_key=env.get("OUTCOMES_NOTIFY_API_KEY", "").strip(),
            notify_base_url=env.get("OUTCOMES_NOTIFY_BASE_URL", "").strip() or DEFAULT_NOTIFY_URL,
            notify_template_message=env.get("OUTCOMES_NOTIFY_TEMPLATE_MESSAGE", "").strip(),
            notify_template_digest=env.get("OUTCOMES_NOTIFY_TEMPLATE_DIGEST", "").strip(),
            smtp_url=env.get("OUTCOMES_SMTP_URL", "").strip(),
            smtp_starttls=env.get("OUTCOMES_SMTP_STARTTLS", "").strip().lower()
            in {"1", "true", "yes", "on"},
            mail_from=env.get("OUTCOMES_MAIL_FROM", "").strip() or cls.mail_from,
            digest_weekday=_weekday(env.get("OUTCOMES_NOTIFY_DIGEST_DAY", "")),
            max_attempts=_number("OUTCOMES_NOTIFY_MAX_ATTEMPTS", cls.max_attempts),
        )
        settings.check()
        return settings

    def check(self) -> None:
        """Refuse settings that could only fail at the first send."""
        if not self.base_url.startswith(("http://", "https://")):
            raise ConfigurationError(
                f"OUTCOMES_BASE_URL is {self.base_url!r}: give the address people use to reach "
                "Outcomes, starting https://, so that links in emails work."
            )
        if self.notify_api_key and not NOTIFY_KEY.match(self.notify_api_key):
            raise ConfigurationError(
                "OUTCOMES_NOTIFY_API_KEY is not a GOV.UK Notify API key: copy the whole key "
                "from Notify's API integration page (its name, then two ids)."
            )
        if self.notify_api_key and not (
            self.notify_template_message and self.notify_template_digest
        ):
            raise ConfigurationError(
                "OUTCOMES_NOTIFY_API_KEY is set, so set OUTCOMES_NOTIFY_TEMPLATE_MESSAGE and "
                "OUTCOMES_NOTIFY_TEMPLATE_DIGEST to the ids of your Notify templates too."
            )
        if self.smtp_url and not self.smtp_url.startswith(("smtp://", "smtps://")):
            raise ConfigurationError(
                f"OUTCOMES_SMTP_URL must look like smtp://user:password@host:587, not "
                f"{self.smtp_url.split('@')[-1]!r}."
            )


def _number(variable: str, default: int) -> int:
    value = os.environ.get(variable, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ConfigurationError(f"{variable} must be a whole number of 1 or more, not {value!r}.")
    return int(value)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(value: str) -> int:
    value = value.strip().lower()
    if not value:
        return 0
    if value not in WEEKDAYS:
        raise ConfigurationError(
            f"OUTCOMES_NOTIFY_DIGEST_DAY must be a day of the week, like monday, not {value!r}."
        )
    return WEEKDAYS.index(value)
