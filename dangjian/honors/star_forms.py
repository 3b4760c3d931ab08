"""Forms of star ratings: the list's filters, a run or publication (issuer and year), and the
criteria (four thresholds and up to rules_star.VETOES_MAX veto rows). The forms only read the
browser's fields: the service checks the criteria (star_criteria), with its own messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.honors import rules_star as rules
from dangjian.lib.forms import StyledFormMixin
from dangjian.lib.indicators import registered
from dangjian.orgs import rules as org_rules
from dangjian.orgs.models import Organization

# Years a form accepts (the service narrows a run to DATE_MIN's year .. this year).
YEAR_MIN, YEAR_MAX = org_rules.DATE_MIN.year, 9999
STAR_CHOICES = [("", "—"), *((n, "★" * n) for n in range(rules.STARS_MAX, 0, -1))]


class FilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    stars = forms.TypedChoiceField(
        label=_("Stars"), choices=STAR_CHOICES, coerce=int, required=False, empty_value=None
    )
    org = forms.TypedChoiceField(
        label=_("Organization"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, orgs: list[Organization], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.orgs = {org.pk: org for org in orgs}
        self.fields["org"].choices = [("", "—"), *((org.pk, org.name) for org in orgs)]


class RunForm(StyledFormMixin, forms.Form):
    issuer = forms.ModelChoiceField(label=_("Rated by"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=YEAR_MIN, max_value=YEAR_MAX)

    def __init__(self, *args, issuers, **kwargs) -> None:
        kwargs.setdefault("auto_id", "run_%s")  # beside the filters' own "year" on one page
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuers


class CriteriaForm(StyledFormMixin, forms.Form):
    """The lowest score of each star count (blank: that count has no threshold)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for stars in range(rules.STARS_MAX, rules.FLOOR_STARS, -1):
            self.fields[f"min_{stars}"] = forms.DecimalField(
                label=_("Lowest score for %(stars)s stars") % {"stars": stars},
                required=False,
                max_digits=6,
                decimal_places=3,  # the service says "one decimal" itself
            )

    def thresholds(self) -> list[dict]:
        return [
            {"stars": stars, "min_score": f"{self.cleaned_data[f'min_{stars}']:f}"}
            for stars in range(rules.STARS_MAX, rules.FLOOR_STARS, -1)
            if self.cleaned_data.get(f"min_{stars}") is not None
        ]

    @staticmethod
    def initial_for(thresholds: list[dict]) -> dict:
        return {f"min_{row['stars']}": row["min_score"] for row in thresholds}


class VetoForm(StyledFormMixin, forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    when = forms.ChoiceField(
        label=_("Applies when"),
        required=False,
        choices=[
            (rules.WHEN_RATIO_BELOW, _("its ratio is below")),
            (rules.WHEN_COUNT_ABOVE, _("its count is above")),
        ],
    )
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=8, decimal_places=3)
    effect = forms.ChoiceField(
        label=_("Effect"),
        required=False,
        choices=[
            (rules.EFFECT_MAX, _("at most this many stars")),
            (rules.EFFECT_MINUS, _("this many stars fewer")),
        ],
    )
    stars = forms.IntegerField(label=_("Stars"), required=False, min_value=0, max_value=9)
    label = forms.CharField(label=_("Reason shown"), required=False, max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Names only (the code is the option's value, for the API and the service's messages).
        codes = sorted(registered().items())
        self.fields["indicator"].choices = [("", "—"), *((code, item.name) for code, item in codes)]

    def veto(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("indicator"):
            return None
        value = data.get("value")
        return {
            "indicator": data["indicator"],
            "when": data.get("when"),
            "value": "" if value is None else f"{value:f}",
            "effect": data.get("effect"),
            "stars": data.get("stars"),
            "label": data.get("label", ""),
        }


VetoFormSet = forms.formset_factory(VetoForm, extra=0, max_num=rules.VETOES_MAX, absolute_max=20)


def veto_formset(data, vetoes: list[dict]):
    initial = list(vetoes) + [{}] * max(0, rules.VETOES_MAX - len(vetoes))
    return VetoFormSet(data, initial=initial[: rules.VETOES_MAX], prefix="veto")
