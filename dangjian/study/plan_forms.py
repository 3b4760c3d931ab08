"""Forms of study plans and readings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.orgs.forms import OrgChoiceField
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action
from dangjian.orgs.selectors import org_choices
from dangjian.study.forms import TextOrUploadMixin
from dangjian.study.models import Reading, StudyPlan


class PlanForm(StyledFormMixin, forms.ModelForm):
    org = OrgChoiceField(label=_("Organization"), queryset=Organization.objects.none())

    class Meta:
        model = StudyPlan
        fields = [
            "org",
            "year",
            "title",
            "readings_per_year",
            "note_chars_per_month",
            "reflections_per_period",
            "applies_to_positions",
        ]
        widgets = {"applies_to_positions": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "applies_to_positions": _("One position per line; empty: everyone in the subtree.")
        }

    def __init__(self, *args, user: User, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["org"], self.fields["year"]
        else:
            self.fields["org"].queryset = org_choices(user, Action.CHANGE)

    def validate_unique(self) -> None:
        """The service validates (inside its scope); the form only parses."""


class ReadingForm(TextOrUploadMixin, StyledFormMixin, forms.ModelForm):
    file = forms.FileField(
        label=_("Or take the text from a file (.txt or .docx)"),
        required=False,
    )

    class Meta:
        model = Reading
        fields = ["title", "kind", "source", "month", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
