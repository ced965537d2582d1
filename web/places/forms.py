from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import RadioField, SelectChoice, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from outcomes.services.models import SERVICE_AREAS
from web.forms import BaseForm

PARTNERS = [
    "NHS",
    "Voluntary and community sector",
    "Police",
    "Housing providers",
    "Schools and colleges",
    "Jobcentre Plus",
    "Fire and rescue",
    "Probation",
]


class ServiceForm(BaseForm):
    name = StringField(
        "Name of the service",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter the name of the service"),
            Length(max=200, message="The name must be 200 characters or fewer"),
        ],
    )
    service_area = RadioField(
        "Service area",
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, label in SERVICE_AREAS.items()],
        validators=[DataRequired(message="Choose a service area")],
    )
    partners = SelectMultipleField(
        "Partners who deliver it with you",
        widget=GovCheckboxesInput(),
        choices=[SelectChoice(p) for p in PARTNERS],
    )
    submit = SubmitField("Add service", widget=GovSubmitInput())
