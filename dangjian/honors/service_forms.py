"""Forms of 党员百时奉献 pages; the services check every rule again (and the API's payloads
go straight to them)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.honors import rules_service as rules
from dangjian.lib.forms import DATE_WIDGET, StyledFormMixin
from dangjian.lib.images import EXTENSIONS

TIME_WIDGET = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
MOMENT_WIDGET = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


class ReportForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DATE_WIDGET)
    start = forms.TimeField(label=_("from"), widget=TIME_WIDGET)
    end = forms.TimeField(label=_("until"), widget=TIME_WIDGET)
    activity = forms.CharField(
        label=_("service"),
        max_length=rules.ACTIVITY_TEXT_MAX,
        help_text=_("What you did, e.g. 清扫村道, 为独居老人代购药品."),
    )
    beneficiary = forms.CharField(
        label=_("served"), max_length=rules.BENEFICIARY_MAX, required=False
    )
    evidence = forms.FileField(
        label=_("evidence photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )


class VerifyForm(StyledFormMixin, forms.Form):
    """核实 — verify or reject a record; a verified record may only be rejected (corrected),
    so it is offered "rejected" alone. A field in error is marked `is-invalid`, so that the
    page shows which field a refusal is about (also when the service refused it)."""

    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("verified", _("verified")), ("rejected", pgettext_lazy("service", "rejected"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("reason"),
        max_length=rules.REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the record is rejected."),
    )

    def __init__(self, *args, status: str = "pending", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        # Radios are check inputs: "form-control" (the mixin's default) draws them as bars.
        decision.widget.attrs["class"] = "form-check-input"
        if status == "verified":
            decision.choices = [c for c in decision.choices if c[0] == "rejected"]

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css = widget.attrs.get("class", "")
                if "is-invalid" not in css.split():
                    widget.attrs["class"] = f"{css} is-invalid".strip()


class ActivityForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("activity"), max_length=rules.TITLE_MAX)
    place = forms.CharField(label=_("place"), max_length=rules.PLACE_MAX)
    starts_at = forms.DateTimeField(label=_("starts at"), widget=MOMENT_WIDGET)
    ends_at = forms.DateTimeField(label=_("ends at"), widget=MOMENT_WIDGET)
    capacity = forms.IntegerField(
        label=_("places"),
        required=False,
        min_value=1,
        max_value=rules.CAPACITY_MAX,
        help_text=_("Empty: no limit."),
    )
    description = forms.CharField(
        label=_("description"),
        max_length=rules.DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
