from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from outcomes.accounts.models import Role
from web.forms import BaseForm, email_field, name_field


class NewUserForm(BaseForm):
    display_name = name_field()
    email = email_field()
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[SelectChoice(role.value, role.label) for role in Role],
        validators=[DataRequired(message="Choose a role")],
    )
    place_code = StringField(
        "Place code (service managers only)",
        description="The ONS code of the place they work for, for example E08000010 for Wigan",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=9)],
    )
    submit = SubmitField("Create account", widget=GovSubmitInput())


class ConfirmForm(BaseForm):
    submit = SubmitField("Deactivate account", widget=GovSubmitInput())
