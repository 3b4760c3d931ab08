"""Forms of 民主评议党员: open a round, a self-assessment, the ratings of the others, a grade."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.orglife import rules_reviews as rules
from dangjian.orglife.models import ReviewGrade


class RoundForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("Branch"), queryset=None)
    year = forms.IntegerField(label=_("Year"))

    def __init__(self, *args, orgs=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["year"].initial = timezone.localdate().year


class SelfForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Self-assessment"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=rules.SELF_ASSESSMENT_MAX_CHARS,
    )


class RateForm(StyledFormMixin, forms.Form):
    """One choice per other member of the round (blank: not rated)."""

    def __init__(self, *args, others=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *ReviewGrade.choices]
        for person in others:
            self.fields[f"grade_{person.pk}"] = forms.ChoiceField(
                label=person.name, choices=choices, required=False
            )

    def grades(self) -> dict[int, str]:
        return {
            int(name.removeprefix("grade_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class GradeForm(StyledFormMixin, forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=ReviewGrade.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for “Basically qualified” and “Unqualified”."),
    )
