"""The pages a public service publishes about itself: the accessibility statement, the
cookies Outcomes sets, and the privacy notice. Anyone may read them, signed in or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Blueprint, Flask, current_app, render_template

bp = Blueprint("about", __name__)

# When the accessibility statement was prepared and last reviewed against the checks in
# tests/browser/accessibility.py. Change it when the statement is reviewed again.
STATEMENT_PREPARED = date(2026, 11, 29)


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lifetime: str


def _duration(span: timedelta) -> str:
    hours, seconds = divmod(int(span.total_seconds()), 3600)
    if seconds or not hours:
        minutes = int(span.total_seconds()) // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{hours} hour{'s' if hours != 1 else ''}"


def cookies_set(app: Flask) -> list[Cookie]:
    """Every cookie the app sets, read from its configuration: the session cookie only."""
    return [
        Cookie(
            name=app.config["SESSION_COOKIE_NAME"],
            purpose=(
                "Keeps you signed in as you move from page to page, and holds the token that "
                "proves a form you send came from an Outcomes page."
            ),
            lifetime=(
                "Until you close your browser, or "
                f"{_duration(app.permanent_session_lifetime)} after the last page you open "
                "once you have signed in. Signing out empties it."
            ),
        )
    ]


def _contacts() -> dict[str, str]:
    config = current_app.config
    return {
        "operator_name": config["OPERATOR_NAME"],
        "contact_email": config["CONTACT_EMAIL"],
        "privacy_email": config["PRIVACY_EMAIL"],
        "retention": config["RETENTION"],
    }


@bp.route("/accessibility")
def accessibility() -> str:
    return render_template("about/accessibility.html", prepared=STATEMENT_PREPARED, **_contacts())


@bp.route("/cookies")
def cookies() -> str:
    return render_template("about/cookies.html", cookies=cookies_set(current_app), **_contacts())


@bp.route("/privacy")
def privacy() -> str:
    session_cookie = cookies_set(current_app)[0]
    return render_template("about/privacy.html", session_cookie=session_cookie, **_contacts())
