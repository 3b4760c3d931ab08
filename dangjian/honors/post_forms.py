"""Forms of 设岗定责 / 党员示范岗: a post, and its holder."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dangjian.honors import rules_post as rules
from dangjian.lib.forms import DATE_WIDGET, StyledFormMixin


class PostForm(StyledFormMixin, forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("post", "Post"),
        max_length=rules.TITLE_MAX_CHARS,
        help_text=_("e.g. 政策宣传岗"),
    )
    duties = forms.CharField(
        label=_("Duties"),
        max_length=rules.DUTIES_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    demonstration = forms.BooleanField(
        label=_("Demonstration post (党员示范岗): shown on the organization's public page"),
        required=False,
    )


class PostEditForm(PostForm):
    active = forms.BooleanField(label=_("In use"), required=False)


class HolderForm(StyledFormMixin, forms.Form):
    person = forms.TypedChoiceField(
        label=_("Held by"), coerce=int, required=False, empty_value=None
    )
    since = forms.DateField(
        label=_("Held since"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Today when left empty."),
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        self.fields["person"].choices = [
            ("", _("Vacant")),
            *(
                (person.pk, f"{person.name} · {person.primary_org.name}")
                for person in self.people.values()
            ),
        ]

    def holder(self):
        return self.people.get(self.cleaned_data["person"])


class PostCreateForm(PostForm, HolderForm):
    pass
