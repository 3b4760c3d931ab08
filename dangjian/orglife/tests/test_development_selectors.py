"""发展党员 selectors against a hand count: the pipeline per organization (reused by
assessment), step timeliness, the alerts and the daily reminder (sent once per key)."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from dangjian.conftest import make_person
from dangjian.notices.models import Notice
from dangjian.orglife import development_selectors as selectors
from dangjian.orglife import development_services as services
from dangjian.orglife.development_reminders import development_reminders
from dangjian.orglife.tests.development_helpers import applicant, contacts, walk

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_pipeline_matches_a_hand_count(county):
    su, today = county.superuser, timezone.localdate()
    # Village A1: person_a (full) + 2 applicants + 1 activist + 1 who left; village B1: person_b.
    for name in ("申请一", "申请二"):
        make_person(su, county.village_a1, name, party_status="applicant", applied_on=today)
    make_person(
        su,
        county.village_a1,
        "积极分子",
        party_status="activist",
        applied_on=today - DAY,
        activist_on=today,
    )
    gone = make_person(su, county.village_a1, "已离开", party_status="applicant", applied_on=today)
    type(gone).objects.unscoped("test").filter(pk=gone.pk).update(is_active=False)
    make_person(
        su, county.township_b, "乙镇预备", party_status="probationary", probationary_on=today
    )
    assert selectors.development_pipeline(county.township_a) == {
        "applicant": 2,
        "activist": 1,
        "candidate": 0,
        "probationary": 0,
        "full": 1,
    }
    assert selectors.development_pipeline(county.root)["probationary"] == 1
    assert selectors.development_pipeline(county.root)["full"] == 2
    rows = {row.org.pk: row.counts for row in selectors.pipeline_by_child(county.root)}
    assert rows[county.township_a.pk]["applicant"] == 2
    assert rows[county.township_b.pk] == {
        "applicant": 0,
        "activist": 0,
        "candidate": 0,
        "probationary": 1,
        "full": 1,
    }
    assert rows[county.unit.pk] == dict.fromkeys(rows[county.unit.pk], 0)


def test_timeliness_counts_talks_and_half_year_records(county):
    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    people = [applicant(county, f"申请{i}") for i in range(3)]
    for i, person in enumerate(people):
        services.step_record(actor=county.superuser, person=person, step="applicant", date=start)
        talk = start + relativedelta(months=1) + (DAY if i == 0 else datetime.timedelta(0))
        services.step_record(actor=county.superuser, person=person, step="talk", date=talk)
    on_time, total, ratio = selectors.development_timeliness(county.township_a, start, today)
    assert (on_time, total) == (2, 3) and ratio == pytest.approx(2 / 3)
    assert selectors.development_timeliness(county.township_b, start, today) == (0, 0, None)


def test_alerts_and_daily_reminder_sent_once(county):
    today = timezone.localdate()
    # A probation that ends within the month: vote 11 months and 20 days ago.
    person = applicant(county, "预备甲")
    dates = walk(county, person, "probationary")
    vote = today - relativedelta(years=1) + datetime.timedelta(days=10)
    from dangjian.orglife.models import DevelopmentStep

    DevelopmentStep.objects.unscoped("test").filter(person=person, step="assembly_vote").update(
        date=vote
    )
    type(person).objects.unscoped("test").filter(pk=person.pk).update(probationary_on=vote)
    # An activist whose last half-year record is seven months old.
    first, second = contacts(county)
    activist = make_person(
        county.superuser,
        county.village_a1,
        "久未考察",
        party_status="activist",
        birth_date=datetime.date(1990, 1, 1),
        applied_on=today - relativedelta(months=9),
        activist_on=today - relativedelta(months=7),
    )
    found = {(a.kind, a.person.name) for a in selectors.alerts_for(county.secretary_a, today)}
    assert ("probation_ending", "预备甲") in found
    assert ("training_missing", "久未考察") in found
    assert selectors.alerts_for(county.secretary_b, today) == []
    services.step_record(
        actor=county.secretary_a, person=activist, step="activist_filing", date=today
    )
    services.step_record(
        actor=county.secretary_a,
        person=activist,
        step="contacts",
        date=today,
        first_person=first,
        second_person=second,
    )
    services.step_record(
        actor=county.secretary_a, person=activist, step="training_record", date=today
    )
    kinds = {(a.kind, a.person.name) for a in selectors.alerts_for(county.secretary_a, today)}
    assert ("training_missing", "久未考察") not in kinds
    sent = development_reminders(today)
    assert sent >= 1
    assert development_reminders(today) == 0
    notice = Notice.objects.filter(recipient=county.secretary_a, subject__contains="预备甲").first()
    assert notice is not None and "预备甲" in notice.subject
    assert dates["assembly_vote"]


def test_steps_and_documents_are_scoped_to_the_township_and_the_own_person(
    county, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangjian.orglife.models import DevelopmentDocument, DevelopmentStep

    settings.DANGJIAN_DEVELOPMENT_DIR = str(tmp_path)
    own = services.step_record(
        actor=county.secretary_a,
        person=county.person_a,
        step="archive",
        date=timezone.localdate(),
        documents=[SimpleUploadedFile("清单.pdf", b"%PDF")],
    )
    other = applicant(county, "甲村他人")
    walk(county, other, "applicant")
    for user in (county.secretary_b, county.inspector_b):
        assert not DevelopmentStep.objects.visible_to(user).exists()
        assert not DevelopmentDocument.objects.visible_to(user).exists()
    assert DevelopmentStep.objects.visible_to(county.secretary_a).count() == 2
    mine = DevelopmentStep.objects.visible_to(county.member_a)
    assert list(mine.values_list("pk", flat=True)) == [own.pk]
    assert DevelopmentDocument.objects.visible_to(county.member_a).count() == 1
