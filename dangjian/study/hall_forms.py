"""Forms of the 干训讲堂: a material, a suggestion (留言), the catalogue's filters."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.orgs.forms import OrgChoiceField
from dangjian.orgs.models import Organization
from dangjian.study import hall_services, rules
from dangjian.study.models import MaterialCategory


class MaterialForm(StyledFormMixin, forms.Form):
    """Choice lists come from selectors for this user; the service re-checks everything."""

    org = OrgChoiceField(label=_("Published by"), queryset=Organization.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=MaterialCategory.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        max_length=rules.HALL_BODY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    file = forms.FileField(
        label=_("Attached file"),
        required=False,
        help_text=_("PDF, Word, PowerPoint, Excel, text, audio or video; at most 20 MB."),
    )
    publish = forms.BooleanField(label=_("Publish to the organization's subtree"), required=False)

    def __init__(self, *args, orgs, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["category"].queryset = categories
        self.fields["file"].widget.attrs["accept"] = ",".join(rules.HALL_FILE_EXTENSIONS)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                hall_services.validate_file(upload)
            except ValidationError as error:
                raise forms.ValidationError(error.error_dict["file"]) from None
        return upload


class SuggestionForm(StyledFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Your suggestion"),
        max_length=rules.HALL_SUGGESTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approved", _("Approve")), ("rejected", _("Do not show"))],
    )


class ProgressForm(forms.Form):
    """A heartbeat from the reading page (static/js/dangjian.js)."""

    seconds = forms.IntegerField(min_value=0, max_value=3600, required=False)
    finished = forms.BooleanField(required=False)


class FilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=MaterialCategory.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["q"].widget.attrs["placeholder"] = _("Title or words of the text")
