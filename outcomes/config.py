"""Settings from ``OUTCOMES_*`` environment variables, with safe local defaults."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "var" / "outcomes.sqlite3"


class ConfigurationError(RuntimeError):
    """The environment asks for something the app cannot safely run with."""


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


PER_PROCESS_STORE = "memory://"


def check_rate_limit_store(storage_uri: str, *, production: bool, workers: int) -> None:
    """Refuse limits counted per process where several processes serve one site: with
    ``memory://`` and 4 workers, one token gets four times its limit (more when the load
    balancer spreads calls). Gunicorn's configuration (gunicorn.conf.py) calls this before
    it starts any worker; development and tests (one process) may count in memory."""
    if production and workers > 1 and storage_uri.startswith(PER_PROCESS_STORE):
        raise ConfigurationError(
            f"OUTCOMES_RATELIMIT_STORAGE_URI is {storage_uri}, which counts rate limits in each "
            f"worker separately, and {workers} workers would each allow the full limit. Set it "
            "to a store every worker shares, such as redis://host:6379, or run one worker."
        )


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    production: bool
    secure_cookies: bool
    sign_in_failure_delay: float
    sign_in_max_failures: int
    sign_in_lockout_minutes: int
    disclosure_threshold: int = 5
    # Rate limits, in Flask-Limiter's notation. A shared store (e.g. redis://host:6379)
    # makes several app servers count together; memory:// counts per process.
    ratelimit_storage_uri: str = "memory://"
    ratelimit_api: str = "300 per minute"
    ratelimit_sign_in: str = "30 per minute"
    # Where report pages' drawn bodies are kept for every worker (web/reports/cache.py):
    # redis://host:6379, or memory:// (each process its own, bounded).
    report_cache_url: str = "memory://"
    # Seconds a web request's SQL may run; below gunicorn's 30 s worker timeout.
    statement_timeout: float = 20.0
    # Who runs this copy of Outcomes and how people reach them, for the accessibility
    # statement and the privacy notice.
    operator_name: str = "The Outcomes service team"
    contact_email: str = "outcomes-support@example.gov.uk"
    privacy_email: str = "data-protection@example.gov.uk"
    retention: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_environment(cls) -> Settings:
        production = os.environ.get("OUTCOMES_ENV", "development") == "production"
        secret_key = os.environ.get("OUTCOMES_SECRET_KEY", "")
        if not secret_key:
            if production:
                raise ConfigurationError(
                    "OUTCOMES_SECRET_KEY is not set. In production every app server must share "
                    "one secret key: set it to a long random value."
                )
            # A fresh key per process is safe locally: the worst case is signing in again.
            secret_key = secrets.token_urlsafe(32)
        return cls(
            database_url=os.environ.get(
                "OUTCOMES_DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}"
            ),
            secret_key=secret_key,
            production=production,
            secure_cookies=_flag("OUTCOMES_SECURE_COOKIES", production),
            sign_in_failure_delay=float(os.environ.get("OUTCOMES_SIGN_IN_FAILURE_DELAY", "0.5")),
            sign_in_max_failures=int(os.environ.get("OUTCOMES_SIGN_IN_MAX_FAILURES", "5")),
            sign_in_lockout_minutes=int(os.environ.get("OUTCOMES_SIGN_IN_LOCKOUT_MINUTES", "15")),
            disclosure_threshold=int(os.environ.get("OUTCOMES_DISCLOSURE_THRESHOLD", "5")),
            ratelimit_storage_uri=os.environ.get("OUTCOMES_RATELIMIT_STORAGE_URI", "memory://"),
            report_cache_url=_report_cache_url(),
            ratelimit_api=os.environ.get("OUTCOMES_RATELIMIT_API", "300 per minute"),
            ratelimit_sign_in=os.environ.get("OUTCOMES_RATELIMIT_SIGN_IN", "30 per minute"),
            statement_timeout=float(os.environ.get("OUTCOMES_STATEMENT_TIMEOUT", "20")),
            operator_name=_words("OUTCOMES_OPERATOR_NAME", cls.operator_name),
            contact_email=_words("OUTCOMES_CONTACT_EMAIL", cls.contact_email),
            privacy_email=_words("OUTCOMES_PRIVACY_EMAIL", cls.privacy_email),
            retention=_words("OUTCOMES_RETENTION", cls.retention),
        )


def _report_cache_url() -> str:
    """OUTCOMES_REPORT_CACHE_URL, else the Redis that already counts rate limits: one
    shared store to run is enough. Anything else keeps bodies in each process."""
    chosen = os.environ.get("OUTCOMES_REPORT_CACHE_URL", "").strip()
    if chosen:
        return chosen
    limits = os.environ.get("OUTCOMES_RATELIMIT_STORAGE_URI", "")
    return limits if limits.startswith(("redis://", "rediss://")) else PER_PROCESS_STORE


def _words(variable: str, default: str) -> str:
    """The operator's words from ``variable``, or ``default`` where it is unset or blank."""
    return os.environ.get(variable, "").strip() or default
