from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField

from web.forms import BaseForm


class UploadForm(BaseForm):
    definition = FileField(
        "Framework definition file",
        description="A YAML file written in the framework format, up to 256 KB",
        widget=GovFileInput(),
        validators=[
            FileRequired(message="Select a framework definition file"),
            FileAllowed(["yaml", "yml"], message="The selected file must be a .yaml file"),
        ],
    )
    submit = SubmitField("Check and load", widget=GovSubmitInput())
