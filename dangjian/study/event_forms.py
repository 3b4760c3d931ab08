"""Forms of seminars, tutorials and study trips."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.orgs.forms import OrgChoiceField
from dangjian.orgs.models import Organization, Person
from dangjian.study.models import StudyEvent


class EventForm(StyledFormMixin, forms.ModelForm):
    org = OrgChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = StudyEvent
        fields = ["org", "kind", "topic", "host", "starts_on", "ends_on", "place", "minutes"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, orgs=None, people=None, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("org", "kind", "participants"):
                del self.fields[name]
        else:
            self.fields["org"].queryset = orgs
            self.fields["participants"].queryset = people


class IssueForm(StyledFormMixin, forms.Form):
    problem = forms.CharField(label=_("problem found"), widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label=_("agreed fix"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("responsible"), max_length=60, required=False)
    due_on = forms.DateField(
        label=_("due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
