"""The base form: every string is stripped of surrounding whitespace before validation, and
radios and checkboxes describe themselves only with a hint that has words."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovCheckboxInput, GovRadioInput


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


_WIDGETS = {
    GovRadioInput: RadioInput,
    GovCheckboxesInput: CheckboxesInput,
    GovCheckboxInput: CheckboxInput,
}


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


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
