"""Filing a review: start it, answer it section by section from the task list, check the
answers and submit; amend a submitted review."""

from __future__ import annotations

from datetime import date
from itertools import groupby

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from outcomes.errors import InvalidInput
from outcomes.frameworks.definition import TextItem
from outcomes.frameworks.store import get_framework
from outcomes.places.identity import dated_name
from outcomes.reviews.access import Action, allowed_actions, has_draft, require
from outcomes.reviews.answers import InvalidAnswers, save_section
from outcomes.reviews.filing import (
    DuplicateReview,
    OverlappingReview,
    frameworks_to_file,
    services_to_review,
    start_review,
)
from outcomes.reviews.follow_ups import commitments, required_items
from outcomes.reviews.locking import EditConflict
from outcomes.reviews.models import Review
from outcomes.reviews.periods import quarter_containing, utc_today
from outcomes.reviews.pinned import pinned_definition
from outcomes.reviews.reading import get_review, read_draft, show_answers
from outcomes.reviews.sections import Section, SectionState, find_section, review_sections
from outcomes.reviews.submission import (
    REASON_MAX_LENGTH,
    IncompleteReview,
    cancel_amendment,
    missing_answers,
    start_amendment,
    submit,
    task_list,
)
from outcomes.reviews.values import revision_values
from web.database import get_session
from web.reviews import bp
from web.reviews.forms import (
    AmendForm,
    CancelAmendmentForm,
    LockedForm,
    StartForm,
    SubmitForm,
    answers_from,
    form_data,
    section_form,
)
from web.reviews.pages import grouped_answers


def _asked_period() -> tuple[date, date] | None:
    """The period a link asked for (``?from=2026-07-01&to=2026-09-30``, from the home
    page's reviews due), or None: anything else is left to the person to type."""
    try:
        start = date.fromisoformat(request.args.get("from", ""))
        end = date.fromisoformat(request.args.get("to", ""))
    except ValueError:
        return None
    return (start, end) if start <= end else None


@bp.route("/new", methods=["GET", "POST"])
def start() -> str | Response:
    session = get_session()
    services = services_to_review(session, current_user)
    if not services:
        return render_template("reviews/no_services.html")
    frameworks = frameworks_to_file(session)
    start, end = _asked_period() or quarter_containing(utc_today())
    form = StartForm(
        data={"period_start": start, "period_end": end, "service": request.args.get("service")}
    )
    several = len({s.place_id for s in services}) > 1
    form.service.choices = [
        SelectChoice(str(s.id), f"{s.name}, {dated_name(s.place)}" if several else s.name)
        for s in services
    ]
    form.framework.choices = [SelectChoice(f.slug, f.title) for f in frameworks]
    if len(services) == 1 and not form.service.data:
        form.service.data = str(services[0].id)
    if len(frameworks) == 1 and not form.framework.data:
        form.framework.data = frameworks[0].slug
    duplicate = None
    if form.validate_on_submit():
        service = next(s for s in services if str(s.id) == form.service.data)
        try:
            review = start_review(
                session,
                current_user,
                service,
                get_framework(session, form.framework.data),
                period_start=form.period_start.data,
                period_end=form.period_end.data,
            )
        except (DuplicateReview, OverlappingReview) as error:
            form.refuse(error, "period_start")
            duplicate = error.review_id
        except InvalidInput as error:
            form.refuse(error)
        else:
            return redirect(url_for("reviews.tasks", review_id=review.id))
    return render_template("reviews/start.html", form=form, duplicate=duplicate)


@bp.route("/<int:review_id>/tasks")
def tasks(review_id: int) -> str | Response:
    session = get_session()
    review = get_review(session, current_user, review_id)
    if not has_draft(review):
        return redirect(url_for("reviews.review", review_id=review.id))
    revision = read_draft(session, current_user, review)
    tasks = task_list(session, review)
    return render_template(
        "reviews/tasks.html",
        review=review,
        revision=revision,
        definition=pinned_definition(review),
        groups=[(group, list(items)) for group, items in groupby(tasks, lambda t: t.section.group)],
        tasks=tasks,
        completed=sum(task.state is SectionState.COMPLETED for task in tasks),
        may_edit=Action.EDIT in allowed_actions(current_user, review),
        cancel_form=CancelAmendmentForm(data={"lock_version": review.lock_version}),
    )


@bp.route("/<int:review_id>/sections/<key>", methods=["GET", "POST"])
def section(review_id: int, key: str) -> str | Response | tuple[str, int]:
    session = get_session()
    review = get_review(session, current_user, review_id)
    definition = pinned_definition(review)
    found = find_section(definition, key)
    if request.method == "GET":
        require(Action.EDIT, current_user, review)
        revision = read_draft(session, current_user, review)
        data = {**form_data(found, revision_values(revision)), "lock_version": review.lock_version}
        form = section_form(definition, found, data=data)
        return _section_page(review, found, form)

    form = section_form(definition, found, formdata=request.form)
    if not form.validate():
        return _section_page(review, found, form), 400
    try:
        save_section(
            session,
            current_user,
            review,
            found.key,
            answers_from(form, found),
            lock_version=form.lock_version.data,
            complete=bool(form.save_and_continue.data),
        )
    except InvalidAnswers as error:
        session.rollback()
        for field, message in error.errors.items():
            form.fail(message, field)
        return _section_page(review, found, form)
    except EditConflict as error:
        form.refuse(error, None)
        # Saving again now replaces what is saved, knowingly: the page shows both.
        form.relock(review.lock_version)
        return _section_page(review, found, form, conflict=True), 409
    if form.save_for_later.data:
        flash("Your answers have been saved. You can come back to them at any time.", "success")
        return redirect(url_for("reviews.tasks", review_id=review.id))
    keys = [s.key for s in review_sections(definition)]
    following = keys[keys.index(found.key) + 1 :]
    if following:
        return redirect(url_for("reviews.section", review_id=review.id, key=following[0]))
    return redirect(url_for("reviews.check", review_id=review.id))


def _section_page(review: Review, found: Section, form: LockedForm, conflict: bool = False) -> str:
    session = get_session()
    definition = pinned_definition(review)
    return render_template(
        "reviews/section.html",
        review=review,
        definition=definition,
        section=found,
        form=form,
        commitments=commitments(session, review),
        required=required_items(session, review),
        saved_now=show_answers(current_user, review, review.working_revision, found.items)
        if conflict
        else [],
        TextItem=TextItem,
    )


@bp.route("/<int:review_id>/check", methods=["GET", "POST"])
def check(review_id: int) -> str | Response | tuple[str, int]:
    session = get_session()
    review = get_review(session, current_user, review_id)
    require(Action.SUBMIT, current_user, review)
    form = SubmitForm(data={"lock_version": review.lock_version})
    status = 200
    if form.validate_on_submit():
        try:
            revision = submit(session, current_user, review, lock_version=form.lock_version.data)
        except IncompleteReview as error:
            form.refuse(error, None)
            status = 400
        except (EditConflict, InvalidInput) as error:
            form.refuse(error, None)
            form.relock(review.lock_version)
            status = 409 if isinstance(error, EditConflict) else 400
        else:
            return redirect(
                url_for("reviews.submitted", review_id=review.id, number=revision.number)
            )
    revision = read_draft(session, current_user, review)
    return render_template(
        "reviews/check.html",
        review=review,
        revision=revision,
        sections=grouped_answers(review, revision),
        missing=missing_answers(session, review),
        form=form,
    ), status


@bp.route("/<int:review_id>/submitted/<int:number>")
def submitted(review_id: int, number: int) -> str:
    review = get_review(get_session(), current_user, review_id)
    return render_template("reviews/submitted.html", review=review, number=number)


@bp.route("/<int:review_id>/amend", methods=["GET", "POST"])
def amend(review_id: int) -> Response | tuple[str, int]:
    session = get_session()
    review = get_review(session, current_user, review_id)
    require(Action.AMEND, current_user, review)
    form = AmendForm(data={"lock_version": review.lock_version})
    status = 200
    if form.validate_on_submit():
        try:
            start_amendment(
                session,
                current_user,
                review,
                reason=form.reason.data,
                lock_version=form.lock_version.data,
            )
        except EditConflict as error:  # submitted again, or acknowledged, since it was read
            session.rollback()
            form.fail(str(error))
            form.relock(review.lock_version)
            status = 409
        except InvalidInput as error:
            form.refuse(error)
        else:
            flash(
                "Your amendment has started as a copy of the answers you submitted. Change what "
                "needs changing, then check your answers and submit it.",
                "success",
            )
            return redirect(url_for("reviews.tasks", review_id=review.id))
    return render_template(
        "reviews/amend.html", review=review, form=form, max_length=REASON_MAX_LENGTH
    ), status


@bp.route("/<int:review_id>/amend/cancel", methods=["POST"])
def cancel(review_id: int) -> Response:
    session = get_session()
    review = get_review(session, current_user, review_id)
    require(Action.EDIT, current_user, review)  # refused before the form is read
    form = CancelAmendmentForm()
    if form.validate_on_submit():
        cancel_amendment(session, current_user, review, lock_version=form.lock_version.data)
        flash("The amendment has been cancelled. The review is as it was submitted.", "success")
    return redirect(url_for("reviews.review", review_id=review.id))
