"""Searching the words of submitted reviews: its own area of the site, with its own
place in the navigation."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from outcomes.errors import InvalidInput
from outcomes.reviews.search import search_answers
from web.database import get_session
from web.reviews.forms import SearchForm

bp = Blueprint("search", __name__, url_prefix="/search")


@bp.before_request
@login_required
def _signed_in() -> None:
    return None


@bp.route("/")
def index() -> str:
    form = SearchForm(formdata=request.args or None, meta={"csrf": False})
    results = None
    if request.args.get("q") and form.validate():
        try:
            results = search_answers(
                get_session(), current_user, form.q.data, page=request.args.get("page", 1, type=int)
            )
        except InvalidInput as error:
            get_session().rollback()
            form.fail(str(error), "q")
    return render_template("reviews/search.html", form=form, results=results)
