"""Searching the words of submitted reviews: its own area of the site, with its own
place in the navigation."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from outcomes.errors import InvalidInput
from outcomes.reviews.search import search_answers
from web.database import get_session
from web.extensions import sign_in_required
from web.reviews.forms import SearchForm

bp = Blueprint("search", __name__, url_prefix="/search")


sign_in_required(bp)


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
            form.refuse(error, "q")
    return render_template("reviews/search.html", form=form, results=results)
