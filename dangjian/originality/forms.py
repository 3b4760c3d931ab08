"""The reviewer's check form: paste a text or upload a .txt / .docx file."""

from __future__ import annotations

import codecs
from dataclasses import asdict
from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dangjian.lib.docx import DocxError, DocxLimits, DocxText, DocxTooLarge, docx_read
from dangjian.lib.forms import StyledFormMixin
from dangjian.lib.http import whole_number
from dangjian.orgs.forms import OrgChoiceField
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action
from dangjian.orgs.selectors import org_choices, person_queryset
from dangjian.originality import rules
from textreuse.loaders import InputError, decode_bytes

MESSAGES = {
    "both": _("Paste a text or upload a file, not both."),
    "neither": _("Paste a text or upload a file."),
    "type": _("Only .txt and .docx files can be checked; “%(name)s” is neither."),
    "size": _("The file is %(size)s; the limit is %(limit)s."),
    "binary": _("“%(name)s” is not a text file (it contains binary data)."),
    "undecodable": _("“%(name)s” is neither UTF-8 nor GB18030 text."),
    "not_docx": _("“%(name)s” is not a Word .docx document (it is not a .docx package)."),
    "docx_size": _("“%(name)s” unpacks to more than %(limit)s; it cannot be checked."),
    "docx_paragraphs": _("“%(name)s” has more than %(limit)s paragraphs; it cannot be checked."),
    "docx_chars": _(
        "“%(name)s” has more than %(limit)s characters of text; at most %(limit)s can be checked."
    ),
}

DOCX_LIMITS = DocxLimits(
    max_unpacked_bytes=rules.DOCX_MAX_UNPACKED_BYTES,
    max_paragraphs=rules.DOCX_MAX_PARAGRAPHS,
    max_chars=rules.MAX_TEXT_CHARS,
)
# Text files that say their encoding: a byte-order mark of UTF-8 or UTF-16 (Windows Notepad
# saves "Unicode" as UTF-16 LE with a BOM; its NUL bytes are not binary data).
TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def text_from_upload(upload) -> str:
    """The text of an uploaded .txt or .docx; forms.ValidationError with the reason otherwise."""
    return read_upload(upload).text


def read_upload(upload) -> DocxText:
    """The text of an uploaded .txt or .docx and, for a .docx, where its parts are
    (tables, text boxes, headers, notes); forms.ValidationError as text_from_upload."""
    name = upload.name
    suffix = Path(name).suffix.lower()
    if suffix not in rules.UPLOAD_EXTENSIONS:
        raise forms.ValidationError(MESSAGES["type"], params={"name": name})
    if upload.size > rules.MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            MESSAGES["size"],
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(rules.MAX_UPLOAD_BYTES),
            },
        )
    data = upload.read()
    if suffix == ".docx":
        return _docx_read(data, name)
    if b"\x00" in data and not data.startswith(TEXT_BOMS):
        raise forms.ValidationError(MESSAGES["binary"], params={"name": name})
    try:
        text = decode_bytes(data, name)
    except InputError:
        raise forms.ValidationError(MESSAGES["undecodable"], params={"name": name}) from None
    if "\x00" in text:
        raise forms.ValidationError(MESSAGES["binary"], params={"name": name})
    return DocxText(text, [])


def _docx_read(data: bytes, name: str) -> DocxText:
    """The document's text, streamed within DOCX_LIMITS (dangjian.lib.docx)."""
    try:
        return docx_read(data, DOCX_LIMITS)
    except DocxTooLarge as too_large:
        limit = (
            filesizeformat(too_large.maximum)
            if too_large.limit == "size"
            else f"{too_large.maximum:,}"
        )
        raise forms.ValidationError(
            MESSAGES[f"docx_{too_large.limit}"], params={"name": name, "limit": limit}
        ) from None
    except DocxError:
        raise forms.ValidationError(MESSAGES["not_docx"], params={"name": name}) from None


class AuthorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} · {obj.primary_org.name}"


class CheckForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    org = OrgChoiceField(label=_("Organization"), queryset=Organization.objects.none())
    author = AuthorChoiceField(
        label=_("Author (送检人)"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— not given —"),
        help_text=_(
            "A person of the organization above; their earlier texts then count as their own "
            "(去除本人文献复制比)."
        ),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("At most 200,000 characters."),
    )
    file = forms.FileField(label=_("Or upload a file (.txt or .docx)"), required=False)

    def __init__(self, *args, user: User, org_hint: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        orgs = org_choices(user, Action.VIEW)
        self.fields["org"].queryset = orgs
        chosen = self.data.get("org") if self.is_bound else org_hint
        chosen = whole_number(str(chosen or ""))
        org = orgs.filter(pk=chosen).first() if chosen is not None else None
        org = org or orgs.order_by("depth", "path").first()
        if org is not None:
            self.fields["org"].initial = org.pk
        # The author is chosen among the people of the chosen organization's subtree; the
        # list follows the organization when it changes (htmx asks this page again).
        self.fields["author"].queryset = (
            person_queryset(user)
            .filter(is_active=True, primary_org__path__startswith=org.path)
            .select_related("primary_org")
            .order_by("name", "pk")
            if org is not None
            else Person.objects.none()
        )
        self.fields["org"].widget.attrs.update(
            {
                "hx-get": reverse("originality:check-new"),
                "hx-trigger": "change",
                "hx-target": "#id_author",
                "hx-select": "#id_author",
                "hx-swap": "outerHTML",
            }
        )

    def clean(self):
        data = super().clean()
        text, upload = data.get("text", ""), data.get("file")
        if upload and text and text.strip():
            raise forms.ValidationError(MESSAGES["both"])
        if upload:
            try:
                read = read_upload(upload)
            except forms.ValidationError as error:
                self.add_error("file", error)
            else:
                data["text"] = read.text
                data["parts"] = [asdict(part) for part in read.parts]
            data["filename"] = upload.name
        elif not (text and text.strip()):
            raise forms.ValidationError(MESSAGES["neither"])
        return data
