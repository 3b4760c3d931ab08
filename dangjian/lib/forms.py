"""Shared form behaviour: Bootstrap classes on every widget, several files in one input, the
browser's date picker."""

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


# The browser's own date picker (ISO dates both ways).
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, cleaned to a list (empty when none); `accept` tells a
    phone's picker which types to offer (the service still checks them)."""

    def __init__(self, *args, accept: tuple[str, ...] | str = (), **kwargs) -> None:
        types = accept if isinstance(accept, str) else ",".join(accept)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": types} if types else {}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []
