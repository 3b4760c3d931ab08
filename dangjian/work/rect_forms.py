"""Forms of the rectification ledger: listing a problem, a report (phone-friendly, one
column), the issuing level's acceptance."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import DATE_WIDGET, MultipleFileField, StyledFormMixin
from dangjian.orgs.models import Organization, Person
from dangjian.work.models import ProblemSource
from dangjian.work.models.tracking import Outcome
from dangjian.work.rules import EVIDENCE


class RectForm(StyledFormMixin, forms.Form):
    """One problem of the ledger; the organization is chosen first (the people offered as
    responsible are those of its subtree)."""

    issued_by = forms.TypedChoiceField(label=_("Issuing organization"), coerce=int)
    source = forms.ChoiceField(label=_("Source of the problem"), choices=ProblemSource.choices)
    number = forms.CharField(label=_("Number"), max_length=30, required=False)
    # Not required here: the service names each missing text with its own words.
    problem = forms.CharField(
        label=_("Problem"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = forms.CharField(
        label=_("Rectification measures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    responsible = forms.TypedChoiceField(
        label=_("Responsible person"), coerce=int, required=False, empty_value=None
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DATE_WIDGET)
    found_on = forms.DateField(label=_("Found on"), widget=DATE_WIDGET)

    def __init__(self, *args, issuers: list[Organization], people: list[Person], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.issuers = {org.pk: org for org in issuers}
        self.people = {person.pk: person for person in people}
        self.fields["issued_by"].choices = [(org.pk, org.name) for org in issuers]
        self.fields["responsible"].choices = [("", "—")] + [
            (person.pk, person.name) for person in people
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "issued_by": self.issuers[data["issued_by"]],
            "responsible": self.people.get(data.get("responsible")),
            **{
                name: data[name]
                for name in ("source", "number", "problem", "measures", "deadline", "found_on")
            },
        }


class ReportForm(StyledFormMixin, forms.Form):
    """报账: what was done; for not done or overdue, reason, measures and a new deadline."""

    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Progress made"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        label=_("Reason not completed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    measures = forms.CharField(
        label=_("Further measures"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_deadline = forms.DateField(label=_("New deadline"), required=False, widget=DATE_WIDGET)
    files = MultipleFileField(label=_("Evidence files"), required=False, accept=EVIDENCE.extensions)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        names = ("outcome", "text", "reason", "measures", "new_deadline")
        return {name: data.get(name) for name in names} | {"files": data.get("files") or []}


class AcceptForm(StyledFormMixin, forms.Form):
    """验收: close (销号) or return, with the acceptance opinion."""

    CLOSE = "close"
    RETURN = "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(CLOSE, _("Accept and close")), (RETURN, _("Return for more work"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Acceptance opinion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
