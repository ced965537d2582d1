"""Administrators manage accounts here; the rules themselves live in outcomes.accounts."""

from __future__ import annotations

import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from outcomes.accounts.access import require_account_manager
from outcomes.accounts.models import Role
from outcomes.accounts.operations import (
    AccountFilter,
    create_user,
    deactivate_user,
    get_account,
    list_users,
)
from outcomes.errors import Conflict, InvalidInput, NotFound
from outcomes.places.operations import get_place
from web.admin.forms import ConfirmForm, NewUserForm
from web.database import get_session

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _admins_only() -> None:
    require_account_manager(current_user)


@bp.route("/users")
def users() -> str:
    shown = request.args.get("show") or None
    try:
        show = AccountFilter(shown) if shown else None
    except ValueError:
        raise InvalidInput("Choose which accounts to show from the list") from None
    return render_template(
        "admin/users.html",
        users=list_users(get_session(), current_user, show),
        show=show,
        filters=list(AccountFilter),
    )


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> str:
    form = NewUserForm()
    if form.validate_on_submit():
        session = get_session()
        # A one-off password the administrator passes on; the person changes it later.
        password = secrets.token_urlsafe(12)
        try:
            places = [get_place(session, form.place_code.data)] if form.place_code.data else []
            user = create_user(
                session,
                current_user,
                email=form.email.data,
                display_name=form.display_name.data,
                role=Role(form.role.data),
                password=password,
                places=places,
            )
        except NotFound as error:
            form.fail(str(error), "place_code")
        except (InvalidInput, Conflict) as error:
            form.refuse(error, getattr(error, "field", None) or "email")
        else:
            return render_template("admin/user_created.html", user=user, password=password)
    return render_template("admin/new_user.html", form=form)


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
def deactivate(user_id: int) -> str | Response:
    session = get_session()
    user = get_account(session, current_user, user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            deactivate_user(session, current_user, user.email)
        except InvalidInput as error:
            form.fail(str(error))
        else:
            flash(f"{user.email} can no longer sign in.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/deactivate.html", user=user, form=form)
