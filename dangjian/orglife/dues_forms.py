"""Forms of 党费: a base declaration, a payment, an import upload. Amounts are typed in yuan
(two decimals at most) and handed to the services in fen."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.orglife import rules_dues as rules
from dangjian.orglife.dues_calc import parse_month
from dangjian.orglife.models import DuesCategory


def to_fen(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-03"})

    def clean(self, value) -> datetime.date | None:
        text = super().clean(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError(_("Enter a month such as 2026-03."))
        return month


class YuanField(forms.DecimalField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)


class MemberChoiceForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=None)

    def __init__(self, *args, members=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class BaseForm(MemberChoiceForm):
    category = forms.ChoiceField(label=_("Category"), choices=DuesCategory.choices)
    income = YuanField(label=_("Monthly income after tax (yuan)"), required=False)
    fixed = YuanField(
        label=_("Farmer's monthly dues (yuan)"),
        required=False,
        help_text=_("0.20 to 1.00 yuan; 1.00 when left blank."),
    )
    effective_from = MonthField(label=_("Effective from (month)"))

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "person": data["person"],
            "category": data["category"],
            "income_fen": to_fen(data["income"]),
            "fixed_fen": to_fen(data["fixed"]),
            "effective_from": data["effective_from"],
        }


class PaymentForm(MemberChoiceForm):
    month = MonthField(label=_("First month paid"))
    months = forms.IntegerField(
        label=_("Number of months"), min_value=1, max_value=rules.ADVANCE_MAX_MONTHS, initial=1
    )
    amount = YuanField(
        label=_("Amount (yuan)"),
        required=False,
        help_text=_("Blank: the dues of the month. More is a voluntary extra (one month only)."),
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "person": data["person"],
            "month": data["month"],
            "months": data["months"],
            "amount_fen": to_fen(data["amount"]),
            "paid_on": data["paid_on"],
        }


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Income bases (.xlsx)"))
