"""Forms of the target part: a month's items as repeated rows (a formset, rows added with a
button, no script needed), the supervisor's marks, the bulletin request."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_target as rules
from dangjian.assess.models import TargetItem
from dangjian.lib.forms import StyledFormMixin


class ItemRowForm(StyledFormMixin, forms.Form):
    goal = forms.CharField(
        label=_("Goal"),
        required=False,
        max_length=rules.GOAL_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    measures = forms.CharField(
        label=_("Measures"),
        required=False,
        max_length=rules.MEASURES_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


ItemFormSet = forms.formset_factory(
    ItemRowForm, extra=0, max_num=rules.ITEMS_MAX, validate_max=True, absolute_max=rules.ITEMS_MAX
)


def item_rows(formset) -> list[dict]:
    """The filled rows, in the order given (a row left empty is skipped)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        goal, measures = (data.get("goal") or "").strip(), (data.get("measures") or "").strip()
        if goal or measures:
            rows.append({"goal": goal, "measures": measures})
    return rows


class MarkRowForm(StyledFormMixin, forms.Form):
    mark = forms.ChoiceField(
        label=_("Supervision"),
        required=False,
        choices=[("", _("not marked yet")), *TargetItem.Mark.choices],
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=rules.NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


MarkFormSet = forms.formset_factory(MarkRowForm, extra=0, max_num=rules.ITEMS_MAX)


class BulletinRequestForm(StyledFormMixin, forms.Form):
    org = forms.TypedChoiceField(label=_("Issued by"), coerce=int)
    month = forms.CharField(
        label=_("Month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )
    highlights = forms.CharField(
        label=_("Highlights"),
        required=False,
        max_length=rules.BULLETIN_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Empty: the committees on time whose every target was carried out."),
    )
    problems = forms.CharField(
        label=_("Problems"),
        required=False,
        max_length=rules.BULLETIN_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The targets marked 未落实 are listed after this text, by committee."),
    )

    def __init__(self, *args, orgs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(org.pk, org.name) for org in orgs]
