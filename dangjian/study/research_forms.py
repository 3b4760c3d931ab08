"""Forms of 调研: a topic, a decision, an article, a reviewer's rubric scores."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.study import rules
from dangjian.study.forms import TextOrUploadMixin


class TopicForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("plan of the research"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionForm(StyledFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda value: value == "1",
    )
    decision_comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ArticleForm(TextOrUploadMixin, StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    file = forms.FileField(label=_("Or upload a file (.txt or .docx)"), required=False)


class ScoreForm(StyledFormMixin, forms.Form):
    """One integer field per rubric part (rules.RESEARCH_RUBRIC), then a comment."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, label, maximum in rules.RESEARCH_RUBRIC:
            self.fields[key] = forms.IntegerField(
                label=f"{label}（0–{maximum}）", min_value=0, max_value=maximum
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
        # StyledFormMixin styled the fields present at its __init__; style the new ones too.
        for name in [key for key, _l, _m in rules.RESEARCH_RUBRIC] + ["comment"]:
            self.fields[name].widget.attrs["class"] = "form-control"
