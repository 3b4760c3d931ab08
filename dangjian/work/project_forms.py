"""Forms of key projects: the project with its milestones as repeated rows (a formset), the
phone-friendly progress report, and the finish confirmation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import DATE_WIDGET, MultipleFileField, StyledFormMixin
from dangjian.work import rules_project as rules
from dangjian.work.models import ProjectMilestone
from dangjian.work.rules import EVIDENCE


class ProjectForm(StyledFormMixin, forms.Form):
    """The project itself; the organization is chosen on create only."""

    org = forms.TypedChoiceField(label=_("Organization"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2999)
    title = forms.CharField(label=_("Project"), max_length=200)
    responsible = forms.TypedChoiceField(label=_("Responsible cadre"), coerce=int)
    statement = forms.CharField(
        label=_("Target-responsibility statement"), widget=forms.Textarea(attrs={"rows": 4})
    )
    item = forms.TypedChoiceField(
        label=_("Plan item carried out"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, orgs=None, people=(), items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if orgs is None:
            del self.fields["org"]
        else:
            self.fields["org"].choices = [(o.pk, f"{o.code} {o.name}") for o in orgs]
        self.people = {person.pk: person for person in people}
        self.fields["responsible"].choices = [
            ("", "—"),
            *((p.pk, f"{p.name}（{p.primary_org.name}）") for p in people),
        ]
        self.items = {item.pk: item for item in items}
        self.fields["item"].choices = [
            ("", "—"),
            *((i.pk, f"{i.plan.year} {i.plan.org.name} {i.number}. {i.title}") for i in items),
        ]

    def project_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "year": data["year"],
            "title": data["title"],
            "statement": data["statement"],
            "responsible": self.people.get(data["responsible"]),
            "item": self.items.get(data["item"]) if data.get("item") else None,
        }


class MilestoneRowForm(StyledFormMixin, forms.Form):
    """One milestone row; an empty row is ignored, a ticked one removed."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    due_on = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    title = forms.CharField(label=_("Milestone"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        if bool(data.get("due_on")) != bool((data.get("title") or "").strip()):
            raise forms.ValidationError(_("Give both the date and the milestone, or neither."))
        return data


MilestoneFormSet = forms.formset_factory(
    MilestoneRowForm, extra=3, can_delete=True, max_num=rules.MILESTONES_MAX, validate_max=True
)


def milestone_rows(formset) -> list[tuple[int | None, object, str]]:
    """(id, date, title) of the filled, kept rows, in the order given."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE") or not data.get("due_on"):
            continue
        rows.append((data.get("id"), data["due_on"], data["title"]))
    return rows


class ReportForm(StyledFormMixin, forms.Form):
    """A progress report, one column (phone first)."""

    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 5}))
    milestone = forms.TypedChoiceField(
        label=_("Milestone met"), coerce=int, required=False, empty_value=None
    )
    files = MultipleFileField(label=_("Evidence files"), required=False, accept=EVIDENCE.extensions)

    def __init__(self, *args, milestones: list[ProjectMilestone], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.milestones = {row.pk: row for row in milestones if row.met_on is None}
        self.fields["milestone"].choices = [
            ("", _("None: progress only")),
            *((row.pk, f"{row.due_on:%Y-%m-%d} {row.title}") for row in self.milestones.values()),
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "milestone": self.milestones.get(data["milestone"]) if data["milestone"] else None,
            "files": data.get("files") or [],
        }
