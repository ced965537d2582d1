"""Flask extensions, created here and bound to the app in the factory."""

from __future__ import annotations

from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from outcomes.accounts.models import User
from web.database import get_session

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to continue."
login_manager.login_message_category = "info"
# Flask-Login's "strong" protection ends the session if the browser's identity changes.
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    # The id carries the account's session token, so rotating the token (password
    # change, deactivation) ends every session at once.
    account_id, _, token = user_id.partition(":")
    if not account_id.isdigit():
        return None
    user = get_session().get(User, int(account_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user
