"""Forms of the plan pages: a plan (blank or copied from last year's), an item, a milestone, a
file, and the level above's decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import DATE_WIDGET, StyledFormMixin
from dangjian.orgs.models import Organization, Person
from dangjian.work import rules_plan as rules
from dangjian.work.models import ItemKind


class PlanForm(StyledFormMixin, forms.Form):
    """A new plan: its organization and year, and either a blank start or a copy of the
    organization's plan of the year before."""

    org = forms.TypedChoiceField(label=_("Organization"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=rules.YEAR_MIN, max_value=9999)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    copy_last_year = forms.BooleanField(
        label=_("Start from a copy of last year's plan (items and milestones, dates moved on)"),
        required=False,
    )

    def __init__(self, *args, orgs: list[Organization], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.orgs = {org.pk: org for org in orgs}
        self.fields["org"].choices = [(org.pk, org.name) for org in orgs]

    def organization(self) -> Organization:
        return self.orgs[self.cleaned_data["org"]]


class PlanEditForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemForm(StyledFormMixin, forms.Form):
    """An item; its organization and responsible person are chosen inside the plan's subtree."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    title = forms.CharField(label=_("Item"), max_length=200)
    target = forms.CharField(
        label=_("Content and target"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    group = forms.CharField(
        label=_("Responsible group"),
        max_length=60,
        required=False,
        help_text=_("The office or group that carries it out, e.g. 组织科, 党建办, 支部委员."),
    )
    org = forms.TypedChoiceField(label=_("Responsible organization"), coerce=int)
    owner = forms.TypedChoiceField(
        label=_("Responsible person"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, orgs: list[Organization], people: list[Person], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.orgs = {org.pk: org for org in orgs}
        self.people = {person.pk: person for person in people}
        self.fields["org"].choices = [(org.pk, org.name) for org in orgs]
        self.fields["owner"].choices = [("", "—")] + [
            (p.pk, f"{p.name}（{p.primary_org.name}）") for p in people
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "target": data["target"],
            "group": data["group"],
            "org": self.orgs[data["org"]],
            "owner": self.people.get(data["owner"]) if data["owner"] else None,
        }


class MilestoneForm(StyledFormMixin, forms.Form):
    due_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    title = forms.CharField(label=_("Milestone"), max_length=200)


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx), Excel (.xlsx), JPG or PNG; at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )


class DecisionForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Decision note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
