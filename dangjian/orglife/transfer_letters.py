"""介绍信 — the introduction letter of a transfer as a Word document, in the usual two parts:
the letter the person carries and the receipt (回执) the receiving organization sends back.

python-docx (`dangjian/lib/docx_write.py` writes the house tables the same way): a branch
prints it without a template file to keep in step with the regulations' wording.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from dangjian.orglife.models import Transfer


def letter_filename(transfer: Transfer) -> str:
    return _("Introduction letter %(number)s.docx") % {"number": transfer.letter_number}


def letter_document(transfer: Transfer) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    person = transfer.person
    values = {
        "number": transfer.letter_number,
        "person": person.name,
        "gender": person.get_gender_display(),
        "status": person.get_party_status_display(),
        "from": transfer.from_name,
        "to": transfer.to_name,
        "days": transfer.valid_days,
        "issued": transfer.issued_on.isoformat(),
        "until": transfer.valid_until.isoformat(),
    }
    document = Document()
    title = document.add_heading(_("Introduction letter of Party membership relation"), level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(_("No. %(number)s") % values).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(_("To: %(to)s") % values)
    document.add_paragraph(
        _(
            "Comrade %(person)s (%(gender)s, %(status)s) transfers the Party membership "
            "relation from %(from)s to you. Please receive."
        )
        % values
    )
    if transfer.reason:
        document.add_paragraph(_("Reason: %(reason)s") % {"reason": transfer.reason})
    document.add_paragraph(_("Valid for %(days)s days, until %(until)s.") % values)
    signed = document.add_paragraph(_("%(from)s (seal)") % values)
    signed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(values["issued"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("-" * 60)
    document.add_heading(_("Receipt"), level=2)
    document.add_paragraph(_("To: %(from)s") % values)
    document.add_paragraph(
        _(
            "The Party membership relation of comrade %(person)s (letter %(number)s) has been "
            "received."
        )
        % values
    )
    document.add_paragraph(_("Receiving organization (seal):            Date:"))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
