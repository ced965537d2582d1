"""Finding a place, and a place's page: its parents, children, history and services."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from outcomes.accounts.access import acts_for_place, require_place
from outcomes.errors import Conflict, InvalidInput
from outcomes.places.operations import current_place, find_places, get_place
from outcomes.reviews.quiet import quiet_places, quiet_quarters
from outcomes.services.operations import create_service, services_for_place
from web.database import get_session
from web.extensions import sign_in_required
from web.places.forms import ServiceForm

bp = Blueprint("places", __name__, url_prefix="/places")


sign_in_required(bp)


@bp.route("/")
def search() -> str:
    query = request.args.get("q", "").strip()[:100]
    results = find_places(get_session(), query) if query else []
    quiet = request.args.get("quiet") == "y"
    return render_template(
        "places/search.html",
        query=query,
        results=results,
        quiet=quiet_places(get_session(), date.today()) if quiet else None,
        quarters=quiet_quarters(date.today()),
    )


@bp.route("/<code>")
def place(code: str) -> str:
    session = get_session()
    found = get_place(session, code)
    return render_template(
        "places/place.html",
        place=found,
        successor=current_place(found) if not found.is_current else None,
        services=services_for_place(session, found),
        can_add_service=(found.is_current or found.valid_to is not None)
        and acts_for_place(current_user, found),
    )


@bp.route("/<code>/services/new", methods=["GET", "POST"])
def new_service(code: str) -> str | Response:
    session = get_session()
    found = get_place(session, code)
    require_place(current_user, found, action="add a service")
    form = ServiceForm()
    if form.validate_on_submit():
        try:
            service = create_service(
                session,
                current_user,
                found,
                name=form.name.data,
                service_area=form.service_area.data,
                partners=form.partners.data,
            )
        except (InvalidInput, Conflict) as error:
            form.refuse(error)
        else:
            flash(f"{service.name} has been added to {found.name}.", "success")
            return redirect(url_for("places.place", code=found.code))
    return render_template("places/new_service.html", place=found, form=form)
