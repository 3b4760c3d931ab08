"""Shared form behaviour: Bootstrap classes on every widget."""

from django import forms
from django.core.exceptions import ValidationError


class StyledFormMixin:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def attach_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: by field where the form has that field,
    as a form-wide error otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
