from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from outcomes.accounts.models import Role
from outcomes.accounts.tokens import TokenScope
from outcomes.notifications.models import Frequency, kinds_for
from outcomes.notifications.preferences import OFF
from web.forms import BaseForm


class SignInForm(BaseForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter your email address")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[DataRequired(message="Enter your password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SignOutForm(BaseForm):
    submit = SubmitField("Sign out", widget=GovSubmitInput())


class TokenForm(BaseForm):
    name = StringField(
        "Name",
        description="What the token is for, for example 'case management system'",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter a name that says what the token is for"),
            Length(max=100, message="The name must be 100 characters or fewer"),
        ],
    )
    scope = RadioField(
        "What the token may do",
        widget=GovRadioInput(),
        choices=[SelectChoice(scope.value, scope.label) for scope in TokenScope],
        default=TokenScope.READ.value,
        validators=[DataRequired(message="Choose what the token may do")],
    )
    submit = SubmitField("Create token", widget=GovSubmitInput())


class RevokeForm(BaseForm):
    submit = SubmitField("Revoke", widget=GovSubmitInput())


FREQUENCY_CHOICES = [
    SelectChoice(Frequency.WEEKLY.value, Frequency.WEEKLY.label),
    SelectChoice(Frequency.IMMEDIATE.value, Frequency.IMMEDIATE.label),
    SelectChoice(OFF, "Do not tell me"),
]


def notifications_form(role: Role, *, follows: bool) -> BaseForm:
    """A form with one question per notification the role receives (weekly, each one, or
    off) and, for regulators, the places and regions they follow."""

    class NotificationsForm(BaseForm):
        # Not "submit": the token form on the same page has a button of that id.
        save = SubmitField("Save your choices", widget=GovSubmitInput())

    for kind in kinds_for(role):
        setattr(
            NotificationsForm,
            kind.value,
            RadioField(
                kind.label,
                widget=GovRadioInput(),
                choices=FREQUENCY_CHOICES,
                validators=[DataRequired(message=f"Choose how often to hear of: {kind.label}")],
            ),
        )
    if follows:
        NotificationsForm.places = StringField(  # type: ignore[attr-defined]
            "Places and regions you follow",
            description="ONS codes separated by commas, like E12000002 (North West) or "
            "E08000010 (Wigan). Reviews submitted there, or in places within them, are news "
            "to you.",
            widget=GovTextInput(),
            validators=[Length(max=2000, message="Enter 2,000 characters or fewer")],
        )
    return NotificationsForm()
