"""Forms of account management; choices come from the manager's reach."""

from __future__ import annotations

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.orgs import account_selectors
from dangjian.orgs.models import Organization, Person, User


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} · {obj.primary_org.name}"


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return "\u3000" * obj.depth + obj.name


class AccountCreateForm(StyledFormMixin, forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=Person.objects.none())
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @/./+/-/_ only."),
    )

    def __init__(self, *args, manager: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = account_selectors.people_without_account(
            manager
        ).select_related("primary_org")


class RoleGrantForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    org = OrgChoiceField(label=_("Organization"), queryset=Organization.objects.none())

    def __init__(self, *args, manager: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No role preselected: a wider role is never granted by an overlooked default.
        self.fields["role"].choices = [
            ("", "---------"),
            *account_selectors.grantable_roles(manager),
        ]
        self.fields["org"].queryset = account_selectors.grantable_orgs(manager).order_by("path")


class ApiTokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("What will use the token"),
        max_length=80,
        help_text=_("For example: the provincial statistics system."),
    )
