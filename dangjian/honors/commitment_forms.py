"""Forms of 公开承诺 / 践诺评议: a commitment (a secretary also picks whose), a progress note,
the year-end verdict."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.honors import rules_commitment as rules
from dangjian.honors.commitment_services import VERDICTS
from dangjian.honors.models import Commitment
from dangjian.lib.forms import DATE_WIDGET, StyledFormMixin


class CommitmentForm(StyledFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    title = forms.CharField(
        label=_("Commitment"),
        max_length=rules.TITLE_MAX_CHARS,
        help_text=_("One concrete thing, e.g. 帮扶两户困难群众."),
    )
    detail = forms.CharField(
        label=_("Measures"),
        required=False,
        max_length=rules.DETAIL_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    due = forms.DateField(label=_("To be done by"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, years: list[int], people=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.people = {person.pk: person for person in people or ()}
        if people is not None:
            field = forms.TypedChoiceField(
                label=_("Whose commitment"),
                coerce=int,
                required=False,
                empty_value=None,
                choices=[
                    ("", _("The organization's own")),
                    *((person.pk, person.name) for person in self.people.values()),
                ],
                help_text=_("A member's commitment written on their behalf is recorded as such."),
            )
            field.widget.attrs["class"] = "form-select"
            self.fields = {"person": field, **self.fields}

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if "person" in data:
            data["person"] = self.people.get(data["person"])
        return data


class CommitmentEditForm(StyledFormMixin, forms.Form):
    title = CommitmentForm.base_fields["title"]
    detail = CommitmentForm.base_fields["detail"]
    due = CommitmentForm.base_fields["due"]


class ProgressForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    text = forms.CharField(
        label=_("Progress"),
        max_length=rules.UPDATE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvaluateForm(StyledFormMixin, forms.Form):
    verdict = forms.ChoiceField(
        label=_("Evaluation"),
        # Blank first: a verdict is a decision, never the first option saved untouched.
        choices=[
            ("", _("Choose…")),
            *((value, Commitment.Verdict(value).label) for value in VERDICTS),
        ],
    )
    note = forms.CharField(
        label=_("Evaluation note"),
        required=False,
        max_length=rules.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
