"""Bounds on a reviewer's checks: so many per hour, and no run of probing texts.

A report says that a text is copied from another organization's note even to a reviewer
who may not read that note; one township secretary rebuilt 24 characters of another
township's hidden note in about a minute, a character per check (issue 20). So checks are
counted per user and hour (settings.DANGJIAN_ORIGINALITY_CHECKS_PER_HOUR), and a run of
short, near-identical texts from one user — what that rebuilding looks like — is refused
and reported to the county administrators. Refusals are audited; nothing else is saved.
"""

from __future__ import annotations

import datetime
from difflib import SequenceMatcher

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action
from dangjian.orgs.services import audit_record
from dangjian.originality import rules
from dangjian.originality.models import Check, Submission
from textreuse import normalize

REFUSED = "originality.check.refused"
PROBE_ALERT = "originality.check.probe_alert"
MESSAGES = {
    "rate": _(
        "You have requested %(limit)s checks in the last hour, the most allowed. Try again "
        "later; nothing was saved."
    ),
    "probe": _(
        "This check is refused: you checked %(count)s short, nearly identical texts in the "
        "last %(minutes)s minutes, which looks like probing for another organization's "
        "texts. Nothing was saved, and the county organization department has been told."
    ),
}


class CheckRefused(PermissionDenied):
    """A check refused by these bounds; `reason` is "rate" or "probe"."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def checks_per_hour() -> int:
    return getattr(settings, "DANGJIAN_ORIGINALITY_CHECKS_PER_HOUR", rules.CHECKS_PER_HOUR)


def check_allowed(*, actor: User, org: Organization, text: str) -> None:
    """Raise CheckRefused (after auditing it, and for a probe alerting the county
    administrators) when `actor` may not check `text` now. Call it outside the transaction
    that files the check: the refusal is recorded whatever happens to that one."""
    now = timezone.now()
    limit = checks_per_hour()
    recent = (
        Check.objects.unscoped("an actor's own recent checks bound the next ones")
        .filter(requested_by=actor, created_at__gte=now - datetime.timedelta(hours=1))
        .count()
    )
    if recent >= limit:
        with transaction.atomic():
            audit_record(actor=actor, action=REFUSED, target=org, reason="rate", limit=limit)
        raise CheckRefused("rate", MESSAGES["rate"] % {"limit": limit})
    similar = _similar_short_texts(actor, text, now)
    if similar >= rules.PROBE_RUN:
        with transaction.atomic():
            audit_record(actor=actor, action=REFUSED, target=org, reason="probe", similar=similar)
            _probe_alert(actor=actor, org=org, similar=similar, now=now)
        raise CheckRefused(
            "probe",
            MESSAGES["probe"] % {"count": similar, "minutes": rules.PROBE_WINDOW_MINUTES},
        )


def _similar_short_texts(actor: User, text: str, now: datetime.datetime) -> int:
    """How many of the actor's texts of the last PROBE_WINDOW_MINUTES are short and
    nearly identical to `text` (0 when `text` itself is not short)."""
    mine = normalize(text).text
    if len(mine) > rules.PROBE_MAX_CHARS:
        return 0
    earlier = (
        Submission.objects.unscoped("an actor's own recent texts bound the next ones")
        .filter(
            submitted_by=actor,
            created_at__gte=now - datetime.timedelta(minutes=rules.PROBE_WINDOW_MINUTES),
        )
        .order_by("-created_at")
        .values_list("text", flat=True)[: rules.PROBE_LOOKBACK]
    )
    count = 0
    for other in earlier:
        theirs = normalize(other).text
        if len(theirs) <= rules.PROBE_MAX_CHARS and (
            SequenceMatcher(None, mine, theirs, autojunk=False).ratio() >= rules.PROBE_SIMILARITY
        ):
            count += 1
    return count


def _probe_alert(*, actor: User, org: Organization, similar: int, now: datetime.datetime) -> None:
    """Tell the county administrators (those reading the audit log of the organization the
    texts were filed under), once an hour per actor, as the ID-card probe alert does."""
    from dangjian.notices.services import notice_send
    from dangjian.orgs.selectors import users_reaching

    sent = notice_send(
        recipients=users_reaching(org.path, Action.AUDIT),
        subject=gettext("Possible probing of hidden texts by %(user)s")
        % {"user": actor.get_username()},
        body=gettext(
            "%(user)s checked %(count)s short, nearly identical texts within %(minutes)s "
            "minutes; the next one was refused. The audit log lists the checks."
        )
        % {
            "user": actor.get_username(),
            "count": similar,
            "minutes": rules.PROBE_WINDOW_MINUTES,
        },
        key=f"originality.probe:{actor.pk}:{now:%Y%m%d%H}",
    )
    if sent:
        audit_record(actor=actor, action=PROBE_ALERT, target=org, similar=similar)
