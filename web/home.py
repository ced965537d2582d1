"""The start page: what Outcomes is for and, for someone signed in, what their role has
to do next (outcomes.home), each count linking to the list it counts."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from outcomes.db import utcnow
from outcomes.exports.models import ExportRecord
from outcomes.home.counts import ListCount
from outcomes.home.home import home_for
from outcomes.home.reports_taken import ReportTaken
from outcomes.national.deadlines import ResponseDeadline
from outcomes.reviews.periods import describe_period
from web.database import get_session
from web.exports.forms import EVERY, LATEST
from web.extensions import disclosure_rule
from web.forms import scope_args
from web.reviews.pages import filter_args

bp = Blueprint("home", __name__)


@bp.app_template_filter("quarter")
def _quarter(period: tuple[date, date]) -> str:
    return describe_period(*period)


def reviews_link(counted: ListCount) -> str:
    """The review list that shows what ``counted`` counts."""
    return url_for("reviews.index", **filter_args(counted.filters)) + "#results"


def report_link(taken: ReportTaken) -> str:
    """The comparison report a recorded report file was made from."""
    parameters = taken.parameters
    args: dict[str, Any] = scope_args(parameters)
    for name in ("version", "focus_place", "barrier"):
        if parameters.get(name):
            args[name] = parameters[name]
    return url_for("reports.index", **args)


def export_again_link(export: ExportRecord) -> str:
    """The export page with the filters of a logged export, ready to count again."""
    filters = export.filters
    args: dict[str, Any] = scope_args(filters)
    if filters.get("versions"):
        args["versions"] = list(filters["versions"])
    args["revisions"] = EVERY if filters.get("every_revision") else LATEST
    for name in ("include_feedback", "redact_text"):
        if filters.get(name):
            args[name] = "y"
    args["format"] = export.format
    return url_for("exports.new", **args)


def count_item(
    title: str, count: int, href: str | None, noun: str = "review", plural: str | None = None
) -> dict[str, Any]:
    """A row of a GOV.UK task list: what to look at and how many there are, linked to
    the list that shows them when there are some (an empty list is not worth a click)."""
    words = f"{count} {noun if count == 1 else plural or noun + 's'}"
    status = {"tag": {"text": words, "classes": "govuk-tag--blue"}} if count else {"text": "None"}
    return {"title": {"text": title}, "href": href if count else None, "status": status}


@bp.route("/")
def index() -> str:
    home = None
    if current_user.is_authenticated:
        home = home_for(
            get_session(),
            current_user,
            today=date.today(),
            now=utcnow(),
            rule=disclosure_rule(),
            deadline=ResponseDeadline.from_environment(),
        )
    return render_template(
        "home.html",
        home=home,
        reviews_link=reviews_link,
        report_link=report_link,
        export_again_link=export_again_link,
        count_item=count_item,
    )
