"""What every form shares: the base form, which strips whitespace from every string before
validation, and the fields more than one area uses."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField
from wtforms.utils import unset_value


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):  # type: ignore[no-untyped-def]
            filters = unbound_field.kwargs.get("filters", [])
            if _strip not in filters and unbound_field.field_class.__name__ != "PasswordField":
                unbound_field.kwargs["filters"] = [*filters, _strip]
            return unbound_field.bind(form=form, **options)

    def error_list(self) -> list[dict[str, str]]:
        """Errors for the GOV.UK error summary, each linking to its field."""
        items = []
        for field in self:
            for message in field.errors[:1]:
                items.append({"text": message, "href": f"#{field.id}"})
        first = next((f.id for f in self if f.type not in {"CSRFTokenField", "SubmitField"}), "")
        for message in self.form_errors:
            items.append({"text": message, "href": f"#{first}"})
        return items

    def fail(self, message: str, field: str | None = None) -> None:
        """Put a domain error back on the form, on its field where it names one."""
        target = getattr(self, field, None) if field else None
        if target is not None:
            target.errors = [*target.errors, message]
        else:
            self.form_errors.append(message)


class DayMonthYearField(DateField):
    """A GOV.UK date input (day, month, year) with a message that says what to do."""

    def __init__(self, label: str, **kwargs: object) -> None:
        super().__init__(label, format="%d %m %Y", widget=GovDateInput(), **kwargs)

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        super().process(formdata, data, extra_filters)
        if not self.raw_data:
            # The GOV.UK widget reads raw data as day, month and year, or none at all.
            self.raw_data = None

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(
                f"{self.label.text} must be a real date, for example 1 4 2025"
            ) from error
