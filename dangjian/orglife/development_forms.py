"""Forms of 发展党员: one form records any step; its step choices are the steps allowed now,
its people choices the full members the user sees. Rules live in the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import MultipleFileField, StyledFormMixin
from dangjian.orglife import rules_development as rules
from dangjian.orglife.models.development import Recommendation, Result
from dangjian.orgs.models import Person


class StepForm(StyledFormMixin, forms.Form):
    step = forms.ChoiceField(label=_("step"))
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    first_person = forms.ModelChoiceField(
        label=_("first person"), queryset=Person.objects.none(), required=False
    )
    second_person = forms.ModelChoiceField(
        label=_("second person"), queryset=Person.objects.none(), required=False
    )
    recommendation = forms.ChoiceField(
        label=_("recommendation"), choices=[("", "—"), *Recommendation.choices], required=False
    )
    result = forms.ChoiceField(
        label=_("result"), choices=[("", "—"), *Result.choices], required=False
    )
    entitled = forms.IntegerField(label=_("members entitled to vote"), min_value=0, required=False)
    attended = forms.IntegerField(label=_("entitled members present"), min_value=0, required=False)
    approved = forms.IntegerField(label=_("votes in favour"), min_value=0, required=False)
    days = forms.IntegerField(label=_("training days"), min_value=0, required=False)
    hours = forms.IntegerField(label=_("training hours"), min_value=0, required=False)
    months = forms.IntegerField(label=_("extension (months)"), min_value=0, required=False)
    note = forms.CharField(label=_("note"), max_length=500, required=False)
    documents = MultipleFileField(label=_("documents"), required=False)

    def __init__(self, *args, allowed: list[rules.Step], members, **kwargs) -> None:
        # One step's form (a card per allowed step): only that step's own fields, the step
        # a hidden value, the ids unique on the page.
        only = allowed[0] if len(allowed) == 1 else None
        if only is not None:
            kwargs.setdefault("auto_id", f"id_{only.code}_%s")
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(s.code, s.label) for s in allowed]
        self.fields["first_person"].queryset = members
        self.fields["second_person"].queryset = members
        if only is not None:
            self.fields["step"].initial = only.code
            self.fields["step"].widget = forms.HiddenInput()
            for name in OPTIONAL:
                if name not in only.fields:
                    del self.fields[name]


# The fields a step has only if rules_development.STEPS names them.
OPTIONAL = (
    "first_person",
    "second_person",
    "recommendation",
    "result",
    "entitled",
    "attended",
    "approved",
    "days",
    "hours",
    "months",
)
