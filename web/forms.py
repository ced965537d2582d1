"""What every form shares: the base form, which strips whitespace from every string before
validation and lets radios and checkboxes describe themselves only with a hint that has
words, and the fields more than one area uses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from markupsafe import Markup
from sqlalchemy.orm import Session
from wtforms import (
    DateField,
    EmailField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, Email, Length, Optional

from outcomes.frameworks.models import Framework
from outcomes.frameworks.store import list_frameworks
from outcomes.places.models import PlaceKind
from outcomes.reviews.text import unstorable
from outcomes.scope import PlaceSelection, ReviewScope
from outcomes.services.models import SERVICE_AREAS
from web.database import get_session


class _HintOnlyIfWritten:
    """GOV.UK radios and checkboxes from govuk-frontend-wtf always get a hint, empty when the
    field has no description, and point aria-describedby at it: drop a hint with no words."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        hint = params.get("hint") or {}
        if not (hint.get("text") or hint.get("html")):
            params.pop("hint", None)
        return params


class RadioInput(_HintOnlyIfWritten, GovRadioInput):
    pass


class CheckboxesInput(_HintOnlyIfWritten, GovCheckboxesInput):
    pass


class CheckboxInput(_HintOnlyIfWritten, GovCheckboxInput):
    pass


class CharacterCount(GovCharacterCount):
    """GOV.UK's character count, counting to the field's own ``Length`` limit unless the
    template gives one (so the limit is written once, in the form), and saying it with a
    thousands separator: its template puts "You can enter up to 2000 characters" beside
    the script's "2,000 characters remaining"."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)
        if "maxlength" not in params and (own := _length_limit(field)) is not None:
            params["maxlength"] = own
        limit = params.get("maxlength")
        if limit and "textareaDescriptionText" not in params:
            params["textareaDescriptionText"] = f"You can enter up to {int(limit):,} characters"
        return params


def _length_limit(field: Any) -> int | None:
    limits = [v.max for v in field.validators if isinstance(v, Length) and v.max >= 0]
    return min(limits) if limits else None


def _render_widget(widget: GovFormBase, params: dict[str, Any]) -> Markup:
    """A GOV.UK field drawn from its parameters alone. The library draws each field with
    ``render_template``, which runs the app's context processors (the navigation, with a
    link made for each item) once per field of every form, for templates that read none
    of what they add."""
    html = current_app.jinja_env.get_template(widget.template).render(params=params)
    return Markup(html)  # noqa: S704 - a template's output, escaped by Jinja as the library's is


GovFormBase.render = _render_widget  # type: ignore[method-assign]


_WIDGETS = {
    GovCharacterCount: CharacterCount,
    GovRadioInput: RadioInput,
    GovCheckboxesInput: CheckboxesInput,
    GovCheckboxInput: CheckboxInput,
}


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


# WTForms' own messages name no field ("Not a valid choice."): seen only when an address
# or a form was altered by hand, but then the person still needs to know which box and
# what to do. Each is said again with the field's label.
_GENERIC = (
    # Quoted whole: many labels are questions ("Which service is this review for?").
    (re.compile(r"Not a valid choice\.?$"), "Choose one of the options listed for ‘{Label}’"),
    (
        re.compile(r"'.*' is not a valid choice for this field\.?$"),
        "Choose one of the options listed for ‘{Label}’",
    ),
    (re.compile(r"Not a valid (integer|float|decimal) value\.?$"), "{Label} must be a number"),
    (re.compile(r"This field is required\.?$"), "Enter {label}"),
    (
        re.compile(r"Field cannot be longer than (?P<max>\d+) characters?\.?$"),
        "{Label} must be {max} characters or fewer",
    ),
)


def _specific(field: Any, message: object) -> object:
    if not isinstance(message, str):
        return message
    label = str(field.label.text) if field.label else field.name
    for pattern, wording in _GENERIC:
        found = pattern.match(message)
        if found:
            limit = found.groupdict().get("max")
            # "Status" reads "status" mid-sentence; "ONS codes" stays as it is.
            lower = label if label[1:2].isupper() else label[:1].lower() + label[1:]
            return wording.format(
                label=lower,
                Label=label,
                max=f"{int(limit):,}" if limit else "",
            )
    return message


# refuse() puts an error on the field it names unless told otherwise.
ERRORS_OWN_FIELD = "(the field the error names)"


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):  # type: ignore[no-untyped-def]
            filters = unbound_field.kwargs.get("filters", [])
            if _strip not in filters and unbound_field.field_class.__name__ != "PasswordField":
                unbound_field.kwargs["filters"] = [*filters, _strip]
            widget = unbound_field.kwargs.get("widget")
            if type(widget) in _WIDGETS:
                unbound_field.kwargs["widget"] = _WIDGETS[type(widget)]()
            return unbound_field.bind(form=form, **options)

    def validate(self, extra_validators: Any = None) -> bool:
        valid: bool = super().validate(extra_validators)
        # Text no database stores, refused on its field for every form (the domain's
        # services refuse it too, where they store text).
        for field in self:
            label = field.label.text if field.label else field.name
            problem = next(
                filter(None, (unstorable(label, raw) for raw in _texts(field.raw_data))), None
            )
            if problem is not None:
                field.errors = [*field.errors, problem]
                valid = False
        if not valid:
            for field in self:
                field.errors = [_specific(field, message) for message in field.errors]
        return valid

    def error_list(self) -> list[dict[str, str]]:
        """Errors for the GOV.UK error summary, each linking to its field."""
        items = []
        for field in self:
            for message in field.errors[:1]:
                anchor = getattr(field, "error_anchor", field.id)  # a date: its day box
                items.append({"text": message, "href": f"#{anchor}"})
        first = next((f.id for f in self if f.type not in {"CSRFTokenField", "SubmitField"}), "")
        for message in self.form_errors:
            items.append({"text": message, "href": f"#{first}"})
        return items

    def refuse(self, error: Exception, field: str | None = ERRORS_OWN_FIELD) -> None:
        """The domain refused what the form asked: roll back the request's changes and show
        why on the form, on ``field`` (by default the field the error names, if any)."""
        get_session().rollback()
        if field == ERRORS_OWN_FIELD:
            field = getattr(error, "field", None)
        self.fail(str(error), field)

    def fail(self, message: str, field: str | None = None) -> None:
        """Put a domain error back on the form, on its field where it names one."""
        target = getattr(self, field, None) if field else None
        if target is not None:
            target.errors = [*target.errors, message]
        else:
            self.form_errors.append(message)


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


# The fields of a review scope (outcomes.scope): ScopeForm's, and the list of reviews'
# periods and kinds.
CODE_SEPARATORS = re.compile(r"[\s,;]+")


def period_from_field() -> DayMonthYearField:
    return DayMonthYearField("Periods starting on or after", validators=[Optional()])


def period_to_field() -> DayMonthYearField:
    return DayMonthYearField("Periods ending on or before", validators=[Optional()])


def within_field() -> StringField:
    return StringField(
        "Places within a region, combined authority or county",
        description="Its ONS code, for example E12000002 for the North West",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=9, message="An ONS code is 9 characters long")],
    )


def place_codes_field() -> StringField:
    return StringField(
        "Only these places",
        description="ONS codes separated by commas or spaces; leave empty for all places",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=2000)],
    )


def service_areas_field() -> SelectMultipleField:
    return SelectMultipleField(
        "Service areas",
        description="Leave all unticked for every service area",
        widget=GovCheckboxesInput(),
        choices=[SelectChoice(value, label) for value, label in SERVICE_AREAS.items()],
    )


def kind_choices(kinds: Iterable[PlaceKind] = PlaceKind) -> list[SelectChoice]:
    return [SelectChoice("", "Any kind"), *(SelectChoice(k.value, k.label) for k in kinds)]


def place_selection(within: str | None, kind: str | None, codes: str | None) -> PlaceSelection:
    """The places the scope fields name: codes in capitals, separated as people type them."""
    return PlaceSelection(
        within=(within or "").upper() or None,
        kind=PlaceKind(kind) if kind else None,
        codes=tuple(code.upper() for code in CODE_SEPARATORS.split(codes or "") if code),
    )


class ScopeForm(BaseForm):
    """A form that asks for a review scope (outcomes.scope): an export, a report. Its
    fields mean the same in each, in the order of the page; a form's own fields (the
    versions to read, what to include) follow them in its error summary."""

    framework = SelectField("Framework", widget=GovSelect())
    period_from = period_from_field()
    period_to = period_to_field()
    within = within_field()
    kind = SelectField("Kind of place", widget=GovSelect(), default="", choices=kind_choices())
    codes = place_codes_field()
    service_areas = service_areas_field()

    def offer_frameworks(self, session: Session) -> Framework | None:
        """Offer the core frameworks and return the chosen one (the first if none is)."""
        frameworks = list_frameworks(session, core_only=True)
        self.framework.choices = [SelectChoice(f.slug, f.title) for f in frameworks]
        if not self.framework.data and frameworks:
            self.framework.data = frameworks[0].slug
        return next((f for f in frameworks if f.slug == self.framework.data), None)

    def review_scope(self, **more: Any) -> ReviewScope:
        """The scope the fields describe, with ``more`` of it (versions, statuses...) from
        the form's own fields; ReviewScope checks what the fields cannot."""
        return ReviewScope(
            framework=self.framework.data,
            period_from=self.period_from.data,
            period_to=self.period_to.data,
            places=place_selection(self.within.data, self.kind.data, self.codes.data),
            service_areas=tuple(self.service_areas.data or ()),
            **more,
        )


# A new account's name and email address, asked the same way wherever accounts are made
# (the accounts page, and a national body's responders).
def name_field() -> StringField:
    return StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the person's name"), Length(max=200)],
    )


def email_field() -> EmailField:
    return EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter an email address"),
            Email(message="Enter an email address in the correct format, like name@example.gov.uk"),
        ],
    )


def scope_args(scope: Mapping[str, Any]) -> dict[str, object]:
    """A recorded scope (``ReviewScope.as_dict``, as the export log and the audit trail of
    report files keep it) as the query string of the forms that ask for one, so that a
    link opens the same report or export again."""
    places = scope.get("places") or {}
    args: dict[str, object] = {"framework": scope.get("framework") or ""}
    for name in ("period_from", "period_to"):
        if scope.get(name):
            day = date.fromisoformat(str(scope[name]))
            args[name] = [str(day.day), str(day.month), str(day.year)]
    if places.get("within"):
        args["within"] = places["within"]
    if places.get("kind"):
        args["kind"] = places["kind"]
    if places.get("codes"):
        args["codes"] = " ".join(places["codes"])
    if scope.get("service_areas"):
        args["service_areas"] = list(scope["service_areas"])
    return args


def _texts(raw_data: Any) -> list[str]:
    return [raw for raw in raw_data or () if isinstance(raw, str)]
