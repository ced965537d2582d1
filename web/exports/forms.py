"""The export form: the filters of a review scope, what to include, and a format.

It is read from the query string, so that what was counted is exactly what is then
downloaded, and so that an export can be bookmarked and made again.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from sqlalchemy.orm import Session
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Length, Optional

from outcomes.accounts.access import Actor
from outcomes.accounts.models import Role
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.store import list_frameworks
from outcomes.places.models import PlaceKind
from outcomes.reviews.models import ReviewStatus
from outcomes.scope import PlaceSelection, ReviewScope
from outcomes.services.models import SERVICE_AREAS
from web.forms import BaseForm

LATEST, EVERY = "latest", "every"
SUBMITTED_ONLY = "submitted"
STATUS_CHOICES = {
    SUBMITTED_ONLY: ("Submitted reviews", (ReviewStatus.SUBMITTED,)),
    "all": ("Submitted reviews and drafts", (ReviewStatus.SUBMITTED, ReviewStatus.DRAFT)),
    "draft": ("Drafts only (not yet submitted)", (ReviewStatus.DRAFT,)),
}
CODE_SEPARATORS = re.compile(r"[\s,;]+")

# Where a domain error names a field of the scope, the form field that shows it.
ERROR_FIELDS = {"period": "period_to", "codes": "codes", "framework": "framework"}


DATE_PARTS = ("day", "month", "year")


class DayMonthYearInput(GovDateInput):
    """The GOV.UK date input, safe with whatever was sent: a date sent as one value (a
    bookmarked ``?period_to=2024-12-31``) or as four is shown back as typed, not a 500.
    It puts no ``required`` attribute on its wrapping element, where it means nothing."""

    def __call__(self, field: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("id", field.id)
        kwargs.setdefault("value", field._value())
        return GovFormBase.__call__(self, field, **kwargs)

    def map_gov_params(self, field: Any, **kwargs: Any) -> Any:
        sent = field.raw_data
        if sent is not None and len(sent) != len(DATE_PARTS):
            field.raw_data = [*sent, *[""] * len(DATE_PARTS)][: len(DATE_PARTS)]
        try:
            return super().map_gov_params(field, **kwargs)
        finally:
            field.raw_data = sent


class DayMonthYearField(DateField):
    """A GOV.UK date input (day, month, year) with a message that says what to do."""

    def __init__(self, label: str, **kwargs: object) -> None:
        super().__init__(label, format="%d %m %Y", widget=DayMonthYearInput(), **kwargs)

    @property
    def error_anchor(self) -> str:
        """The error summary links to the first box, the day, not to the fieldset."""
        return f"{self.name}-{DATE_PARTS[0]}"

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        if not self.raw_data:
            # The GOV.UK widget reads raw data as day, month and year, or none at all.
            self.raw_data = None

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist and len(valuelist) != len(DATE_PARTS):
            raise ValueError(
                f"Enter {self.label.text.lower()} as a day, a month and a year, "
                "for example 1 4 2025"
            )
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(
                f"{self.label.text} must be a real date, for example 1 4 2025"
            ) from error


class ExportForm(BaseForm):
    framework = SelectField("Framework", widget=GovSelect())
    versions = SelectMultipleField(
        "Framework versions",
        description="Leave all unticked for every version",
        widget=GovCheckboxesInput(),
    )
    period_from = DayMonthYearField("Periods starting on or after", validators=[Optional()])
    period_to = DayMonthYearField("Periods ending on or before", validators=[Optional()])
    within = StringField(
        "Places within a region, combined authority or county",
        description="Its ONS code, for example E12000002 for the North West",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=9, message="An ONS code is 9 characters long")],
    )
    kind = SelectField(
        "Kind of place",
        widget=GovSelect(),
        default="",
        choices=[
            SelectChoice("", "Any kind"),
            *(SelectChoice(k.value, k.label) for k in PlaceKind),
        ],
    )
    codes = StringField(
        "Only these places",
        description="ONS codes separated by commas or spaces; leave empty for all places",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=2000)],
    )
    service_areas = SelectMultipleField(
        "Service areas",
        description="Leave all unticked for every service area",
        widget=GovCheckboxesInput(),
        choices=[SelectChoice(value, label) for value, label in SERVICE_AREAS.items()],
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
        frameworks = list_frameworks(session, core_only=True)
        self.framework.choices = [SelectChoice(f.slug, f.title) for f in frameworks]
        if not self.framework.data and frameworks:
            self.framework.data = frameworks[0].slug
        chosen = next((f for f in frameworks if f.slug == self.framework.data), None)
        self.versions.choices = (
            [SelectChoice(v.version, f"{v.version} ({v.status})") for v in chosen.versions]
            if chosen
            else []
        )
        if actor.role is not Role.ADMIN:
            # Only administrators may export drafts: others are not offered them.
            del self.statuses

    def query(self) -> ExportQuery:
        """The query the form describes; ReviewScope checks what the fields cannot."""
        chosen = self.statuses.data if "statuses" in self else SUBMITTED_ONLY
        codes = self.codes.data or ""
        scope = ReviewScope(
            framework=self.framework.data,
            versions=tuple(self.versions.data or ()),
            period_from=self.period_from.data,
            period_to=self.period_to.data,
            places=PlaceSelection(
                within=(self.within.data or "").upper() or None,
                kind=PlaceKind(self.kind.data) if self.kind.data else None,
                codes=tuple(code.upper() for code in CODE_SEPARATORS.split(codes) if code),
            ),
            service_areas=tuple(self.service_areas.data or ()),
            statuses=STATUS_CHOICES[chosen or SUBMITTED_ONLY][1],
            every_revision=self.revisions.data == EVERY,
        )
        return ExportQuery(
            scope, include_feedback=self.include_feedback.data, redact_text=self.redact_text.data
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
