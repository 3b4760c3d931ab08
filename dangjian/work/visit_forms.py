"""Forms of village contact and visits: the phone's quick visit form (the cadre's assigned
organizations as big buttons, purpose chips), and the assignment forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import DATE_WIDGET, StyledFormMixin
from dangjian.orgs.models import Organization, Person
from dangjian.work import rules_visit as rules

CHOOSE_ORG = _("Choose the organization visited.")
NO_VISITORS = _(
    "No cadre is assigned to your organizations today: add a contact assignment first (the "
    "cadres named there are offered here)."
)


class VisitForm(StyledFormMixin, forms.Form):
    """`org` is one of the assigned organizations (buttons), `other_org` any other one the
    user manages (a list); the visitor is asked only of those who record for others."""

    org = forms.TypedChoiceField(
        label=_("My contact organizations"),
        coerce=int,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    other_org = forms.TypedChoiceField(
        label=_("Organization visited"), coerce=int, required=False, empty_value=None
    )
    visitor = forms.TypedChoiceField(label=_("Visitor"), coerce=int, required=False)
    visited_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    chips = forms.MultipleChoiceField(
        label=_("Purpose"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "btn-check"}),
    )
    purpose_text = forms.CharField(label=_("Other purpose"), max_length=120, required=False)
    findings = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    solved = forms.CharField(
        label=_("Problems solved"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_ups = forms.CharField(
        label=_("Follow-ups"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args,
        assigned: list[Organization],
        others: list[Organization],
        visitors: list[Person] | None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Buttons and chips keep Bootstrap's btn-check, not the mixin's form-control.
        self.fields["org"].widget.attrs["class"] = "btn-check"
        self.fields["chips"].widget.attrs["class"] = "btn-check"
        self.fields["org"].choices = [(org.pk, org.name) for org in assigned]
        self.fields["other_org"].choices = [("", "—"), *((o.pk, o.name) for o in others)]
        self.fields["chips"].choices = list(rules.PURPOSES)
        if not assigned:
            del self.fields["org"]
        if not others:
            del self.fields["other_org"]
        self.asks_visitor = visitors is not None
        if visitors is None:
            del self.fields["visitor"]
        else:
            self.fields["visitor"].choices = [(p.pk, p.name) for p in visitors]
            self.fields["visitor"].required = True
            if not visitors:
                self.fields["visitor"].help_text = NO_VISITORS

    def clean(self):
        data = super().clean()
        chosen = data.get("other_org") or data.get("org")
        if not chosen:
            field = "org" if "org" in self.fields else "other_org"
            if field in self.fields:
                self.add_error(field, CHOOSE_ORG)
            else:
                self.add_error(None, CHOOSE_ORG)
        data["chosen_org"] = chosen
        labels = dict(rules.PURPOSES)
        parts = [str(labels[key]) for key in data.get("chips", [])]
        parts.append(data.get("purpose_text", "").strip())
        data["purpose"] = "、".join(part for part in parts if part)
        return data

    def more_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("findings", "solved", "follow_ups")]


class AssignmentForm(StyledFormMixin, forms.Form):
    org = forms.TypedChoiceField(label=_("Grassroots organization"), coerce=int)
    cadre = forms.TypedChoiceField(
        label=_("Contact cadre"), coerce=int, required=False, empty_value=None
    )
    started_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)

    def __init__(self, *args, orgs: list[Organization], cadres: list[Person], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.pk, o.name) for o in orgs]
        self.fields["cadre"].choices = [
            ("", _("The unit as a whole")),
            *((p.pk, f"{p.name} {p.cadre_position}".strip()) for p in cadres),
        ]


class UnitForm(StyledFormMixin, forms.Form):
    """Step one of a new assignment, a GET: the unit (its people are the cadres offered)."""

    unit = forms.TypedChoiceField(label=_("Contact unit"), coerce=int)

    def __init__(self, *args, units: list[Organization], **kwargs) -> None:
        kwargs.setdefault("auto_id", "unit_%s")
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class EndForm(StyledFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("Last day"), widget=DATE_WIDGET)
