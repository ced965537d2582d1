"""Feedback on a submitted review, replies to it, and acknowledging a revision."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from outcomes.errors import InvalidInput
from outcomes.reviews.access import Action, require
from outcomes.reviews.feedback import acknowledge, give_feedback, reply
from outcomes.reviews.reading import get_review
from web.database import get_session
from web.reviews import bp
from web.reviews.forms import AcknowledgeForm, FeedbackForm, ReplyForm
from web.reviews.pages import render_review


@bp.route("/<int:review_id>/feedback", methods=["POST"])
def feedback(review_id: int) -> Response | tuple[str, int]:
    session = get_session()
    review = get_review(session, current_user, review_id)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            give_feedback(session, current_user, review, form.body.data or "")
        except InvalidInput as error:
            form.refuse(error)
        else:
            flash("Your feedback has been sent to the service.", "success")
            return redirect(url_for("reviews.review", review_id=review.id, _anchor="feedback"))
    return render_review(review, 400, feedback_form=form)


@bp.route("/<int:review_id>/feedback/<int:feedback_id>/reply", methods=["POST"])
def reply_to(review_id: int, feedback_id: int) -> Response | tuple[str, int]:
    session = get_session()
    review = get_review(session, current_user, review_id)
    form = ReplyForm(prefix=f"reply-{feedback_id}")
    if form.validate_on_submit():
        try:
            reply(session, current_user, review, feedback_id, form.body.data or "")
        except InvalidInput as error:
            form.refuse(error)
        else:
            flash("Your reply has been added.", "success")
            return redirect(
                url_for("reviews.review", review_id=review.id, _anchor=f"feedback-{feedback_id}")
            )
    return render_review(review, 400, reply_form=(feedback_id, form))


@bp.route("/<int:review_id>/acknowledge", methods=["POST"])
def acknowledge_revision(review_id: int) -> Response:
    session = get_session()
    review = get_review(session, current_user, review_id)
    require(Action.ACKNOWLEDGE, current_user, review)  # refused before the form is read
    form = AcknowledgeForm()
    if form.validate_on_submit():
        # Refused with 409 if the review changed after the page was read (EditConflict).
        revision = acknowledge(session, current_user, review, lock_version=form.lock_version.data)
        flash(f"You have acknowledged revision {revision.number} of this review.", "success")
    return redirect(url_for("reviews.review", review_id=review.id))
