"""The export form: the filters of a review scope, what to include, and a format.

It is read from the query string, so that what was counted is exactly what is then
downloaded, and so that an export can be bookmarked and made again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
)
from sqlalchemy.orm import Session
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import DataRequired

from outcomes.accounts.access import Actor
from outcomes.accounts.models import Role
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.places.models import PlaceKind
from outcomes.reviews.access import reads_all_feedback
from outcomes.reviews.models import ReviewStatus
from outcomes.services.models import SERVICE_AREAS
from web.forms import ScopeForm

LATEST, EVERY = "latest", "every"
SUBMITTED_ONLY = "submitted"
STATUS_CHOICES = {
    SUBMITTED_ONLY: ("Submitted reviews", (ReviewStatus.SUBMITTED,)),
    "all": ("Submitted reviews and drafts", (ReviewStatus.SUBMITTED, ReviewStatus.DRAFT)),
    "draft": ("Drafts only (not yet submitted)", (ReviewStatus.DRAFT,)),
}

# Where a domain error names a field of the scope, the form field that shows it.
ERROR_FIELDS = {"period": "period_to", "codes": "codes", "framework": "framework"}


class ExportForm(ScopeForm):
    versions = SelectMultipleField(
        "Framework versions",
        description="Leave all unticked for every version",
        widget=GovCheckboxesInput(),
    )
    statuses = RadioField(
        "Statuses",
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, (label, _) in STATUS_CHOICES.items()],
        default=SUBMITTED_ONLY,
    )
    revisions = RadioField(
        "Revisions",
        widget=GovRadioInput(),
        choices=[
            SelectChoice(LATEST, "The latest revision of each review"),
            SelectChoice(EVERY, "Every revision, including those later amended"),
        ],
        default=LATEST,
        validators=[DataRequired(message="Choose which revisions to export")],
    )
    include_feedback = BooleanField("Include regulators' feedback", widget=GovCheckboxInput())
    redact_text = BooleanField(
        "Replace all free text (stories, evidence, asks, feedback, reasons) with [redacted]",
        widget=GovCheckboxInput(),
    )
    format = RadioField(
        "Format",
        widget=GovRadioInput(),
        choices=[SelectChoice(f.value, f.label) for f in ExportFormat],
        default=ExportFormat.DATAPACKAGE.value,
        validators=[DataRequired(message="Choose a format")],
    )
    submit = SubmitField("Count what will be exported", widget=GovSubmitInput())

    def offer(self, session: Session, actor: Actor) -> None:
        """Fill the choices that come from the database and the person's role."""
        chosen = self.offer_frameworks(session)
        self.versions.choices = (
            [SelectChoice(v.version, f"{v.version} ({v.status})") for v in chosen.versions]
            if chosen
            else []
        )
        if actor.role is not Role.ADMIN:
            # Only administrators may export drafts: others are not offered them.
            del self.statuses
        if not reads_all_feedback(actor):
            # Nor is feedback offered to those the review rules do not let read it.
            del self.include_feedback

    def query(self) -> ExportQuery:
        """The query the form describes; ReviewScope checks what the fields cannot."""
        chosen = self.statuses.data if "statuses" in self else SUBMITTED_ONLY
        scope = self.review_scope(
            versions=tuple(self.versions.data or ()),
            statuses=STATUS_CHOICES[chosen or SUBMITTED_ONLY][1],
            every_revision=self.revisions.data == EVERY,
        )
        return ExportQuery(
            scope,
            include_feedback="include_feedback" in self and bool(self.include_feedback.data),
            redact_text=self.redact_text.data,
        )

    @property
    def export_format(self) -> ExportFormat:
        return ExportFormat(self.format.data)


def describe_filters(filters: dict[str, Any]) -> list[tuple[str, str]]:
    """An export's recorded filters (``ExportQuery.as_dict``) as lines of a summary list."""
    places = filters["places"]
    place_parts = [
        f"within {places['within']}" if places["within"] else "",
        PlaceKind(places["kind"]).label if places["kind"] else "",
        ", ".join(places["codes"]),
    ]
    areas = [SERVICE_AREAS.get(area, area) for area in filters["service_areas"]]
    return [
        ("Framework", filters["framework"]),
        ("Versions", ", ".join(filters["versions"]) or "Every version"),
        ("Periods", _period(filters["period_from"], filters["period_to"])),
        ("Places", "; ".join(part for part in place_parts if part) or "All places"),
        ("Service areas", ", ".join(areas) or "Every service area"),
        ("Statuses", ", ".join(filters.get("statuses", ["submitted"]))),
        ("Revisions", "Every revision" if filters.get("every_revision") else "Latest only"),
        ("Feedback", "Included" if filters["include_feedback"] else "Not included"),
        ("Free text", "Redacted" if filters["redact_text"] else "As consent allows"),
    ]


def _period(start: str | None, end: str | None) -> str:
    def day(value: str) -> str:
        moment = date.fromisoformat(value)
        return f"{moment.day} {moment:%B %Y}"

    if start and end:
        return f"{day(start)} to {day(end)}"
    if start:
        return f"From {day(start)}"
    if end:
        return f"Up to {day(end)}"
    return "Every period"
