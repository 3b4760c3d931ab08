"""Forms of 群众评议: the public evaluation form (phone first), a unit's point, code
generation, moderation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_eval as rules
from dangjian.assess.eval_api import BAD_MONTH, parse_month
from dangjian.assess.models import EvaluationPoint
from dangjian.lib.forms import StyledFormMixin

OVERALL_CHOICES = [
    ("satisfied", _("Satisfied (满意)")),
    ("basic", _("Basically satisfied (基本满意)")),
    ("dissatisfied", _("Dissatisfied (不满意)")),
]
# The honeypot's name: a field people never see (hidden by CSS, skipped by the keyboard),
# that form-filling robots fill.
HONEYPOT = "website"


class PublicEvaluationForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code on your slip"),
        max_length=40,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    overall = forms.ChoiceField(
        label=_("Overall"), choices=OVERALL_CHOICES, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=rules.COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    contact = forms.CharField(
        label=_("Contact (optional)"),
        required=False,
        max_length=rules.CONTACT_MAX_CHARS,
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, code_mode: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if code_mode:
            self.fields["code"].required = True
        else:
            del self.fields["code"]
        for key, label in rules.DIMENSIONS.items():
            self.fields[f"dim_{key}"] = forms.ChoiceField(
                label=label,
                choices=OVERALL_CHOICES,
                required=False,
                widget=forms.RadioSelect,
            )

    def dimension_fields(self):
        return [self[f"dim_{key}"] for key in rules.DIMENSIONS]

    def dimensions(self) -> dict:
        data = self.cleaned_data
        return {key: data[f"dim_{key}"] for key in rules.DIMENSIONS if data.get(f"dim_{key}")}


class PointForm(StyledFormMixin, forms.Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=EvaluationPoint.Mode.choices)
    is_open = forms.BooleanField(label=_("Accepting evaluations"), required=False)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=rules.INTRO_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CodesForm(StyledFormMixin, forms.Form):
    count = forms.IntegerField(
        label=_("Number of codes"), min_value=1, max_value=rules.MAX_CODES_PER_REQUEST
    )
    period = forms.CharField(
        label=_("Month"),
        max_length=7,
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
    )

    def clean_period(self):
        month = parse_month(self.cleaned_data["period"].strip())
        if month is None:
            raise forms.ValidationError(BAD_MONTH, code="invalid")
        return month


class ModerateForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Show")), ("reject", _("Do not show"))])
