"""督查通报 — requesting a month's supervision bulletin, and writing it (the background job).

`bulletin_request` checks that the actor may CHANGE at the issuing organization (usually the
county committee), that the month has begun, and bounds the texts; it takes the next 发文字号
of the issuer for the year of issue (〔2026〕N号, unique per organization and year; two requests
at once retry on the unique constraint inside a savepoint), saves the `Bulletin` job row and
queues the task after the commit. `bulletin_write` is what the task runs: the content
(bulletin_content), the .docx (bulletin_docx), progress on the job, the file kept as the job's
result — the archive.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_target as rules
from dangjian.assess import target_selectors as selectors
from dangjian.assess.bulletin_content import bulletin_title, content_of
from dangjian.assess.bulletin_docx import bulletin_document, bulletin_filename
from dangjian.assess.models import Bulletin
from dangjian.assess.target_services import has_control
from dangjian.notices.services import notice_send
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, can, may_at
from dangjian.orgs.service_base import audit_record

logger = logging.getLogger(__name__)
TASK = "a task works on the bulletin it was queued for"
UNEXPECTED = gettext_noop(
    "The bulletin could not be written. Please tell the system administrator."
)

ERRORS = {
    "no_issue_right": _(
        "Only %(org)s itself (its secretaries, the department) issues its bulletins."
    ),
    "month_future": _("A bulletin reports a month that has begun; %(month)s has not."),
    "text_long": _("At most %(max)d characters."),
    "highlights_control": _("The highlights contain an invisible control character; remove it."),
    "problems_control": _("The problems contain an invisible control character; remove it."),
    "number": _("No free bulletin number was found; please try again."),
}


def _next_number(org: Organization, year: int) -> int:
    highest = (
        Bulletin.objects.unscoped("the issuer's numbers of the year, to take the next")
        .filter(org=org, year=year)
        .aggregate(highest=Max("number"))["highest"]
    )
    return (highest or 0) + 1


@transaction.atomic
def bulletin_request(
    *,
    actor: User,
    org: Organization,
    month: datetime.date,
    highlights: str = "",
    problems: str = "",
    today: datetime.date | None = None,
) -> Bulletin:
    """Number and queue the bulletin of `month` issued by `org`; returns the job row."""
    today = today or selectors.local_today()
    month = month.replace(day=1)
    if not can(actor, Action.VIEW, org):
        raise Organization.DoesNotExist(f"Organization {org.pk} is out of reach")
    if not may_at(actor, Action.CHANGE, org.path):
        raise PermissionDenied(ERRORS["no_issue_right"] % {"org": org.name})
    errors = {}
    if month > today.replace(day=1):
        errors["month"] = ValidationError(
            ERRORS["month_future"] % {"month": f"{month:%Y-%m}"}, code="month_future"
        )
    for name, text in (("highlights", highlights), ("problems", problems)):
        if len(text or "") > rules.BULLETIN_TEXT_MAX_CHARS:
            errors[name] = ValidationError(
                ERRORS["text_long"] % {"max": rules.BULLETIN_TEXT_MAX_CHARS}, code="text_long"
            )
        elif has_control(text):
            errors[name] = ValidationError(ERRORS[f"{name}_control"], code="control")
    if errors:
        raise ValidationError(errors)
    year = today.year
    bulletin = None
    for _attempt in range(rules.NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                bulletin = Bulletin.objects.create(
                    org=org,
                    month=month,
                    year=year,
                    number=_next_number(org, year),
                    title=bulletin_title(month),
                    highlights=(highlights or "").strip(),
                    problems=(problems or "").strip(),
                    requested_by=actor,
                )
            break
        except IntegrityError:
            continue
    if bulletin is None:
        raise ValidationError(ERRORS["number"], code="number")
    audit_record(
        actor=actor,
        action="assess.bulletin.request",
        target=bulletin,
        month=f"{month:%Y-%m}",
        number=f"〔{year}〕{bulletin.number}号",
    )
    from dangjian.assess.bulletin_tasks import run_bulletin

    pk = bulletin.pk
    transaction.on_commit(lambda: run_bulletin.enqueue(pk))
    return bulletin


def bulletin_write(bulletin: Bulletin, today: datetime.date | None = None) -> Bulletin:
    """Write the document onto the job (the task's work; the demo calls it directly)."""
    bulletin.mark_running()
    bulletin.report_progress(0, 2)
    content = content_of(bulletin, today)
    bulletin.report_progress(1, 2)
    document = bulletin_document(content)
    bulletin.mark_done(result=document, result_name=bulletin_filename(content))
    if bulletin.requested_by_id:
        notice_send(
            recipients=[bulletin.requested_by],
            subject=gettext("Bulletin %(number)s is ready") % {"number": content.number_text},
            link=reverse("assess:bulletin-detail", args=[bulletin.pk]),
            key=f"assess.bulletin.done:{bulletin.pk}",
        )
    return bulletin


def bulletin_run(bulletin_id: int) -> int:
    bulletin = (
        Bulletin.objects.unscoped(TASK).select_related("org", "requested_by").get(pk=bulletin_id)
    )
    try:
        bulletin_write(bulletin)
    except Exception:
        # Whatever went wrong, the job must not stay "running" with a page polling forever.
        logger.exception("bulletin %s failed", bulletin.pk)
        bulletin.mark_failed(gettext(UNEXPECTED))
        raise
    return bulletin.pk
