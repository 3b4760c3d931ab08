"""Report numbers (编号) and verification codes printed on the 简洁报告 PDF.

Anyone holding a printed report can confirm it on the public verification page with its
number and code; the page shows the figures and the date, nothing of the text. The code is
an HMAC of the check's id under SECRET_KEY (Django's salted_hmac), so knowing how numbers
are made does not give the code of another report: 10 base-32 characters, 50 bits.
"""

from __future__ import annotations

import base64
import hmac
import re

from django.utils import timezone
from django.utils.crypto import salted_hmac

from dangjian.originality.models import Check

SALT = "dangjian.originality.report-verification"
CODE_CHARS = 10
NUMBER = re.compile(r"^DJ(\d{8})-(\d{1,12})$")


def report_number(check: Check) -> str:
    return f"DJ{timezone.localtime(check.created_at):%Y%m%d}-{check.pk:06d}"


def verification_code(check: Check) -> str:
    digest = salted_hmac(SALT, str(check.pk), algorithm="sha256").digest()
    code = base64.b32encode(digest).decode()[:CODE_CHARS]
    return f"{code[:5]}-{code[5:]}"


def _clean_code(code: str) -> str:
    return re.sub(r"[^A-Z2-7]", "", code.upper())


def verified_check(number: str, code: str) -> Check | None:
    """The finished check behind a report number and code, or None when they do not match."""
    found = NUMBER.match(number.strip().upper())
    if not found:
        return None
    check = (
        Check.objects.unscoped("a report's number and code prove it; only figures are shown")
        .filter(pk=int(found.group(2)), status=Check.Status.DONE)
        .first()
    )
    if check is None or report_number(check) != number.strip().upper():
        return None
    expected = _clean_code(verification_code(check))
    if not hmac.compare_digest(expected, _clean_code(code)):
        return None
    return check
