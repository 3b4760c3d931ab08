"""Forms parse and check single fields; services decide and save."""

from __future__ import annotations

import datetime
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.orgs import rules, selectors, services
from dangjian.orgs.models import (
    ExitStatus,
    ImportJob,
    Organization,
    OrgCategory,
    OrgType,
    PartyStatus,
    Person,
    User,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def limit_dates(form: forms.Form, happened=(), scheduled=()) -> None:
    """The browser's date picker offers only the range the services accept
    (services.check_dates, which still decides and names the range)."""
    today = datetime.date.today()
    ranges = [(happened, today), (scheduled, today + datetime.timedelta(rules.DATE_FUTURE_DAYS))]
    for names, latest in ranges:
        for name in names:
            if name in form.fields:
                form.fields[name].widget.attrs.update(
                    min=rules.DATE_MIN.isoformat(), max=latest.isoformat()
                )


class OrgChoiceField(forms.ModelChoiceField):
    widget = forms.Select(attrs={"class": "form-select"})

    def label_from_instance(self, obj: Organization) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


class OrgForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "code",
            "name",
            "category",
            "org_type",
            "is_non_public",
            "secretary",
            "contact_name",
            "contact_phone",
            "address",
            "founded_on",
            "term_number",
            "term_elected_on",
            "term_years",
            "is_active",
        ]
        widgets = {"founded_on": DATE_INPUT, "term_elected_on": DATE_INPUT}

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_dates(self, happened=["founded_on"], scheduled=["term_elected_on"])
        org = self.instance
        people = selectors.person_queryset(user).filter(is_active=True)
        # The secretary is chosen among the organization's own people.
        self.fields["secretary"].queryset = (
            people.filter(primary_org=org) if org.pk else people.none()
        )


class OrgMoveForm(StyledFormMixin, forms.Form):
    new_parent = OrgChoiceField(
        label=_("New parent organization"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = selectors.org_choices(user)


class PersonForm(StyledFormMixin, forms.ModelForm):
    joined_on = forms.DateField(
        label=_("Joined this organization on"), required=False, widget=DATE_INPUT
    )

    class Meta:
        model = Person
        fields = [
            "name",
            "gender",
            "birth_date",
            "ethnicity",
            "phone",
            "id_card",
            "education",
            "party_status",
            "applied_on",
            "activist_on",
            "candidate_on",
            "probationary_on",
            "full_member_on",
            "primary_org",
            "cadre_position",
            "is_active",
        ]
        widgets = {
            name: DATE_INPUT
            for name in (
                "birth_date",
                "applied_on",
                "activist_on",
                "candidate_on",
                "probationary_on",
                "full_member_on",
            )
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_dates(self, happened=services.PERSON_DATES_HAPPENED, scheduled=["joined_on"])
        # Birth date and gender come from the ID-card number when one is given: the service
        # fills them in, or requires the gender when there is no number.
        self.fields["gender"].required = False
        self.fields["gender"].help_text = _("Filled in from the ID-card number when left empty.")
        self.fields["birth_date"].help_text = _(
            "Filled in from the ID-card number when left empty."
        )
        self.fields["primary_org"] = OrgChoiceField(
            label=_("Organization"), queryset=selectors.org_choices(user)
        )
        if self.instance.pk:
            # A change of organization is a transfer, with its own form and history.
            del self.fields["primary_org"]
            del self.fields["joined_on"]
            stored = self.instance.id_card
            if stored and self.instance.id_card_for(user) != stored:
                # Write-only for this viewer: the form never sends the whole number out.
                self.initial["id_card"] = ""
                self.fields["id_card"].help_text = _(
                    "Recorded: %(masked)s. Leave empty to keep it, or type a new number."
                ) % {"masked": self.instance.id_card_masked}
                self._keep_id_card = stored
            born = self.instance.birth_date
            shown = self.instance.birth_date_for(user)
            if born and shown != born.isoformat():
                # The day is not this viewer's to see: the field is write-only, as above.
                self.initial["birth_date"] = None
                self.fields["birth_date"].help_text = _(
                    "Recorded: %(month)s. Leave empty to keep it, or enter the full date."
                ) % {"month": shown}
                self._keep_birth_date = born

    def clean_id_card(self) -> str:
        value = self.cleaned_data.get("id_card", "")
        return value or getattr(self, "_keep_id_card", value)

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        return value or getattr(self, "_keep_birth_date", value)

    def _get_validation_exclusions(self):
        # "Already registered" is answered by the service only, bounded and audited
        # (services._id_card_answers); the model's own uniqueness check would answer it
        # here, unbounded. The service validates the number itself too.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("id_card")
        return exclusions


class TransferForm(StyledFormMixin, forms.Form):
    to_org = OrgChoiceField(label=_("Transfer to"), queryset=Organization.objects.none())
    on = forms.DateField(label=_("Transfer date"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_dates(self, scheduled=["on"])
        self.fields["to_org"].queryset = selectors.org_choices(user)


class SpreadsheetUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    mode = forms.ChoiceField(
        label=_("Rows"),
        choices=ImportJob.Mode.choices,
        initial=ImportJob.Mode.CREATE,
        required=False,
    )

    def __init__(self, *args, kind: str = ImportJob.Kind.PEOPLE, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kind != ImportJob.Kind.PEOPLE:
            del self.fields["mode"]  # organizations are only added

    def clean_mode(self) -> str:
        return self.cleaned_data.get("mode") or ImportJob.Mode.CREATE

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in rules.IMPORT_ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                _("Only .xlsx files can be imported; “%(name)s” is not one."),
                params={"name": upload.name},
            )
        if upload.size > settings.DANGJIAN_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.DANGJIAN_UPLOAD_MAX_BYTES),
                },
            )
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(
                _("“%(name)s” is not an Excel workbook (its content is not .xlsx)."),
                params={"name": upload.name},
            )
        return upload


def _search_box(placeholder) -> forms.CharField:
    return forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": placeholder, "type": "search"}),
    )


class OrgFilterForm(StyledFormMixin, forms.Form):
    q = _search_box(_("Name or code"))
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("All categories")), *OrgCategory.choices],
    )
    org_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *OrgType.choices]
    )
    inactive = forms.BooleanField(label=_("Include inactive"), required=False)


class PersonFilterForm(StyledFormMixin, forms.Form):
    q = _search_box(_("Name, phone or position"))
    party_status = forms.ChoiceField(
        label=_("Party status"),
        required=False,
        choices=[("", _("Any party status")), *PartyStatus.choices],
    )
    org = forms.IntegerField(required=False, widget=forms.HiddenInput)
    inactive = forms.BooleanField(label=_("Include inactive"), required=False)
    # People who left stay findable: the list shows the people on the rolls unless asked.
    standing = forms.ChoiceField(
        label=_("Membership standing"),
        required=False,
        choices=[
            ("", _("On the rolls")),
            (selectors.STANDING_ALL, _("Everyone, including people who left")),
            (selectors.STANDING_LEFT, _("People who left")),
            *ExitStatus.choices,
        ],
    )


class PersonExitForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Left because"), choices=ExitStatus.choices)
    on = forms.DateField(label=_("Left on"), widget=DATE_INPUT)
    note = forms.CharField(
        label=_("Note"),
        max_length=200,
        required=False,
        help_text=_("The decision or document, e.g. its number and issuing organization."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_dates(self, happened=["on"])


class PersonReinstateForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label=_("Membership restored on"), widget=DATE_INPUT)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_dates(self, happened=["on"])
