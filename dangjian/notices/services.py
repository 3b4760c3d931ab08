"""The only code that creates notices, marks them read and sends their e-mails."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.notices.models import Notice
from dangjian.orgs.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def notice_send(
    *,
    recipients: Iterable[User],
    subject: str,
    link: str = "",
    body: str = "",
    due_on: datetime.date | None = None,
    key: str = "",
) -> list[Notice]:
    """Notify each recipient once per `key`; e-mail goes out after the commit, if enabled."""
    people = {user.pk: user for user in recipients if user.is_active}
    if key:
        already = set(
            Notice.objects.filter(recipient_id__in=people, key=key).values_list(
                "recipient_id", flat=True
            )
        )
        people = {pk: user for pk, user in people.items() if pk not in already}
    notices = Notice.objects.bulk_create(
        Notice(
            recipient=user,
            subject=subject[:200],
            body=body,
            link=link[:300],
            due_on=due_on,
            key=key[:120],
        )
        for user in people.values()
    )
    if settings.DANGJIAN_NOTICE_EMAIL:
        ids = [notice.pk for notice in notices]
        transaction.on_commit(lambda: _email(ids))
    return notices


def _email(notice_ids: list[int]) -> None:
    """Best effort: a mail server that is down must not lose the notice in the app."""
    for notice in Notice.objects.filter(pk__in=notice_ids).select_related("recipient"):
        if not notice.recipient.email:
            continue
        link = f"{settings.DANGJIAN_SITE_URL.rstrip('/')}{notice.link}" if notice.link else ""
        text = "\n\n".join(part for part in (notice.body, link) if part)
        try:
            send_mail(notice.subject, text, None, [notice.recipient.email])
        except OSError:
            logger.exception("notice %s: e-mail failed", notice.pk)
            continue
        Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())


def notice_read(*, actor: User, notice: Notice) -> Notice:
    if notice.recipient_id != actor.pk:
        raise PermissionDenied
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def notices_read_all(*, actor: User) -> int:
    return Notice.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def send_due_reminders(today: datetime.date) -> int:
    """A reminder for each unread notice due tomorrow or overdue, at most once a day."""
    due = Notice.objects.filter(
        read_at__isnull=True, due_on__lte=today + datetime.timedelta(days=1)
    ).exclude(reminded_on=today)
    reminded = 0
    for notice in due.select_related("recipient"):
        overdue = notice.due_on < today
        subject = (_("Overdue: %s") if overdue else _("Due tomorrow: %s")) % notice.subject
        if settings.DANGJIAN_NOTICE_EMAIL and notice.recipient.email:
            try:
                send_mail(subject, notice.body, None, [notice.recipient.email])
            except OSError:
                logger.exception("reminder for notice %s: e-mail failed", notice.pk)
        Notice.objects.filter(pk=notice.pk).update(reminded_on=today)
        reminded += 1
    return reminded
