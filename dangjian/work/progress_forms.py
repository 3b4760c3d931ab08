"""Forms of report-style progress: the report (on a phone: the outcome as big radio buttons,
the explanation shown when it is needed), close, return and a deadline move."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import DATE_WIDGET, MultipleFileField, StyledFormMixin
from dangjian.work import rules
from dangjian.work.models import Milestone
from dangjian.work.models.tracking import Outcome


class ReportForm(StyledFormMixin, forms.Form):
    """报账. The form checks types only; the service decides what a report needs (reason,
    measures, new deadline) and its refusals are shown by field."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect, required=False
    )
    text = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=rules.REPORT_TEXT_MAX_CHARS,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason it is not completed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=rules.REPORT_TEXT_MAX_CHARS,
        required=False,
    )
    measures = forms.CharField(
        label=_("Further measures"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=rules.REPORT_TEXT_MAX_CHARS,
        required=False,
    )
    new_deadline = forms.DateField(label=_("New deadline"), widget=DATE_WIDGET, required=False)
    milestone = forms.TypedChoiceField(
        label=_("Milestone reached"), coerce=int, required=False, empty_value=None
    )
    files = MultipleFileField(
        label=_("Evidence (pdf, docx, xlsx, jpg, png; up to 5 files of 10 MB)"),
        required=False,
        accept=rules.EVIDENCE.extensions,
    )

    EXPLANATION = ("reason", "measures", "new_deadline")

    def __init__(self, *args, milestones: list[Milestone], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.milestones = {m.pk: m for m in milestones}
        self.fields["milestone"].choices = [("", "—")] + [
            (m.pk, f"{m.due_on:%Y-%m-%d} {m.title}") for m in milestones
        ]
        # Big tap targets on a phone: the radios are styled as buttons in the template.
        self.fields["outcome"].widget.attrs["class"] = "btn-check"

    def explanation_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.EXPLANATION]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "text": data["text"],
            "reason": data["reason"],
            "measures": data["measures"],
            "new_deadline": data["new_deadline"],
            "milestone": self.milestones.get(data.get("milestone")),
            "files": data.get("files") or [],
        }


class NoteForm(StyledFormMixin, forms.Form):
    """Close (the note is optional) or return (the note is required: the service says so)."""

    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=rules.REPORT_TEXT_MAX_CHARS,
        required=False,
    )


class DeadlineForm(StyledFormMixin, forms.Form):
    new_deadline = forms.DateField(label=_("New deadline"), widget=DATE_WIDGET, required=False)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=rules.REPORT_TEXT_MAX_CHARS,
        required=False,
    )
