"""The base form: every string is stripped of surrounding whitespace before validation."""

from __future__ import annotations

from flask_wtf import FlaskForm


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
                anchor = getattr(field, "error_anchor", field.id)  # a date: its day box
                items.append({"text": message, "href": f"#{anchor}"})
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
