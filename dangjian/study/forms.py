"""Forms of the study system: writing a note, reviewing one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import StyledFormMixin
from dangjian.originality.forms import text_from_upload
from dangjian.study import rules
from dangjian.study.models import Note, NoteReview, Reading

MESSAGES = {
    "both": _("Write the text or upload a file, not both."),
}


class TextOrUploadMixin:
    """A text field or an uploaded .txt/.docx (`file`), not both: the file's text, read within
    the originality check's upload bounds, becomes the field's value."""

    text_field = "body"

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if (data.get(self.text_field) or "").strip():
                raise forms.ValidationError(MESSAGES["both"])
            try:
                data[self.text_field] = text_from_upload(upload)
            except forms.ValidationError as error:
                self.add_error("file", error)
        return data


class NoteForm(TextOrUploadMixin, StyledFormMixin, forms.Form):
    """The note editor; the text area autosaves (static/js/dangjian.js) while one writes."""

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Note.Kind.choices, initial=Note.Kind.NOTE)
    reading = forms.ModelChoiceField(
        label=_("Reading"), queryset=Reading.objects.none(), required=False
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "data-char-count": "#note-char-count"}),
        help_text=_(
            "Counted: Chinese characters, letters and digits; punctuation and spaces are not."
        ),
    )
    file = forms.FileField(label=_("Or upload a file (.txt or .docx)"), required=False)
    # The study trip (or other event) a reflection is written on, carried from ?event=.
    event = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, readings=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if readings is not None:
            self.fields["reading"].queryset = readings
        self.fields["body"].widget.attrs["maxlength"] = rules.NOTE_MAX_CHARS


class AutosaveForm(forms.Form):
    """What the editor sends while one writes: title and text only."""

    title = forms.CharField(max_length=200)
    body = forms.CharField(required=False, strip=False)


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=NoteReview.Decision.choices)
    grade = forms.ChoiceField(
        label=_("Grade"), choices=[("", "—"), *Note.Grade.choices], required=False
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
