"""Forms for answering a national ask and maintaining the register."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from outcomes.national.models import BodyKind, ResponseStatus
from outcomes.national.responses import MAX_TEXT
from web.forms import BaseForm, DayMonthYearField, email_field, name_field

ANSWERS = [s for s in ResponseStatus if s is not ResponseStatus.AWAITING]


def choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ResponseForm(BaseForm):
    status = RadioField(
        "What is your response?",
        widget=GovRadioInput(),
        choices=[SelectChoice(s.value, s.label) for s in ANSWERS],
        validators=[InputRequired(message="Choose what your response is")],
    )
    responded_on = DayMonthYearField(
        "Date of the response",
        description="The date your body gave this response, for example 27 3 2026",
        validators=[InputRequired(message="Enter the date of the response")],
    )
    statement = StringField(
        "Your response",
        widget=GovTextArea(),
        validators=[DataRequired(message="Enter your response"), Length(max=MAX_TEXT)],
    )
    what_will_change = StringField(
        "If accepted: what will change",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=MAX_TEXT)],
    )
    change_by = DayMonthYearField(
        "If accepted: the date by which it will change", validators=[Optional()]
    )
    reasons = StringField(
        "If not accepted: your reasons",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=MAX_TEXT)],
    )
    evidence = StringField(
        "If action is taken: the evidence (a link or a reference)",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=MAX_TEXT)],
    )
    body = SelectField("Answering for", widget=GovSelect(), validators=[Optional()])
    submit = SubmitField("Record this response", widget=GovSubmitInput())


class FilterForm(BaseForm):
    class Meta:
        csrf = False

    body = SelectField("National body", widget=GovSelect(), validators=[Optional()])
    barrier = SelectField("Barrier", widget=GovSelect(), validators=[Optional()])
    status = SelectField(
        "Status",
        widget=GovSelect(),
        choices=[SelectChoice("", "Any status")]
        + [SelectChoice(s.value, s.label) for s in ResponseStatus],
        validators=[Optional()],
    )
    period = SelectField("Period", widget=GovSelect(), validators=[Optional()])
    submit = SubmitField("Filter", widget=GovSubmitInput())


class NewBodyForm(BaseForm):
    code = StringField("Code", widget=GovTextInput(), validators=[DataRequired("Enter a code")])
    name = StringField("Name", widget=GovTextInput(), validators=[DataRequired("Enter the name")])
    kind = RadioField(
        "Kind of body",
        widget=GovRadioInput(),
        choices=[SelectChoice(k.value, k.label) for k in BodyKind],
        validators=[InputRequired(message="Choose the kind of body")],
    )
    valid_from = DayMonthYearField(
        "Since", validators=[InputRequired(message="Enter the date the body began")]
    )
    submit = SubmitField("Add the body", widget=GovSubmitInput())


class RenameForm(BaseForm):
    name = StringField(
        "New name", widget=GovTextInput(), validators=[DataRequired("Enter the new name")]
    )
    on = DayMonthYearField(
        "From", validators=[InputRequired(message="Enter the date of the new name")]
    )
    submit = SubmitField("Rename", widget=GovSubmitInput())


class AssignForm(BaseForm):
    barrier = SelectField(
        "Barrier", widget=GovSelect(), validators=[DataRequired("Choose a barrier")]
    )
    on = DayMonthYearField("From", validators=[InputRequired(message="Enter the start date")])
    submit = SubmitField("Ask this body to answer it", widget=GovSubmitInput())


class ResponderForm(BaseForm):
    display_name = name_field()
    email = email_field()
    submit = SubmitField("Create responder account", widget=GovSubmitInput())
