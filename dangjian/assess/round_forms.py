"""Forms of the round part: a new round, a score (one item), an inspector, a review, an
appeal and its decision. The services check the rules; the forms only carry the input."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_round as rules
from dangjian.assess.models import Appeal, AssessRound
from dangjian.lib.forms import StyledFormMixin


class RoundForm(StyledFormMixin, forms.Form):
    org = forms.TypedChoiceField(label=_("Issued by"), coerce=int)
    name = forms.CharField(label=_("Name"), max_length=120)
    period_kind = forms.ChoiceField(label=_("Period"), choices=AssessRound.PeriodKind.choices)
    year = forms.IntegerField(label=_("Year"))
    number = forms.IntegerField(
        label=_("Month or quarter"),
        required=False,
        help_text=_("1–12 for a month, 1–4 for a quarter; empty for a year."),
    )
    excellent_quota_percent = forms.IntegerField(
        label=_("优秀 quota (%)"), initial=rules.EXCELLENT_QUOTA_PERCENT_DEFAULT
    )

    def __init__(self, *args, orgs, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(org.pk, org.name) for org in orgs]


class ScoreForm(StyledFormMixin, forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    points = forms.CharField(
        label=_("Points"), max_length=12, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.CharField(
        label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(StyledFormMixin, forms.Form):
    inspector = forms.TypedChoiceField(
        label=_("Inspector"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, users, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspector"].choices = [("", "—"), *((u.pk, u.get_username()) for u in users)]


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return to the inspector"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for return"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AppealForm(StyledFormMixin, forms.Form):
    item = forms.TypedChoiceField(
        label=_("Item disputed"), coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [
            ("", _("The result as a whole")),
            *((i.pk, f"{i.code} {i.name}") for i in items),
        ]


class DecideForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Appeal.Status.UPHELD, _("Uphold")), (Appeal.Status.REJECTED, _("Reject"))],
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        label=_("Decision and reasons"), widget=forms.Textarea(attrs={"rows": 3})
    )
    points = forms.CharField(
        label=_("New points of the item"),
        required=False,
        max_length=12,
        help_text=_("Only for an upheld appeal of one item; empty keeps the points."),
    )
