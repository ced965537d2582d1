"""Signing in and out, and the person's own account page."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from outcomes.accounts.models import Role
from outcomes.accounts.operations import LockoutPolicy, SignInFailed, authenticate
from outcomes.accounts.sessions import end_session, start_session
from outcomes.accounts.tokens import TokenScope, create_token, revoke_token, tokens_of
from outcomes.errors import InvalidInput
from outcomes.notifications.models import Kind, kinds_for
from outcomes.notifications.preferences import (
    choices,
    followed,
    parse_codes,
    save_choices,
    save_followed,
)
from web.auth.forms import (
    RevokeForm,
    SignInForm,
    SignOutForm,
    TokenForm,
    notifications_form,
)
from web.database import get_session
from web.extensions import SIGN_IN_KEY, limiter, sign_in_limit
from web.forms import BaseForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never send someone on to another host after signing in."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and "\\" not in target:
            return target
    return url_for("home.index")


# Shared assets are the same for everyone and may be cached; nothing else may be.
CACHEABLE_ENDPOINTS = {"static", "assets", "frontend_bundle"}


@bp.after_app_request
def _no_store(response: Response) -> Response:
    """Signed-in pages, API answers and downloads carry what one person may see: no
    browser or proxy may keep a copy (for the next person at a shared computer)."""
    if request.endpoint in CACHEABLE_ENDPOINTS:
        return response
    if (
        current_user.is_authenticated
        or request.blueprint == "api"
        or "attachment" in response.headers.get("Content-Disposition", "")
    ):
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(sign_in_limit, methods=["POST"])
def sign_in() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.validate_on_submit():
        policy = LockoutPolicy(
            max_failures=current_app.config["SIGN_IN_MAX_FAILURES"],
            lockout=timedelta(minutes=current_app.config["SIGN_IN_LOCKOUT_MINUTES"]),
        )
        try:
            user = authenticate(get_session(), form.email.data, form.password.data, policy=policy)
        except SignInFailed as failure:
            # A short pause makes guessing slow; the failure count is committed with the page.
            time.sleep(current_app.config["SIGN_IN_FAILURE_DELAY"])
            form.fail(str(failure), field="email")
        else:
            next_page = _safe_next(request.args.get("next"))
            session.clear()  # a fresh session at sign-in: nothing carried over from before
            login_user(user)
            session[SIGN_IN_KEY] = start_session(get_session(), user)
            session.permanent = True
            return redirect(next_page)
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
def sign_out() -> Response:
    if SignOutForm().validate_on_submit():
        end_session(get_session(), session.get(SIGN_IN_KEY))  # a copied cookie too
        logout_user()
        session.clear()
        flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/account")
@login_required
def account() -> str:
    return _account_page(TokenForm())


def _account_page(form: TokenForm, notices: BaseForm | None = None) -> str:
    if notices is None:
        notices = _notifications_form()
        for choice in choices(get_session(), current_user):
            getattr(notices, choice.kind.value).data = choice.setting
        if hasattr(notices, "places"):
            notices.places.data = ", ".join(p.code for p in followed(get_session(), current_user))
    return render_template(
        "auth/account.html",
        user=current_user,
        tokens=tokens_of(get_session(), current_user),
        form=form,
        revoke_form=RevokeForm(),
        notices=notices,
        notice_fields=[getattr(notices, kind.value) for kind in kinds_for(current_user.role)],
    )


def _notifications_form() -> BaseForm:
    return notifications_form(current_user.role, follows=current_user.role is Role.REGULATOR)


@bp.route("/account/notifications", methods=["POST"])
@login_required
def notifications() -> str | Response:
    """The person's choices of notifications (and, for a regulator, what they follow)."""
    form = _notifications_form()
    if form.validate_on_submit():
        session = get_session()
        try:
            save_choices(
                session,
                current_user,
                {kind: getattr(form, kind.value).data for kind in kinds_for(current_user.role)},
            )
            if hasattr(form, "places"):
                save_followed(session, current_user, parse_codes(form.places.data or ""))
        except InvalidInput as error:
            form.refuse(error, field=str(error.field) if error.field in _FIELDS else None)
        else:
            flash("Your notification choices have been saved.", "success")
            return redirect(url_for("auth.account") + "#notifications")
    return _account_page(TokenForm(), form)


_FIELDS = {"places", *(kind.value for kind in Kind)}


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_api_token() -> str:
    form = TokenForm()
    if form.validate_on_submit():
        try:
            token, secret = create_token(
                get_session(), current_user, name=form.name.data, scope=TokenScope(form.scope.data)
            )
        except InvalidInput as error:
            form.refuse(error)
        else:
            return render_template("auth/token_created.html", token=token, secret=secret)
    return _account_page(form)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_api_token(token_id: int) -> Response:
    if RevokeForm().validate_on_submit():
        token = revoke_token(get_session(), current_user, token_id)
        flash(f"The token ‘{token.name}’ has been revoked. It can no longer be used.", "success")
    return redirect(url_for("auth.account"))
