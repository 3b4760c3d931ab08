"""Forms of 干部讲课."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.orgs.models import Person
from dangjian.study import rules
from dangjian.study.models import Lecture


class LectureForm(StyledFormMixin, forms.ModelForm):
    lecturer = forms.ModelChoiceField(label=_("lecturer"), queryset=Person.objects.none())

    class Meta:
        model = Lecture
        fields = ["lecturer", "title", "starts_at", "place", "notes", "status"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "notes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, lecturers=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if lecturers is None:
            del self.fields["lecturer"]
        else:
            self.fields["lecturer"].queryset = lecturers


class QuestionForm(StyledFormMixin, forms.Form):
    question = forms.CharField(label=_("question"), widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 2}))


class RatingForm(StyledFormMixin, forms.Form):
    score = forms.TypedChoiceField(
        label=_("rating"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(rules.LECTURE_RATING_MAX, 0, -1)],
    )
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)
