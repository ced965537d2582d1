"""Flask extensions, created here and bound to the app in the factory."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from flask import Blueprint, current_app, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, login_required
from flask_wtf.csrf import CSRFProtect

from outcomes.accounts.models import User
from outcomes.accounts.sessions import session_user
from outcomes.disclosure import DisclosureRule
from outcomes.national.deadlines import ResponseDeadline
from web.database import get_session

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to continue."
login_manager.login_message_category = "info"
# Flask-Login's "strong" protection ends the session if the browser's identity changes.
login_manager.session_protection = "strong"


SIGN_IN_KEY = "sign_in"  # the cookie's key for the secret of its server-side session


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    # The id carries the account's session token, so rotating the token (password
    # change, deactivation) ends every session at once; the session itself must also
    # be live on the server, so that signing out ends it even for a copied cookie.
    account_id, _, token = user_id.partition(":")
    if not account_id.isdigit():
        return None
    user = session_user(
        get_session(),
        int(account_id),
        session.get(SIGN_IN_KEY),
        lifetime=current_app.permanent_session_lifetime,
    )
    if user is None or user.session_token != token:
        return None
    return user


def sign_in_required(blueprint: Blueprint) -> None:
    """Every page of ``blueprint`` is for signed-in people; others go to the sign-in page."""

    @blueprint.before_request
    @login_required
    def _signed_in() -> None:
        return None


def disclosure_rule() -> DisclosureRule:
    """The disclosure rule this app runs with (OUTCOMES_DISCLOSURE_THRESHOLD)."""
    return DisclosureRule(threshold=current_app.config["DISCLOSURE_THRESHOLD"])


def ask_settings() -> dict[str, Any]:
    """What every national-ask service takes besides the reader: the disclosure rule, the
    response deadline (OUTCOMES_NATIONAL_..._DAYS) and today's date."""
    return {
        "rule": disclosure_rule(),
        "deadline": ResponseDeadline.from_environment(),
        "today": date.today(),
    }


def api_limit() -> str:
    return current_app.config["RATELIMIT_API"]


def sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


def api_client_key() -> str:
    """Count API requests per token (hashed: the secret never reaches the limiter's
    store), or per address when no token is sent."""
    header = request.headers.get("Authorization", "")
    if header:
        return "token:" + hashlib.sha256(header.encode()).hexdigest()[:32]
    return "ip:" + get_remote_address()
