"""Forms of the meeting ledger: the phone's quick entry (one column) and the edit page share
one form; attendance is one field per member, defaulting to present."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import MultipleFileField, StyledFormMixin
from dangjian.orglife.models import MeetingAttendance, MeetingKind
from dangjian.orgs.models import Person

NOT_LISTED = ""


class MeetingForm(StyledFormMixin, forms.Form):
    """The meeting and its attendance (`status_<person id>`, `reason_<person id>`)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    host = forms.TypedChoiceField(label=_("Host"), coerce=int, required=False, empty_value=None)
    lecturer = forms.CharField(
        label=_("Lecturer"),
        max_length=60,
        required=False,
        help_text=_("Required for a party lecture."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    files = MultipleFileField(
        label=_("Records and photos"), required=False, accept="image/*,.pdf,.doc,.docx"
    )

    def __init__(self, *args, people: list[Person], all_expected: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        self.fields["host"].choices = [("", "—"), *((p.pk, p.name) for p in people)]
        initial = kwargs.get("initial") or {}
        marks = initial.get("attendance", {})
        choices = list(MeetingAttendance.Status.choices)
        if not all_expected:
            # Only those listed are expected (支委会; a group falling back to its branch).
            choices.append((NOT_LISTED, _("Not on the list")))
        for person in people:
            status, reason = marks.get(person.pk, (MeetingAttendance.Status.PRESENT, ""))
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=person.name,
                choices=choices,
                required=False,
                initial=status,
                widget=forms.RadioSelect,
            )
            self.fields[f"reason_{person.pk}"] = forms.CharField(
                label=_("Reason for leave"), max_length=200, required=False, initial=reason
            )

    def lines(self) -> list[tuple[Person, forms.BoundField, forms.BoundField]]:
        return [(p, self[f"status_{p.pk}"], self[f"reason_{p.pk}"]) for p in self.people]

    # The phone's quick entry shows these first, then the attendance; the rest folds away.
    MAIN = ("kind", "held_on", "topic", "lecturer")
    MORE = ("start_time", "place", "host", "agenda", "minutes")

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MAIN]

    def more_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MORE]

    def more_has_errors(self) -> bool:
        return any(self[name].errors for name in (*self.MORE, "files"))

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        attendance = [
            (p.pk, data[f"status_{p.pk}"], data[f"reason_{p.pk}"])
            for p in self.people
            if data.get(f"status_{p.pk}")
        ]
        host = next((p for p in self.people if p.pk == data.get("host")), None)
        names = ("kind", "held_on", "start_time", "topic", "place", "lecturer", "agenda")
        return {name: data[name] for name in (*names, "minutes")} | {
            "host": host,
            "attendance": attendance,
            "files": data.get("files") or [],
        }


class EntryStartForm(StyledFormMixin, forms.Form):
    """Step one of the quick entry, a GET: which organization, kind and day (the member list
    depends on all three)."""

    org = forms.TypedChoiceField(label=_("Organization"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    held_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def __init__(self, *args, orgs, **kwargs) -> None:
        # Its own ids: the meeting form below has fields of the same names.
        kwargs.setdefault("auto_id", "start_%s")
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.pk, o.name) for o in orgs]
