"""Forms of 组织关系转接: issue a letter, accept, return, and register a person arriving from
outside the county. Forms parse; `transfer_services` decides."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.orglife import rules_transfers as rules
from dangjian.orgs.models import Gender, PartyStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IssueForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    to_org_code = forms.CharField(
        label=_("Receiving organization's code"),
        max_length=32,
        required=False,
        help_text=_("Within the county: the code of the receiving branch (ask the branch)."),
    )
    to_text = forms.CharField(
        label=_("Destination outside the county"),
        max_length=120,
        required=False,
        help_text=_("Out of the county: the receiving organization, written in full."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE_INPUT)
    valid_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=rules.LETTER_VALID_DAYS_MIN,
        max_value=rules.LETTER_VALID_DAYS_MAX,
        initial=rules.LETTER_VALID_DAYS_DEFAULT,
    )

    def __init__(self, *args, people=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["issued_on"].initial = timezone.localdate()


class AcceptForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label=_("Accepted on"), required=False, widget=DATE_INPUT)


class ReturnForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), max_length=200)


MEMBER_STATUSES = [
    (value, label) for value, label in PartyStatus.choices if value in rules.TRANSFERABLE_STATUSES
]


class IncomingForm(StyledFormMixin, forms.Form):
    """转入 from outside the county: the letter the person brought, and the person."""

    to_org = forms.ModelChoiceField(label=_("Receiving branch"), queryset=None)
    from_text = forms.CharField(label=_("From (issuing organization)"), max_length=120)
    letter_number = forms.CharField(label=_("Letter number"), max_length=40)
    issued_on = forms.DateField(label=_("Letter issued on"), widget=DATE_INPUT)
    accepted_on = forms.DateField(label=_("Accepted on"), widget=DATE_INPUT)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)
    name = forms.CharField(label=_("Name"), max_length=40)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    id_card = forms.CharField(label=_("ID-card number"), max_length=18, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    party_status = forms.ChoiceField(label=_("Party status"), choices=MEMBER_STATUSES)
    probationary_on = forms.DateField(
        label=_("Probationary since"), required=False, widget=DATE_INPUT
    )
    full_member_on = forms.DateField(
        label=_("Full member since"), required=False, widget=DATE_INPUT
    )

    PERSON_FIELDS = (
        "name",
        "gender",
        "id_card",
        "phone",
        "party_status",
        "probationary_on",
        "full_member_on",
    )

    def __init__(self, *args, orgs=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = orgs
        self.fields["accepted_on"].initial = timezone.localdate()

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        person = {name: data.pop(name) for name in self.PERSON_FIELDS}
        person = {name: value for name, value in person.items() if value not in (None, "")}
        return data | person
