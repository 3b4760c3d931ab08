"""Reads of the ledger (filters, overdue around local midnight and month end), closed on time
against a hand count, the seminar take-in (once only), the daily reminders (once each)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.notices.models import Notice
from dangjian.orgs.models import AuditEntry
from dangjian.study.models import StudyEvent
from dangjian.work import rect_selectors as selectors
from dangjian.work import rect_take_in, rules_rect
from dangjian.work.models import Rectification, RectificationReport
from dangjian.work.rect_reminders import rectification_reminders
from dangjian.work.tests.matrix_rect import rect, seminar
from dangjian.work.tracking import local_today

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _ids(rows) -> set[int]:
    return {row.pk for row in rows}


def test_overdue_from_local_midnight_after_the_deadline_month_end(county):
    row = rect(county)
    Rectification.objects.unscoped("test").filter(pk=row.pk).update(
        deadline=datetime.date(2026, 1, 31), first_deadline=datetime.date(2026, 1, 31)
    )
    overdue = selectors.RectFilters(status=selectors.OVERDUE)
    # 2026-01-31 15:59:59 UTC is 23:59:59 on the 31st in Shanghai: not overdue yet;
    # one second after 16:00 UTC it is 1 February there: overdue.
    before = timezone.localdate(datetime.datetime(2026, 1, 31, 15, 59, 59, tzinfo=UTC))
    after = timezone.localdate(datetime.datetime(2026, 1, 31, 16, 0, 1, tzinfo=UTC))
    assert (before, after) == (datetime.date(2026, 1, 31), datetime.date(2026, 2, 1))
    assert not selectors.rect_list(county.secretary_a, overdue, today=before).exists()
    assert _ids(selectors.rect_list(county.secretary_a, overdue, today=after)) == {row.pk}
    due_soon = selectors.RectFilters(status=selectors.DUE_SOON)
    assert _ids(selectors.rect_list(county.secretary_a, due_soon, today=before)) == {row.pk}
    assert not selectors.rect_list(county.secretary_a, due_soon, today=after).exists()


def test_ledger_filters_and_scope(county):
    a = rect(county, source="inspection")
    b = rect(county, org=county.village_b1, issued_by=county.township_b, owner=None)
    c = rect(county, source="seminar", days=400)
    assert _ids(selectors.rect_list(county.secretary_a, selectors.RectFilters())) == {a.pk, c.pk}
    assert _ids(selectors.rect_list(county.secretary_b, selectors.RectFilters())) == {b.pk}
    assert _ids(selectors.rect_list(county.member_a, selectors.RectFilters())) == {a.pk, c.pk}
    assert _ids(
        selectors.rect_list(county.dept_admin, selectors.RectFilters(source="seminar"))
    ) == {c.pk}
    by_year = selectors.RectFilters(year=c.deadline.year)
    assert c.pk in _ids(selectors.rect_list(county.dept_admin, by_year))
    under_b = selectors.RectFilters(under=county.township_b)
    assert _ids(selectors.rect_list(county.dept_admin, under_b)) == {b.pk}


def _row(county, first: datetime.date, status: str, done_on=None, closed_on=None, moved=None):
    row = rect(county)
    noon = datetime.time(12, tzinfo=timezone.get_current_timezone())
    Rectification.objects.unscoped("test").filter(pk=row.pk).update(
        first_deadline=first,
        deadline=moved or first,
        status=status,
        closed_at=datetime.datetime.combine(closed_on, noon) if closed_on else None,
    )
    if done_on:
        report = RectificationReport.objects.create(
            rectification=row, outcome="done", text="完成", reported_by=county.member_a
        )
        RectificationReport.objects.unscoped("test").filter(pk=report.pk).update(
            reported_at=datetime.datetime.combine(done_on, noon)
        )
    return row


def test_closed_on_time_against_a_hand_count(county):
    d = datetime.date
    today = d(2026, 7, 1)
    _row(
        county, d(2026, 3, 31), "closed", done_on=d(2026, 3, 30), closed_on=d(2026, 4, 10)
    )  # on time
    _row(
        county, d(2026, 3, 31), "closed", done_on=d(2026, 3, 31), closed_on=d(2026, 3, 31)
    )  # on time
    _row(county, d(2026, 3, 31), "closed", done_on=d(2026, 4, 1), closed_on=d(2026, 4, 2))  # late
    _row(county, d(2026, 4, 30), "closed", closed_on=d(2026, 4, 29))  # on time (no report)
    _row(county, d(2026, 5, 31), "reported", done_on=d(2026, 5, 1))  # not closed: late
    _row(county, d(2026, 5, 31), "open", moved=d(2026, 8, 31))  # moved, still open: late
    _row(county, d(2026, 7, 1), "open")  # the deadline's day is not over: not counted
    _row(county, d(2026, 9, 30), "open")  # not come: not counted
    _row(county, d(2025, 12, 31), "closed", closed_on=d(2025, 12, 1))  # another year
    other = rect(county, org=county.village_b1, issued_by=county.township_b, owner=None)
    Rectification.objects.unscoped("test").filter(pk=other.pk).update(
        first_deadline=d(2026, 2, 1), status="open"
    )  # township B's, outside township A's subtree
    result = selectors.closed_on_time(county.township_a, 2026, today=today)
    assert (result.counted, result.on_time) == (6, 3)
    assert result.rate == 0.5
    county_wide = selectors.closed_on_time(county.root, 2026, today=today)
    assert (county_wide.counted, county_wide.on_time) == (7, 3)
    assert selectors.closed_on_time(county.township_b, 2024, today=today).rate is None


def test_take_in_once_with_responsible_found_by_name(county, django_capture_on_commit_callbacks):
    make_person(county.superuser, county.village_a1, "王五")
    make_person(county.superuser, county.group_a1, "王五")  # two of that name: nobody
    due = local_today() + datetime.timedelta(days=12)
    event = seminar(county, issues=(("张甲", due), ("王五", None), ("", None)))
    done = event.issues.model.objects.unscoped("test").create(
        event=event, problem="已解决的问题", measure="无", status="done"
    )
    with django_capture_on_commit_callbacks(execute=True):
        made = rect_take_in.rect_take_in_seminar(actor=county.secretary_a, event=event)
    assert len(made) == 3
    first, second, third = made
    assert first.responsible == county.person_a and first.deadline == due
    assert first.source == "seminar" and first.found_on == event.starts_on
    assert first.org == first.issued_by == county.village_a1
    assert second.responsible is None and "王五" in second.measures
    default = local_today() + datetime.timedelta(days=rules_rect.DEFAULT_DAYS)
    assert second.deadline == default and third.responsible is None
    assert done.pk not in {row.event_issue_id for row in made}
    assert Notice.objects.filter(recipient=county.member_a).count() == 1
    assert AuditEntry.objects.unscoped("t").filter(action="work.rectification.take_in").count() == 3
    # Once only: a second take-in adds nothing.
    assert rect_take_in.rect_take_in_seminar(actor=county.secretary_a, event=event) == []
    assert Rectification.objects.unscoped("test").count() == 3
    assert not selectors.seminars_to_take_in(county.secretary_a).exists()


def test_take_in_refusals(county):
    event = seminar(county)
    with pytest.raises(PermissionDenied):
        rect_take_in.rect_take_in_seminar(actor=county.secretary_b, event=event)
    with pytest.raises(PermissionDenied):
        rect_take_in.rect_take_in_seminar(actor=county.member_a, event=event)
    StudyEvent.objects.unscoped("test").filter(pk=event.pk).update(kind="tutorial")
    event.refresh_from_db()
    with pytest.raises(ValidationError):
        rect_take_in.rect_take_in_seminar(actor=county.secretary_a, event=event)
    assert not Rectification.objects.unscoped("test").exists()
    assert list(selectors.seminars_to_take_in(county.secretary_b)) == []


def test_reminders_due_soon_and_overdue_once_each(county):
    today = local_today()
    soon = rect(county, days=2)
    late = rect(county, days=-1)
    rect(county, days=10)  # neither
    sent = rectification_reminders(today)
    # Each row: person_a's account and township A's secretary (nearest who may change it).
    assert sent == 4
    assert rectification_reminders(today) == 0
    late.refresh_from_db()
    assert late.overdue_noticed_on == today
    audits = AuditEntry.objects.unscoped("t").filter(action="work.rectification.overdue")
    assert audits.count() == 1 and audits.get().target_id == str(late.pk)
    subjects = set(
        Notice.objects.filter(recipient=county.member_a).values_list("subject", flat=True)
    )
    assert len(subjects) == 2
    assert soon.pk != late.pk
