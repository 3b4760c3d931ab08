"""Forms of 评先树优: a round, a nomination, the review, an objection (public), its answer,
the decision, the ledger's filters. The services validate again; forms only shape input."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.honors import rules_exemplar as rules
from dangjian.honors.models import ExemplarCategory, ExemplarRound, Nomination, Objection
from dangjian.lib import months
from dangjian.lib.forms import MultipleFileField, StyledFormMixin

HONEYPOT = "website"
BAD_MONTH = _("Write the month as YYYY-MM, for example 2026-11.")


def parse_period(text: str) -> datetime.date | None:
    """YYYY-MM → its first day; YYYY → 1 January; None for anything else."""
    text = (text or "").strip()
    if len(text) == 4 and text.isdigit() and rules.YEAR_MIN <= int(text) <= rules.YEAR_MAX:
        return datetime.date(int(text), 1, 1)
    return months.parse_month(text, years=(rules.YEAR_MIN, rules.YEAR_MAX))


def radios_as_checks(form: forms.Form) -> None:
    """Radio buttons styled as Bootstrap checks: StyledFormMixin gives every non-select
    widget `form-control`, which draws a radio as a thin bar."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["class"] = "form-check-input"


class RoundForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("Committee"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExemplarRound.Kind.choices)
    period = forms.CharField(
        label=_("Month or year"),
        max_length=7,
        help_text=_("YYYY-MM for a monthly round, YYYY for 两优一先."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=rules.TITLE_MAX_CHARS,
        required=False,
        help_text=_("Left empty: the usual title of the kind and period."),
    )
    notice_days = forms.IntegerField(
        label=_("Notice working days"),
        min_value=rules.NOTICE_DAYS_MIN,
        max_value=rules.NOTICE_DAYS_MAX,
        initial=rules.NOTICE_WORKING_DAYS,
    )

    def __init__(self, *args, committees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = committees

    def clean_period(self) -> datetime.date:
        period = parse_period(self.cleaned_data["period"])
        if period is None:
            raise forms.ValidationError(BAD_MONTH)
        return period


class NominationForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("Nominated by"), queryset=None, empty_label=None)
    category = forms.ChoiceField(label=_("Category"))
    nominee_org = forms.ModelChoiceField(
        label=_("Organization nominated"), queryset=None, required=False
    )
    nominee_person = forms.ModelChoiceField(
        label=_("Party member nominated"), queryset=None, required=False
    )
    summary = forms.CharField(label=_("One-line summary"), max_length=rules.SUMMARY_MAX_CHARS)
    deeds = forms.CharField(
        label=_("Deeds (事迹材料)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=rules.DEEDS_MAX_CHARS,
        help_text=_("At least %(min)s characters: what was done, when, with what result.")
        % {"min": rules.DEEDS_MIN_CHARS},
    )
    photos = MultipleFileField(label=_("Photos"), required=False, accept="image/*")
    documents = MultipleFileField(
        label=_("Documents (.pdf, .docx)"), required=False, accept=rules.DOCUMENT_EXTENSIONS
    )

    def __init__(self, *args, orgs, nominee_orgs, people, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["nominee_org"].queryset = nominee_orgs
        self.fields["nominee_person"].queryset = people
        self.fields["nominee_person"].label_from_instance = lambda p: (
            f"{p.name} · {p.primary_org.name}"
        )
        self.fields["category"].choices = [(c, ExemplarCategory(c).label) for c in categories]


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Pass into the public notice")), ("reject", _("Do not pass"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=rules.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        radios_as_checks(self)


class ObjectionForm(StyledFormMixin, forms.Form):
    nomination = forms.TypedChoiceField(label=_("Objection to"), coerce=int)
    body = forms.CharField(
        label=_("Your objection"),
        max_length=rules.OBJECTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("%(min)s to %(max)s characters: what is wrong, and how you know.")
        % {"min": rules.OBJECTION_MIN_CHARS, "max": rules.OBJECTION_MAX_CHARS},
    )
    name = forms.CharField(
        label=_("Your name (optional)"), max_length=rules.OBJECTION_NAME_MAX_CHARS, required=False
    )
    contact = forms.CharField(
        label=_("Phone or e-mail (optional)"),
        max_length=rules.OBJECTION_CONTACT_MAX_CHARS,
        required=False,
        help_text=_("Only for the committee, if you would like an answer; never shown here."),
    )
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args, nominations: list[Nomination], **kwargs) -> None:
        from dangjian.honors.exemplar_services import nominee_name

        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [
            (n.pk, f"{nominee_name(n)} · {n.get_category_display()}") for n in nominations
        ]


class AnswerForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("exemplar", "Outcome"),
        choices=[
            (Objection.Outcome.DISMISSED, Objection.Outcome.DISMISSED.label),
            (Objection.Outcome.UPHELD, Objection.Outcome.UPHELD.label),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Answer"),
        max_length=rules.ANSWER_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        radios_as_checks(self)


class DecideForm(StyledFormMixin, forms.Form):
    """One award/not-award choice and one note per nomination in notice."""

    def __init__(self, *args, nominations: list[Nomination], **kwargs) -> None:
        from dangjian.honors.exemplar_services import nominee_name

        super().__init__(*args, **kwargs)
        self.rows = []
        for nomination in nominations:
            choice, note = f"award_{nomination.pk}", f"note_{nomination.pk}"
            self.fields[choice] = forms.ChoiceField(
                label=f"{nominee_name(nomination)} · {nomination.get_category_display()}",
                choices=[("yes", _("Award")), ("no", _("Do not award"))],
                widget=forms.RadioSelect,
            )
            self.fields[note] = forms.CharField(
                label=_("Note"), required=False, max_length=rules.NOTE_MAX_CHARS
            )
            self.rows.append((nomination, self[choice], self[note]))
        radios_as_checks(self)

    def decisions(self) -> list:
        from dangjian.honors.exemplar_decision_services import Decision

        return [
            Decision(
                nomination=nomination.pk,
                award=self.cleaned_data[f"award_{nomination.pk}"] == "yes",
                note=self.cleaned_data[f"note_{nomination.pk}"],
            )
            for nomination, _choice, _note in self.rows
        ]


class LedgerForm(StyledFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    category = forms.ChoiceField(label=_("Category"), required=False)
    org = forms.ModelChoiceField(label=_("Organization"), queryset=None, required=False)

    def __init__(self, *args, years: list[int], orgs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]
        self.fields["category"].choices = [("", _("All categories")), *ExemplarCategory.choices]
        self.fields["org"].queryset = orgs
