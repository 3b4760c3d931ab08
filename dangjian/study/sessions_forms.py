"""Forms of study sessions: a schedule, a range to generate, a session's texts, and the
secretary's attendance list. Forms parse; the services decide."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.study import rules
from dangjian.study.models import Attendance, StudySession
from dangjian.study.models.sessions import SessionKind, Weekday


class ScheduleForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120)
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=Weekday.choices, coerce=int, initial=Weekday.FRIDAY
    )
    interval_weeks = forms.IntegerField(
        label=_("Every how many weeks"),
        min_value=1,
        max_value=rules.SESSION_MAX_INTERVAL_WEEKS,
        initial=rules.DEPARTMENT_STUDY_INTERVAL_WEEKS,
    )
    starts_on = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Last date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Time"),
        initial=datetime.time(14, 30),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=15,
        max_value=rules.SESSION_MAX_MINUTES,
        initial=rules.SESSION_DEFAULT_MINUTES,
    )
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    themes = forms.CharField(
        label=_("Theme of each month"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line a month, January first; a blank line leaves a month open."),
    )
    include_subtree = forms.BooleanField(label=_("The whole subtree attends"), required=False)

    def __init__(self, *args, orgs=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class GenerateForm(StyledFormMixin, forms.Form):
    # Shown once per schedule row, so labelled by aria-label rather than by id.
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date", "aria-label": _("From")})
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date", "aria-label": _("To")})
    )


class SessionForm(StyledFormMixin, forms.Form):
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    materials = forms.CharField(
        label=_("Materials"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Titles and links, one per line."),
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    @classmethod
    def initial_for(cls, session: StudySession) -> dict:
        return {name: getattr(session, name) for name in cls.base_fields}


STATUS_CHOICES = [
    (value, label)
    for value, label in Attendance.Status.choices
    if value != Attendance.Status.EXPECTED
]


class AttendanceForm(StyledFormMixin, forms.Form):
    """The whole list in one form: a status and a reason field per person
    (`status_<person id>`, `reason_<person id>`)."""

    def __init__(self, *args, rows: list[Attendance], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            initial = row.status if row.status != Attendance.Status.EXPECTED else ""
            self.fields[f"status_{row.person_id}"] = forms.ChoiceField(
                label=row.person.name,
                choices=[("", "—"), *STATUS_CHOICES],
                required=False,
                initial=initial,
            )
            self.fields[f"reason_{row.person_id}"] = forms.CharField(
                label=_("Reason"), max_length=200, required=False, initial=row.reason
            )

    def lines(self) -> list[tuple[Attendance, forms.BoundField, forms.BoundField]]:
        return [
            (row, self[f"status_{row.person_id}"], self[f"reason_{row.person_id}"])
            for row in self.rows
        ]

    def entries(self) -> dict[int, tuple[str, str]]:
        """person id → (status, reason) for the rows given a status; unset rows stay as they are."""
        data = self.cleaned_data
        return {
            row.person_id: (data[f"status_{row.person_id}"], data[f"reason_{row.person_id}"])
            for row in self.rows
            if data.get(f"status_{row.person_id}")
        }
