"""Notices: created by services only, once per key, read by their recipient only, reminders."""

from __future__ import annotations

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from dangjian.notices import services
from dangjian.notices.models import Notice
from dangjian.orgs.models import Organization


def test_once_per_key_and_unread_count_in_the_header(county, client):
    for _ in range(2):
        services.notice_send(
            recipients=[county.secretary_a], subject="请审阅", link="/orgs/", key="k1"
        )
    assert Notice.objects.filter(recipient=county.secretary_a).count() == 1
    client.force_login(county.secretary_a)
    page = client.get(reverse("home")).content.decode()
    assert 'id="unread-notices">1<' in page
    notice = Notice.objects.get()
    response = client.post(reverse("notices:read", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == "/orgs/"
    assert 'id="unread-notices"' not in client.get(reverse("home")).content.decode()


def test_nobody_reads_another_accounts_notice(county, client):
    (notice,) = services.notice_send(recipients=[county.secretary_a], subject="甲镇事项")
    client.force_login(county.secretary_b)
    assert client.post(reverse("notices:read", args=[notice.pk])).status_code == 404
    assert "甲镇事项" not in client.get(reverse("notices:list")).content.decode()
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_link_elsewhere_is_not_followed(county, client):
    (notice,) = services.notice_send(
        recipients=[county.secretary_a], subject="x", link="https://evil.example/"
    )
    client.force_login(county.secretary_a)
    response = client.post(reverse("notices:read", args=[notice.pk]))
    assert response["Location"] == reverse("notices:list")


def test_daily_command_announces_terms_due_to_the_nearest_secretaries(county, settings):
    settings.DANGJIAN_NOTICE_EMAIL = True
    county.secretary_a.email = "a@example.gov.cn"
    county.secretary_a.save()
    today = datetime.date(2026, 11, 30)
    Organization.objects.unscoped("test").filter(pk=county.village_a1.pk).update(
        term_ends_on=today + datetime.timedelta(days=30)
    )
    Organization.objects.unscoped("test").filter(pk=county.village_b1.pk).update(
        term_ends_on=today - datetime.timedelta(days=3)
    )
    for _ in range(2):  # idempotent: the second day's run sends nothing new
        call_command("notices_daily", today=today, stdout=io.StringIO())
    # Other systems' reminders of the day (e.g. monthly targets) are not this test's business.
    terms = Notice.objects.filter(key__startswith="orgs.term_due")
    a_notices = terms.filter(recipient=county.secretary_a)
    b_notices = terms.filter(recipient=county.secretary_b)
    (a_notice,) = a_notices
    assert "甲一村党支部" in a_notice.subject and a_notice.due_on == today + datetime.timedelta(30)
    assert a_notice.link == reverse("orgs:org-detail", args=[county.village_a1.pk])
    assert b_notices.count() == 1 and "乙一村党支部" in b_notices.get().subject
    # The county administrator above them is not flooded with every village's term.
    assert not terms.filter(recipient=county.dept_admin).exists()
    assert not Notice.objects.filter(recipient=county.secretary_b, subject__contains="甲").exists()


def test_due_and_overdue_reminders_by_email_once_a_day(county, settings):
    settings.DANGJIAN_NOTICE_EMAIL = True
    county.secretary_a.email = "a@example.gov.cn"
    county.secretary_a.save()
    today = datetime.date(2026, 11, 30)
    services.notice_send(recipients=[county.secretary_a], subject="交材料", due_on=today)
    mail.outbox.clear()
    assert services.send_due_reminders(today + datetime.timedelta(days=2)) == 1
    assert services.send_due_reminders(today + datetime.timedelta(days=2)) == 0
    assert len(mail.outbox) == 1 and "交材料" in mail.outbox[0].subject


def test_id_card_probe_alert_reaches_the_county_administrator(county):
    from dangjian.orgs import services as org_services

    org_services.id_card_probe_alert(
        actor=county.secretary_a, where=county.village_a1, hits=20, limit=20
    )
    (alert,) = Notice.objects.all()
    assert alert.recipient == county.dept_admin and "secretary_a" in alert.subject
