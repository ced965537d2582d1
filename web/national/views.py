"""National asks for national readers, the public answers page, and the register pages.
Thin: parse, call outcomes.national, render or redirect."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from outcomes.accounts.access import Actor
from outcomes.disclosure import SUPPRESSED
from outcomes.errors import Conflict, InvalidInput, NotFound
from outcomes.frameworks.store import barrier_titles
from outcomes.national.access import (
    PUBLIC,
    answerable_bodies,
    require_answerable,
    require_answerer,
    require_national_reader,
    require_register_keeper,
    responder_body,
    responders_by_user,
)
from outcomes.national.asks import (
    AskFilter,
    AskKey,
    NationalAsk,
    cited_asks,
    get_ask,
    national_asks,
    periods,
)
from outcomes.national.deadlines import ResponseDeadline
from outcomes.national.models import BodyKind, ResponseStatus
from outcomes.national.register import (
    assign_barrier,
    create_body,
    get_body,
    list_bodies,
    rename_body,
    responsibilities,
)
from outcomes.national.responses import ResponseInput, record_response
from outcomes.national.services import (
    asks_for_review,
    create_responder,
    latest_statuses,
    public_asks,
)
from outcomes.reviews.models import Review
from outcomes.reviews.periods import describe_period
from web.database import get_session
from web.extensions import ask_settings, disclosure_rule
from web.national.forms import (
    AssignForm,
    FilterForm,
    NewBodyForm,
    RenameForm,
    ResponderForm,
    ResponseForm,
    choices,
)

bp = Blueprint("national", __name__)


@bp.app_template_filter("count_or_withheld")
def count_or_withheld(count: int | None) -> str:
    return SUPPRESSED if count is None else str(count)


@bp.app_context_processor
def _national_helpers() -> dict[str, object]:
    def national_answers(review: Review) -> list[NationalAsk]:
        """The answers to the barriers a review cites, for its page."""
        actor: Actor = current_user if current_user.is_authenticated else PUBLIC  # type: ignore[assignment]
        return asks_for_review(get_session(), actor, review, **ask_settings())  # type: ignore[arg-type]

    def national_statuses(report: Any) -> dict[str, dict[str, Any]]:
        """Each barrier's latest response status over the periods a report covers."""
        return latest_statuses(report.barriers_over_time)

    return {"national_answers": national_answers, "national_statuses": national_statuses}


def _period_value(start: date, end: date) -> str:
    return f"{start}_{end}"


def _parse_period(value: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    try:
        start, end = value.split("_")
        return date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise InvalidInput("Choose a period from the list") from None


@bp.route("/national-asks")
@login_required
def asks() -> str:
    require_national_reader(current_user)
    session = get_session()
    form = FilterForm(request.args)
    bodies = list_bodies(session)
    titles = barrier_titles(session)
    found_periods = periods(session)
    form.body.choices = choices([("", "Any body")] + [(b.code, b.name) for b in bodies])
    form.barrier.choices = choices(
        [("", "Any barrier"), *sorted(titles.items(), key=lambda t: t[1])]
    )
    form.period.choices = choices(
        [("", "Any period")] + [(_period_value(*p), describe_period(*p)) for p in found_periods]
    )
    own = responder_body(session, current_user)
    if own is not None and "body" not in request.args:
        form.body.data = own.code
    if not form.validate():
        raise InvalidInput("; ".join(m for errors in form.errors.values() for m in errors))
    filters = AskFilter(
        body=form.body.data or None,
        barrier=form.barrier.data or None,
        status=ResponseStatus(form.status.data) if form.status.data else None,
        period=_parse_period(form.period.data),
    )
    found = national_asks(session, current_user, filters=filters, **ask_settings())  # type: ignore[arg-type]
    overdue = [a for a in found if a.days_overdue]
    return render_template(
        "national/asks.html",
        form=form,
        asks=[a for a in found if not a.days_overdue],
        overdue=overdue,
        own=own,
        deadline=ResponseDeadline.from_environment(),
    )


def _ask(barrier: str, start: str, end: str, actor: Actor) -> NationalAsk:
    key = AskKey.parse(barrier, start, end)
    return get_ask(get_session(), actor, key, **ask_settings())  # type: ignore[arg-type]


@bp.route("/national-asks/<barrier>/<start>/<end>")
@login_required
def ask(barrier: str, start: str, end: str) -> str:
    require_national_reader(current_user)
    session = get_session()
    found = _ask(barrier, start, end, current_user)
    return render_template(
        "national/ask.html",
        ask=found,
        cited=cited_asks(session, current_user, found.key),
        may_respond=answerable_bodies(session, current_user, found.bodies) != [],
    )


@bp.route("/national-asks/<barrier>/<start>/<end>/respond", methods=["GET", "POST"])
@login_required
def respond(barrier: str, start: str, end: str) -> str | Response:
    require_answerer(current_user)
    session = get_session()
    found = _ask(barrier, start, end, current_user)
    bodies = answerable_bodies(session, current_user, found.bodies)
    require_answerable(current_user, bodies)
    form = ResponseForm()
    form.body.choices = choices([(b.code, b.name) for b in bodies])
    if request.method == "GET":
        form.responded_on.data = date.today()
    if form.validate_on_submit():
        body = next((b for b in bodies if b.code == form.body.data), bodies[0])
        given = ResponseInput(
            status=ResponseStatus(form.status.data),
            responded_on=form.responded_on.data,
            statement=form.statement.data or "",
            what_will_change=form.what_will_change.data or "",
            change_by=form.change_by.data,
            reasons=form.reasons.data or "",
            evidence=form.evidence.data or "",
        )
        try:
            record_response(session, current_user, found, body, given, today=date.today())
        except InvalidInput as error:
            form.refuse(error)
        else:
            flash(f"Response recorded for {body.name}: {given.status.label}.", "success")
            return redirect(url_for("national.ask", barrier=barrier, start=start, end=end))
    return render_template("national/respond.html", ask=found, form=form, bodies=bodies)


@bp.route("/answers-from-the-centre")
def public() -> str:
    """No sign-in: what places asked the centre and what it said, as far as consent allows."""
    session = get_session()
    found_periods = periods(session)
    chosen = _parse_period(request.args.get("period")) or (
        found_periods[0] if found_periods else None
    )
    if chosen is not None and found_periods and chosen not in found_periods:
        raise NotFound("No barrier was cited for that period.")
    shown = public_asks(session, chosen, **ask_settings()) if chosen else []  # type: ignore[arg-type]
    return render_template(
        "national/public.html",
        shown=shown,
        periods=[(_period_value(*p), describe_period(*p), p == chosen) for p in found_periods],
        chosen=describe_period(*chosen) if chosen else None,
        rule=disclosure_rule(),
    )


# The register, for administrators.


@bp.route("/national-bodies", methods=["GET", "POST"])
@login_required
def bodies() -> str | Response:
    require_register_keeper(current_user)
    session = get_session()
    form = NewBodyForm()
    if form.validate_on_submit():
        try:
            body = create_body(
                session,
                current_user,
                code=form.code.data,
                kind=BodyKind(form.kind.data),
                name=form.name.data,
                valid_from=form.valid_from.data,
            )
        except (InvalidInput, Conflict) as error:
            form.refuse(error, getattr(error, "field", None) or "code")
        else:
            flash(f"{body.name} added to the register.", "success")
            return redirect(url_for("national.body", code=body.code))
    return render_template(
        "national/bodies.html",
        bodies=list_bodies(session),
        form=form,
        duties=responsibilities(session),
    )


@bp.route("/national-bodies/<code>", methods=["GET", "POST"])
@login_required
def body(code: str) -> str | Response:
    require_register_keeper(current_user)
    session = get_session()
    found = get_body(session, code)
    titles = barrier_titles(session)
    rename, assign, responder = (
        RenameForm(prefix="rename"),
        AssignForm(prefix="assign"),
        ResponderForm(prefix="responder"),
    )
    assign.barrier.choices = choices(sorted(titles.items(), key=lambda t: t[1]))
    action = request.form.get("action")
    try:
        if action == "rename" and rename.validate_on_submit():
            rename_body(session, current_user, found, rename.name.data, rename.on.data)
            flash(f"{found.name}: renamed.", "success")
            return redirect(url_for("national.body", code=code))
        if action == "assign" and assign.validate_on_submit():
            assign_barrier(session, current_user, assign.barrier.data, found, assign.on.data)
            flash(f"{found.name} now answers {titles[assign.barrier.data]}.", "success")
            return redirect(url_for("national.body", code=code))
        if action == "responder" and responder.validate_on_submit():
            password = secrets.token_urlsafe(12)
            user = create_responder(
                session,
                current_user,
                email=responder.email.data,
                display_name=responder.display_name.data,
                password=password,
                body=found,
            )
            return render_template("admin/user_created.html", user=user, password=password)
    except (InvalidInput, Conflict) as error:
        target = {"rename": rename, "assign": assign, "responder": responder}[action or "rename"]
        target.refuse(error)
    linked = responders_by_user(session)
    return render_template(
        "national/body.html",
        body=found,
        duties=[d for d in responsibilities(session) if d.body_id == found.id],
        titles=titles,
        rename=rename,
        assign=assign,
        responder=responder,
        responders=[u for u, b in linked.items() if b.id == found.id],
        form=next((f for f in (rename, assign, responder) if f.errors), None),
    )
