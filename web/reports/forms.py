"""The report's parameters, read from the query string so a report can be bookmarked,
shared and downloaded exactly as it was shown."""

from __future__ import annotations

from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovSelect,
    GovSubmitInput,
)
from sqlalchemy.orm import Session
from wtforms import (
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from outcomes.accounts.access import Actor
from outcomes.accounts.models import User
from outcomes.errors import NotFound
from outcomes.frameworks.store import as_definition
from outcomes.places.identity import current_place
from outcomes.places.models import PlaceKind
from outcomes.places.operations import get_place
from outcomes.reports.notes import MAX_LENGTH
from outcomes.reports.places import COUNCIL_KINDS, councils
from outcomes.reports.spec import ReportSpec
from web.forms import BaseForm, ScopeForm, kind_choices

# Where a domain error names a field, the form field that shows it.
ERROR_FIELDS = {"period": "period_to", "within": "within", "codes": "codes"}


class ReportForm(ScopeForm):
    version = SelectField(
        "Compare on version",
        description="Answers on other versions count only where an item kept its meaning "
        "or a crosswalk says how its levels carry over",
        widget=GovSelect(),
        default="",
        validate_choice=False,  # the choices follow the framework; the domain checks it
    )
    focus_place = SelectField(
        "Place to follow",
        description="Its change over time, and who it could learn from",
        widget=GovSelect(),
        default="",
    )
    barrier = SelectField(
        "Asks about",
        widget=GovSelect(),
        default="",
        validate_choice=False,  # a barrier no version lists simply has no asks
    )
    submit = SubmitField("Show report", widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Reports compare councils: the kinds of place are the kinds of council.
        self.kind.label.text = "Kind of authority"
        self.kind.choices = kind_choices(k for k in PlaceKind if k in COUNCIL_KINDS)

    def offer(self, session: Session, actor: Actor) -> None:
        """Fill the choices that come from the database; follow the reader's own place
        when they have not chosen one."""
        chosen = self.offer_frameworks(session)
        versions = list(chosen.versions) if chosen else []
        self.version.choices = [
            SelectChoice("", "The latest published version"),
            *(SelectChoice(v.version, f"{v.version} ({v.status})") for v in reversed(versions)),
        ]
        barriers = as_definition(versions[-1]).barriers if versions else ()
        self.barrier.choices = [
            SelectChoice("", "Every barrier"),
            *(SelectChoice(b.id, b.title) for b in barriers),
        ]
        listed = councils(session)
        self.focus_place.choices = [
            SelectChoice("", "None"),
            *(SelectChoice(code, f"{name} ({code})") for code, name in listed),
        ]
        if not self.focus_place.raw_data and isinstance(actor, User) and actor.places:
            self.focus_place.data = actor.places[0].code
        elif self.focus_place.data and self.focus_place.data not in dict(listed):
            # A former code (a bookmark from before a merger) follows the place it became,
            # as the API and the report itself take it; an unknown code is left for the
            # choice's own message.
            try:
                found = get_place(session, self.focus_place.data)
            except NotFound:
                return
            self.focus_place.data = current_place(found).code

    def spec(self) -> ReportSpec:
        return ReportSpec(
            self.review_scope(),
            version=self.version.data or None,
            focus_place=self.focus_place.data or None,
            barrier=self.barrier.data or None,
        )


class NoteForm(BaseForm):
    body = TextAreaField(
        "Context for readers of the report",
        description="What a reader should know when looking at your place's figures: for "
        "example a service that closed, a change of provider, or how you count.",
        widget=GovCharacterCount(),
        validators=[
            DataRequired(message="Enter the context you want readers of the report to see"),
            Length(max=MAX_LENGTH, message=f"The note must be {MAX_LENGTH:,} characters or fewer"),
        ],
    )
    submit = SubmitField("Add note", widget=GovSubmitInput())
