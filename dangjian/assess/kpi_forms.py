"""Forms of department KPIs (业绩评价指标): a KPI, a period's value, the .xlsx import."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.assess import kpi_periods as periods
from dangjian.assess import rules_kpi as rules
from dangjian.assess.models import Kpi, RuleItem
from dangjian.lib.forms import StyledFormMixin


class KpiForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=rules.NAME_MAX_CHARS)
    unit_of_measure = forms.CharField(
        label=_("Unit of measure"),
        max_length=rules.UNIT_OF_MEASURE_MAX_CHARS,
        help_text=_("%, 学时, 件, 万元 …"),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Kpi.Direction.choices)
    target = forms.DecimalField(
        label=_("Target"), max_digits=14, decimal_places=rules.VALUE_DECIMALS
    )
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Kpi.Frequency.choices)
    rule_item = forms.TypedChoiceField(
        label=_("Rule-set item it feeds"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, items: list[RuleItem], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        self.fields["rule_item"].choices = [
            ("", "—"),
            *(
                (item.pk, f"{item.ruleset.year} {item.ruleset.name} · {item.code} {item.name}")
                for item in items
            ),
        ]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["rule_item"] = self.items.get(data["rule_item"])
        return data


class ValueForm(StyledFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=rules.VALUE_DECIMALS)
    note = forms.CharField(label=_("Note"), max_length=rules.NOTE_MAX_CHARS, required=False)

    def __init__(self, *args, kpi: Kpi, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kpi = kpi
        starts = periods.recent(kpi.frequency, today, rules.FORM_PERIODS[kpi.frequency])
        self.fields["period"].choices = [
            (periods.text(start, kpi.frequency), periods.text(start, kpi.frequency))
            for start in starts
        ]
        # The list holds the periods that have begun, the latest first: a value for another
        # (a coming one, or one older than the list) is entered through the .xlsx import.
        self.fields["period"].error_messages["invalid_choice"] = _(
            "%(value)s is not one of the periods listed: a value is entered for a period that "
            "has begun, the latest %(count)s at most (older ones through the import)."
        ) % {"value": "%(value)s", "count": rules.FORM_PERIODS[kpi.frequency]}

    def period_start(self) -> datetime.date:
        return periods.parse(self.cleaned_data["period"], self.kpi.frequency)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Values (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
