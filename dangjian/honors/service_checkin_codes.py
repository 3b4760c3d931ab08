"""签到码 — the check-in QR code of a 志愿服务活动: a signed code naming the activity, valid for
rules_service.CHECKIN_CODE_MAX_AGE from the moment the organiser's screen drew it, as the
study sessions' sign-in code (dangjian/study/sessions_services.py). An activity has no
static code: only the screen at the place hands out codes, so a link sent home stops working
within minutes and a printed code does not work at all.
"""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from dangjian.honors import rules_service as rules
from dangjian.honors.models import ServiceActivity

# Its own salt: a study session's sign-in code is never an activity's check-in code.
SALT = "dangjian.honors.service-checkin"

ERRORS = {
    "expired": gettext_lazy(
        "This check-in code has expired (a code works for %(minutes)s minutes): scan the code "
        "shown at the place now."
    ),
    "forged": gettext_lazy(
        "This is not a valid check-in code: scan the code shown on the organiser's screen at "
        "the place."
    ),
}


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def checkin_code(activity: ServiceActivity) -> str:
    """A fresh code for `activity`, stamped with the current time."""
    return _signer().sign(str(activity.pk))


def activity_pk_of(code: str) -> int:
    """The activity a scanned code names; an expired, altered or made-up code is refused
    (ValidationError saying which)."""
    try:
        value = _signer().unsign(code or "", max_age=rules.CHECKIN_CODE_MAX_AGE)
    except signing.SignatureExpired:
        minutes = int(rules.CHECKIN_CODE_MAX_AGE.total_seconds() // 60)
        raise ValidationError(
            ERRORS["expired"], code="expired", params={"minutes": minutes}
        ) from None
    except signing.BadSignature:
        raise ValidationError(ERRORS["forged"], code="forged") from None
    return int(value)
