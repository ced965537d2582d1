"""Forms for filing and reading reviews.

A section's form is made for each request from the pinned items of that section: one
field per item, by its kind, and fields for the parts some kinds add (who may read a
story, what is asked of government about each barrier). Field names are the ones the
domain reports its problems against (see outcomes.reviews.answers), so every problem
lands on its own field. The form checks nothing itself: the domain does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    Field,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from outcomes.frameworks.definition import (
    BarriersItem,
    ChoiceItem,
    Item,
    NumberItem,
    RubricItem,
    TextItem,
)
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.listing import ListOrder, ListStatus, Waiting
from outcomes.reviews.models import ConsentScope
from outcomes.reviews.pinned import PinnedDefinition
from outcomes.reviews.sections import Section
from outcomes.reviews.values import Value
from outcomes.services.models import SERVICE_AREAS
from web.forms import (
    BaseForm,
    DayMonthYearField,
    kind_choices,
    period_from_field,
    period_to_field,
)

CONSENT_CHOICES = [SelectChoice(scope.value, scope.label) for scope in ConsentScope]


def _newlines(value: object) -> object:
    # Browsers send a typed line break as CR LF; it is one character to the person typing.
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def consent_field(item: Item) -> str:
    return f"{item.id}:consent"


def personal_field(item: Item) -> str:
    return f"{item.id}:personal_details"


def ask_field(item: Item, barrier_id: str) -> str:
    return f"{item.id}:ask:{barrier_id}"


class LockedForm(BaseForm):
    """A form that changes a review names the lock version of the review it was read from."""

    lock_version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    # Where the error summary leads for a problem with the whole form, if not to the first
    # question: never to the hidden lock version.
    summary_target: str | None = None

    def relock(self, lock_version: int) -> None:
        """Carry the review's current lock version, so that saving again is deliberate."""
        self.lock_version.data = lock_version
        self.lock_version.raw_data = [str(lock_version)]

    def error_list(self) -> list[dict[str, str]]:
        questions = (f.id for f in self if f.type not in {"CSRFTokenField", "SubmitField"})
        target = self.summary_target or next((i for i in questions if i != "lock_version"), "")
        return [
            {**item, "href": f"#{target}"} if item["href"] == "#lock_version" else item
            for item in super().error_list()
        ]


def section_form(
    definition: PinnedDefinition, section: Section, *, formdata: Any = None, data: Any = None
) -> LockedForm:
    """The form for one section, with the fields its items need."""
    fields: dict[str, Field] = {}
    for item in section.items:
        fields.update(_fields(definition, item))
    fields["save_and_continue"] = SubmitField("Save and continue", widget=GovSubmitInput())
    fields["save_for_later"] = SubmitField("Save and come back later", widget=GovSubmitInput())
    form_class = type("SectionForm", (LockedForm,), fields)
    return form_class(formdata=formdata, data=data)


def _fields(definition: PinnedDefinition, item: Item) -> dict[str, Field]:
    common = {"label": item.label, "description": item.help}
    if isinstance(item, RubricItem):
        scale = definition.scale(item.scale)
        levels = scale.levels if scale else ()
        choices = [SelectChoice(str(level.value), level.label) for level in levels]
        return {
            item.id: RadioField(
                **common, choices=choices, widget=GovRadioInput(), validate_choice=False
            )
        }
    if isinstance(item, TextItem):
        fields: dict[str, Field] = {item.id: _textarea(item.label, item.help)}
        if item.consent:
            fields[consent_field(item)] = RadioField(
                f"Who may read ‘{item.label}’?",
                choices=CONSENT_CHOICES,
                widget=GovRadioInput(),
                validate_choice=False,
            )
            fields[personal_field(item)] = BooleanField(
                "It contains details that could identify someone", widget=GovCheckboxInput()
            )
        return fields
    if isinstance(item, NumberItem):
        return {item.id: StringField(**common, widget=GovTextInput())}
    if isinstance(item, BarriersItem):
        fields = {
            item.id: SelectMultipleField(
                **common,
                choices=[SelectChoice(b.id, b.title) for b in definition.barriers],
                widget=GovCheckboxesInput(),
                validate_choice=False,
            )
        }
        for barrier in definition.barriers:
            fields[ask_field(item, barrier.id)] = _textarea(
                f"What do you need from central government about {barrier.title.lower()}? "
                "(optional)",
                "",
            )
        fields[consent_field(item)] = RadioField(
            "Who may read what you ask of central government?",
            choices=CONSENT_CHOICES,
            default=ConsentScope.REGULATORS.value,
            widget=GovRadioInput(),
            validate_choice=False,
        )
        return fields
    assert isinstance(item, ChoiceItem)
    choices = [SelectChoice(option.id, option.label) for option in item.options]
    if item.kind == "choice":
        return {
            item.id: RadioField(
                **common, choices=choices, widget=GovRadioInput(), validate_choice=False
            )
        }
    return {
        item.id: SelectMultipleField(
            **common, choices=choices, widget=GovCheckboxesInput(), validate_choice=False
        )
    }


def _textarea(label: str, hint: str) -> TextAreaField:
    return TextAreaField(label, description=hint, widget=GovCharacterCount(), filters=[_newlines])


def answers_from(form: LockedForm, section: Section) -> dict[str, AnswerInput]:
    """What the person entered, as the domain reads answers."""
    answers = {}
    for item in section.items:
        given = form[item.id].data
        if isinstance(item, BarriersItem):
            # A barrier the form does not offer has no ask field: passed on without one,
            # for the domain to refuse by name.
            asks = {b: _data(form, ask_field(item, b)) for b in given or []}
            answers[item.id] = AnswerInput(
                asks=asks,
                consent=form[consent_field(item)].data,
            )
        elif item.kind == "multichoice":
            answers[item.id] = AnswerInput(choices=given or [])
        elif isinstance(item, TextItem) and item.consent:
            answers[item.id] = AnswerInput(
                value=given,
                consent=form[consent_field(item)].data,
                personal_details=bool(form[personal_field(item)].data),
            )
        else:
            answers[item.id] = AnswerInput(value=given)
    return answers


def _data(form: LockedForm, name: str) -> Any:
    return form[name].data if name in form else None


def form_data(section: Section, values: dict[str, Value]) -> dict[str, Any]:
    """The saved answers as the form's starting data."""
    data: dict[str, Any] = {}
    for item in section.items:
        value = values.get(item.id) or {}
        if isinstance(item, BarriersItem):
            data[item.id] = list(value.get("asks", {}))
            for barrier_id, ask in value.get("asks", {}).items():
                data[ask_field(item, barrier_id)] = ask
            data[consent_field(item)] = value.get("consent", ConsentScope.REGULATORS.value)
        elif "text" in value:
            data[item.id] = value["text"]
            data[consent_field(item)] = value.get("consent")
            data[personal_field(item)] = value.get("personal_details", False)
        elif "number" in value:
            data[item.id] = str(value["number"])
        elif "level" in value:
            data[item.id] = str(value["level"])
        elif "choices" in value:
            data[item.id] = value["choices"][0] if item.kind == "choice" else value["choices"]
    return data


class StartForm(BaseForm):
    service = RadioField(
        "Which service is this review for?",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose the service this review is for")],
    )
    framework = RadioField(
        "Which framework does it answer?",
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose a framework")],
    )
    period_start = DayMonthYearField(
        "Start of the period",
        description="Usually the first day of the quarter, for example 1 4 2025",
        validators=[InputRequired(message="Enter the start of the period")],
    )
    period_end = DayMonthYearField(
        "End of the period",
        description="For example 30 6 2025",
        validators=[InputRequired(message="Enter the end of the period")],
    )
    submit = SubmitField("Start the review", widget=GovSubmitInput())


class SubmitForm(LockedForm):
    summary_target = "missing"
    submit = SubmitField("Submit the review", widget=GovSubmitInput())


class CancelAmendmentForm(LockedForm):
    submit = SubmitField("Cancel this amendment", widget=GovSubmitInput())


class AmendForm(LockedForm):
    reason = TextAreaField(
        "Why are you amending this review?",
        description="Everyone who reads the review will see your reason, next to what changed.",
        widget=GovCharacterCount(),
        filters=[_newlines],
        validators=[InputRequired(message="Say why you are amending the review")],
    )
    submit = SubmitField("Start the amendment", widget=GovSubmitInput())


class FeedbackForm(BaseForm):
    body = TextAreaField(
        "Your feedback",
        description="The service will see it and can reply. Say what you noticed and what "
        "you would like to know more about.",
        widget=GovCharacterCount(),
        filters=[_newlines],
    )
    submit = SubmitField("Send feedback", widget=GovSubmitInput())


class ReplyForm(BaseForm):
    body = TextAreaField("Your reply", widget=GovCharacterCount(), filters=[_newlines])
    submit = SubmitField("Send reply", widget=GovSubmitInput())


class AcknowledgeForm(LockedForm):
    submit = SubmitField("Acknowledge this revision", widget=GovSubmitInput())


class MomentField(Field):
    """An instant as an ISO 8601 timestamp, carried in the list's address (a home page
    count links to reviews submitted after the person's last visit); UTC unless it says
    otherwise."""

    widget = HiddenInput()
    # A hidden input cannot take focus: the error summary links to the message the list
    # shows in its place (reviews/index.html).
    error_anchor = "submitted-after"
    data: datetime | None

    def _value(self) -> str:
        return self.data.isoformat() if self.data else ""

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = None
        text = str(valuelist[0]).strip() if valuelist else ""
        if not text:
            return
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(
                "The time reviews were submitted after must be a date and time, "
                "like 2026-11-29T15:31:10+00:00"
            ) from None
        self.data = moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class FilterForm(BaseForm):
    """The list's filters, read from the query string so a list can be bookmarked."""

    place = StringField(
        "Place",
        description="Its name or ONS code, for example Wigan or E08000010",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=100)],
    )
    within = SelectField("Region or combined authority", widget=GovSelect(), default="")
    kind = SelectField("Kind of authority", widget=GovSelect(), default="", choices=kind_choices())
    service_area = SelectField(
        "Service area",
        widget=GovSelect(),
        default="",
        choices=[
            SelectChoice("", "Any service area"),
            *(SelectChoice(k, v) for k, v in SERVICE_AREAS.items()),
        ],
    )
    framework = SelectField("Framework and version", widget=GovSelect(), default="")
    period_from = period_from_field()
    period_to = period_to_field()
    status = SelectField(
        "Status",
        widget=GovSelect(),
        default="",
        choices=[
            SelectChoice("", "Any status"),
            *(SelectChoice(s.value, s.label) for s in ListStatus),
        ],
    )
    barrier = SelectField("National barrier cited", widget=GovSelect(), default="")
    waiting = SelectField(
        "Feedback",
        widget=GovSelect(),
        default="",
        choices=[
            SelectChoice("", "Any, or none"),
            *(SelectChoice(w.value, w.label) for w in Waiting),
        ],
    )
    submitted_since = DayMonthYearField("Submitted on or after", validators=[Optional()])
    submitted_after = MomentField("Submitted after")
    mine = BooleanField("Only your places’ reviews", widget=GovCheckboxInput())
    due = BooleanField("Due now: for this quarter or the last", widget=GovCheckboxInput())
    answered = BooleanField(
        "A national body has answered a barrier it cites", widget=GovCheckboxInput()
    )
    order = SelectField(
        "Order",
        widget=GovSelect(),
        default=ListOrder.PERIOD.value,
        choices=[SelectChoice(o.value, o.label) for o in ListOrder],
    )
    submit = SubmitField("Apply filters", widget=GovSubmitInput())


class SearchForm(BaseForm):
    q = StringField(
        "Search the answers of submitted reviews",
        description="For example: evening sessions fathers",
        widget=GovTextInput(),
        validators=[Length(max=200, message="Search for fewer words: 200 characters at most")],
    )
    submit = SubmitField("Search", widget=GovSubmitInput())
