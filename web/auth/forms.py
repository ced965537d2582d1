from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from outcomes.accounts.tokens import TokenScope
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
