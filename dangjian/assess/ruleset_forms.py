"""Forms of the rule set pages: the four defaults, one item of a draft, an .xlsx import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_ruleset as rules
from dangjian.assess.models import RuleItem
from dangjian.assess.ruleset_checks import ERRORS
from dangjian.lib.forms import StyledFormMixin
from dangjian.orgs.models import Organization


class DefaultsForm(StyledFormMixin, forms.Form):
    org = forms.TypedChoiceField(label=_("Issued by"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=rules.YEAR_MIN)

    def __init__(self, *args, issuers: list[Organization], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(org.pk, org.name) for org in issuers]


class ItemForm(StyledFormMixin, forms.Form):
    """One item; `parent` (only when adding) places it under a 一级 indicator."""

    parent = forms.TypedChoiceField(label=_("Under"), coerce=int, required=False, empty_value=None)
    code = forms.CharField(label=_("Code"), max_length=rules.CODE_MAX_CHARS)
    name = forms.CharField(label=_("Name"), max_length=rules.NAME_MAX_CHARS)
    kind = forms.ChoiceField(label=_("Kind"), choices=RuleItem.Kind.choices)
    max_points = forms.DecimalField(
        label=_("Max points"),
        max_digits=6,
        decimal_places=rules.POINTS_PLACES,
        error_messages={"max_decimal_places": ERRORS["points_places"]},
    )
    scoring = forms.ChoiceField(label=_("Scoring"), choices=RuleItem.Scoring.choices)
    auto_indicator = forms.ChoiceField(label=_("Automatic indicator"), required=False)
    guidance = forms.CharField(
        label=_("Scoring guidance"),
        required=False,
        max_length=rules.GUIDANCE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args, indicators: dict, parents: list[RuleItem] | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auto_indicator"].choices = [
            ("", "—"),
            *((code, f"{code} {found.name}") for code, found in sorted(indicators.items())),
        ]
        if parents is None:
            del self.fields["parent"]
        else:
            self.fields["parent"].choices = [
                ("", _("Top level")),
                *((item.pk, str(item)) for item in parents),
            ]


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Rule set (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
