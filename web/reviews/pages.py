"""Reading reviews: the list with its filters, a review, and one revision with what changed."""

from __future__ import annotations

from datetime import date

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from outcomes.errors import InvalidInput
from outcomes.frameworks.store import list_frameworks
from outcomes.places.models import PlaceKind
from outcomes.reviews.access import Action, allowed_actions, has_draft, is_submitted
from outcomes.reviews.feedback import BODY_MAX_LENGTH, threads
from outcomes.reviews.filing import services_to_review
from outcomes.reviews.history import review_history
from outcomes.reviews.listing import (
    ListOrder,
    ListStatus,
    ReviewFilters,
    Waiting,
    barrier_choices,
    filter_areas,
    list_reviews,
    place_code,
)
from outcomes.reviews.models import Review, ReviewRevision
from outcomes.reviews.pinned import pinned_definition
from outcomes.reviews.reading import (
    ShownAnswer,
    compare_revisions,
    get_review,
    get_revision,
    read_draft,
    show_answers,
    submitted_revisions,
)
from outcomes.reviews.sections import Section, review_sections
from outcomes.scope import PlaceSelection
from web.database import get_session
from web.reviews import bp
from web.reviews.forms import AcknowledgeForm, FeedbackForm, FilterForm, ReplyForm


def grouped_answers(
    review: Review, revision: ReviewRevision
) -> list[tuple[Section, list[ShownAnswer]]]:
    """The revision's answers, section by section, as the reader may see them."""
    return [
        (section, show_answers(current_user, review, revision, section.items))
        for section in review_sections(pinned_definition(review))
    ]


@bp.route("/")
def index() -> str:
    session = get_session()
    form = FilterForm(formdata=request.args or None, meta={"csrf": False})
    _offer_choices(form)
    page = request.args.get("page", 1, type=int)
    results = None
    if not request.args or form.validate():
        try:
            results = list_reviews(session, current_user, _filters(form), page=page)
        except InvalidInput as error:
            form.refuse(error)
    own = None
    if current_user.places:
        codes = tuple(place.code for place in current_user.places)
        own = list_reviews(
            session, current_user, ReviewFilters(PlaceSelection(codes=codes)), per_page=10
        )
    return render_template(
        "reviews/index.html",
        form=form,
        results=results,
        own=own,
        can_start=bool(services_to_review(session, current_user)),
        args={k: v for k, v in request.args.items() if k != "page"},
        whenever=url_for(
            "reviews.index",
            **{
                k: request.args.getlist(k)
                for k in request.args
                if k not in ("page", "submitted_after")
            },
        ),
    )


def _offer_choices(form: FilterForm) -> None:
    session = get_session()
    areas = filter_areas(session)
    form.within.choices = [
        SelectChoice("", "Anywhere"),
        *(SelectChoice(p.code, f"{p.name} ({p.kind.label.lower()})") for p in areas),
    ]
    framework_choices = [SelectChoice("", "Any framework")]
    for framework in list_frameworks(session, core_only=True):
        framework_choices.append(SelectChoice(framework.slug, f"{framework.title}, any version"))
        framework_choices += [
            SelectChoice(f"{framework.slug} {v.version}", f"{framework.title} {v.version}")
            for v in framework.versions
        ]
    form.framework.choices = framework_choices
    form.barrier.choices = [
        SelectChoice("", "Any barrier"),
        *(SelectChoice(key, title) for key, title in barrier_choices(session)),
    ]


def _filters(form: FilterForm) -> ReviewFilters:
    session = get_session()
    framework, _, version = (form.framework.data or "").partition(" ")
    codes = (place_code(session, form.place.data),) if form.place.data else ()
    return ReviewFilters(
        places=PlaceSelection(
            within=form.within.data or None,
            kind=PlaceKind(form.kind.data) if form.kind.data else None,
            codes=codes,
        ),
        service_area=form.service_area.data or None,
        framework=framework or None,
        version=version or None,
        period_from=form.period_from.data,
        period_to=form.period_to.data,
        status=ListStatus(form.status.data) if form.status.data else None,
        barrier=form.barrier.data or None,
        mine=bool(form.mine.data),
        due_for=date.today() if form.due.data else None,
        waiting=Waiting(form.waiting.data) if form.waiting.data else None,
        submitted_since=form.submitted_since.data,
        submitted_after=form.submitted_after.data,
        answered=bool(form.answered.data),
        order=ListOrder(form.order.data or ListOrder.PERIOD.value),
    )


def filter_args(filters: ReviewFilters) -> dict[str, object]:
    """The list's address for ``filters``: what ``_filters`` reads back into the same
    filters (a count elsewhere links to the list that shows what it counted)."""
    args: dict[str, object] = {}
    if filters.places.within:
        args["within"] = filters.places.within
    if filters.places.kind:
        args["kind"] = filters.places.kind.value
    if filters.places.codes:
        args["place"] = filters.places.codes[0]
    for name in ("service_area", "barrier"):
        if getattr(filters, name):
            args[name] = getattr(filters, name)
    if filters.framework:
        args["framework"] = " ".join(filter(None, (filters.framework, filters.version)))
    for name in ("period_from", "period_to", "submitted_since"):
        day = getattr(filters, name)
        if day:
            args[name] = [str(day.day), str(day.month), str(day.year)]
    if filters.submitted_after:
        args["submitted_after"] = filters.submitted_after.isoformat()
    if filters.status:
        args["status"] = filters.status.value
    if filters.waiting:
        args["waiting"] = filters.waiting.value
    for name, on in (
        ("mine", filters.mine),
        ("due", filters.due_for),
        ("answered", filters.answered),
    ):
        if on:
            args[name] = "y"
    if filters.order is not ListOrder.PERIOD:
        args["order"] = filters.order.value
    return args


@bp.route("/<int:review_id>")
def review(review_id: int) -> str | Response:
    found = get_review(get_session(), current_user, review_id)
    if not is_submitted(found) and Action.EDIT in allowed_actions(current_user, found):
        return redirect(url_for("reviews.tasks", review_id=found.id))
    return render_review(found)


def render_review(
    review: Review,
    status: int = 200,
    *,
    feedback_form: FeedbackForm | None = None,
    reply_form: tuple[int, ReplyForm] | None = None,
) -> tuple[str, int]:
    """The review page; a feedback or reply form that failed is shown with its errors."""
    session = get_session()
    allowed = allowed_actions(current_user, review)
    revision = review.current_revision or read_draft(session, current_user, review)
    feedback = threads(session, current_user, review) if Action.READ_FEEDBACK in allowed else []
    reply_forms = {
        thread.feedback.id: ReplyForm(prefix=f"reply-{thread.feedback.id}", formdata=None)
        for thread in feedback
    }
    if reply_form is not None:
        reply_forms[reply_form[0]] = reply_form[1]
    failed = feedback_form or (reply_form[1] if reply_form else None)
    page = render_template(
        "reviews/review.html",
        review=review,
        definition=pinned_definition(review),
        revision=revision,
        sections=grouped_answers(review, revision),
        revisions=submitted_revisions(review),
        allowed=allowed,
        Action=Action,
        amending=is_submitted(review) and has_draft(review),
        threads=feedback,
        history=review_history(session, current_user, review)
        if Action.READ_HISTORY in allowed
        else [],
        feedback_form=feedback_form or FeedbackForm(formdata=None),
        reply_forms=reply_forms,
        acknowledge_form=AcknowledgeForm(formdata=None, data={"lock_version": review.lock_version}),
        body_max_length=BODY_MAX_LENGTH,
        **({"form": failed} if failed else {}),
    )
    return page, status


@bp.route("/<int:review_id>/revisions/<int:number>")
def revision(review_id: int, number: int) -> str:
    found = get_review(get_session(), current_user, review_id)
    shown = get_revision(found, number)
    earlier = [r for r in submitted_revisions(found) if r.number < number]
    previous = earlier[-1] if earlier else None
    return render_template(
        "reviews/revision.html",
        review=found,
        revision=shown,
        previous=previous,
        changes=compare_revisions(current_user, found, previous, shown) if previous else [],
        sections=grouped_answers(found, shown),
    )
