from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovRadioInput, GovSubmitInput
from wtforms import RadioField, SubmitField
from wtforms.validators import DataRequired

from web.forms import BaseForm


class ImportForm(BaseForm):
    place = RadioField(
        "Place",
        widget=GovRadioInput(),
        validators=[DataRequired(message="Choose the place the reviews are for")],
    )
    framework = RadioField(
        "Framework",
        widget=GovRadioInput(),
        validators=[DataRequired(message="Choose the framework the reviews answer")],
    )
    file = FileField(
        "Filled-in template",
        description="A CSV or XLSX file made from the template, up to 2 MB and 500 reviews",
        widget=GovFileInput(),
        validators=[FileRequired(message="Select the file to import")],
    )
    submit = SubmitField("Check and import", widget=GovSubmitInput())
