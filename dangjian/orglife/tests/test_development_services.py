"""发展党员 step rules: each rule refused with its article named, each timing rule at its
boundary (one day early refused, on the day accepted), steps out of order refused, nothing
partial saved, and the person's stage and dates kept on Person."""

from __future__ import annotations

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone, translation

from dangjian.conftest import make_person, make_user
from dangjian.orglife import development_checks as checks
from dangjian.orglife import development_services as services
from dangjian.orglife.models import DevelopmentDocument, DevelopmentStep
from dangjian.orglife.tests.development_helpers import VOTE, applicant, contacts, walk
from dangjian.orgs.models import Person
from dangjian.orgs.scoping import Role

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    # The messages are read in English here (the pages' Chinese is tested on the pages).
    with translation.override("en"):
        yield


def record(county, person, step, date, actor=None, **fields):
    # Documents are written once the step commits: run the test transaction's commit hooks.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.step_record(
            actor=actor or county.secretary_a, person=person, step=step, date=date, **fields
        )


def refused(county, person, step, date, text, **fields):
    before = DevelopmentStep.objects.unscoped("test").count()
    with pytest.raises(ValidationError) as error:
        record(county, person, step, date, **fields)
    assert text in str(error.value.messages), error.value.messages
    assert DevelopmentStep.objects.unscoped("test").count() == before
    return error.value


def fresh(person):
    return Person.objects.unscoped("test").get(pk=person.pk)


def test_age_rule_boundary_on_the_eighteenth_birthday(county):
    today = timezone.localdate()
    birth = today - relativedelta(years=18)
    person = make_person(
        county.superuser, county.village_a1, "少年", party_status="public", birth_date=birth + DAY
    )
    refused(county, person, "applicant", today, "第五条")
    Person.objects.unscoped("test").filter(pk=person.pk).update(birth_date=birth)
    record(county, fresh(person), "applicant", today)
    person = fresh(person)
    assert person.party_status == "applicant" and person.applied_on == today


def test_applicant_needs_a_birth_date_and_no_future_date(county):
    person = make_person(county.superuser, county.village_a1, "无生日", party_status="public")
    refused(county, person, "applicant", timezone.localdate(), "第五条")
    adult = applicant(county, "未来")
    refused(county, adult, "applicant", timezone.localdate() + DAY, "future")


def test_talk_within_a_month_is_on_time_one_day_later_is_flagged_late(county):
    on_time, late = applicant(county, "甲"), applicant(county, "乙")
    applied = timezone.localdate() - datetime.timedelta(days=200)
    for person in (on_time, late):
        record(county, person, "applicant", applied)
    deadline = applied + relativedelta(months=1)
    assert record(county, on_time, "talk", deadline).late is False
    assert record(county, late, "talk", deadline + DAY).late is True


def test_steps_out_of_order_are_refused_naming_the_step_before(county):
    person = applicant(county)
    walk(county, person, "applicant")
    day = timezone.localdate() - datetime.timedelta(days=10)
    error = refused(county, person, "activist", day, "comes after", recommendation="members")
    assert "Talk with the applicant" in str(error.messages)
    # A step of a later stage is refused naming both stages.
    refused(county, person, "candidate", day, "Step out of order")
    refused(county, person, "assembly_vote", day, "Step out of order", **VOTE)
    # A step dated before the one it follows is refused too.
    refused(county, person, "talk", person.applied_on - DAY, "in order")


def test_a_step_of_a_stage_cannot_predate_entering_the_stage(county):
    person = applicant(county)
    dates = walk(county, person, "candidate")
    refused(county, person, "candidate_filing", dates["candidate"] - DAY, "in order")
    record(county, person, "candidate_filing", dates["candidate"])


def test_a_step_recorded_twice_is_refused(county):
    person = applicant(county)
    dates = walk(county, person, "talk")
    refused(county, person, "talk", dates["talk"] + DAY, "already recorded")


def test_activist_needs_a_recommendation(county):
    person = applicant(county)
    dates = walk(county, person, "talk")
    refused(county, person, "activist", dates["talk"] + DAY, "第八条")


def test_contacts_are_two_different_active_full_members(county):
    person = applicant(county)
    dates = walk(county, person, "activist_filing")
    first, second = contacts(county)
    day = dates["activist_filing"] + DAY
    outsider = make_person(county.superuser, county.village_a1, "群众", party_status="public")
    refused(county, person, "contacts", day, "第九条", first_person=first, second_person=first)
    refused(county, person, "contacts", day, "第九条", first_person=first, second_person=outsider)
    refused(
        county, person, "contacts", day, "own contact", first_person=first, second_person=person
    )
    # A full member township A's secretary cannot see (township B) is not a contact either.
    refused(
        county, person, "contacts", day, "第九条", first_person=first, second_person=county.person_b
    )
    record(county, person, "contacts", day, first_person=first, second_person=second)


def _ready_for_candidate(county):
    person = applicant(county)
    dates = walk(county, person, "training_record")
    return person, dates


def test_candidate_one_day_before_a_year_as_activist_is_refused_on_the_day_accepted(county):
    person, dates = _ready_for_candidate(county)
    record(
        county, person, "training_record", dates["training_record"] + datetime.timedelta(days=150)
    )
    year = dates["activist"] + relativedelta(years=1)
    error = refused(county, person, "candidate", year - DAY, "第十三条")
    assert year.isoformat() in str(error.messages)
    record(county, person, "candidate", year)
    person = fresh(person)
    assert person.party_status == "candidate" and person.candidate_on == year


def test_candidate_needs_one_training_record_per_half_year(county):
    person, dates = _ready_for_candidate(county)  # one record only
    year = dates["activist"] + relativedelta(years=1)
    refused(county, person, "candidate", year, "第十一条")


def _candidate(county):
    person = applicant(county)
    dates = walk(county, person, "candidate_filing")
    return person, dates


def test_centralized_training_needs_three_days_or_24_hours(county):
    person, dates = _candidate(county)
    day = dates["candidate_filing"] + DAY
    refused(county, person, "centralized_training", day, "第十七条", days=2, hours=23)
    assert record(county, person, "centralized_training", day, hours=24).hours == 24


def test_centralized_training_of_three_days_is_enough(county):
    person, dates = _candidate(county)
    record(county, person, "centralized_training", dates["candidate_filing"] + DAY, days=3)


def test_failed_political_review_stops_the_development(county):
    person, dates = _candidate(county)
    day = dates["candidate_filing"] + DAY
    first, second = contacts(county)
    record(county, person, "introducers", day, first_person=first, second_person=second)
    record(county, person, "political_review", day, result="failed")
    record(county, person, "centralized_training", day, days=3)
    refused(county, person, "committee_review", day, "did not pass")


def test_pre_review_is_approved_by_the_level_above_not_by_the_branch_itself(county):
    person = applicant(county)
    dates = walk(county, person, "committee_review")
    branch = make_user("branch_secretary", (Role.SECRETARY, county.village_a1))
    day = dates["committee_review"] + DAY
    with pytest.raises(PermissionDenied):
        record(county, person, "pre_review", day, actor=branch, result="passed")
    row = record(county, person, "pre_review", day, result="passed")
    assert row.approved_by == county.secretary_a
    # The branch records its own steps (Action.CHANGE) but not the approval ones.
    record(county, person, "application_form", day, actor=branch)


def _voting(county):
    person = applicant(county)
    dates = walk(county, person, "application_form")
    return person, dates["application_form"] + DAY


def test_vote_counts_above_the_members_entitled_are_refused(county):
    person, day = _voting(county)
    refused(
        county,
        person,
        "assembly_vote",
        day,
        "more than the 10",
        entitled=10,
        attended=11,
        approved=6,
    )
    refused(
        county,
        person,
        "assembly_vote",
        day,
        "more than the 10",
        entitled=10,
        attended=8,
        approved=11,
    )


def test_vote_needs_more_than_half_present_and_more_than_half_approving(county):
    person, day = _voting(county)
    refused(county, person, "assembly_vote", day, "第二十条", entitled=10, attended=5, approved=6)
    refused(
        county, person, "assembly_vote", day, "must approve", entitled=10, attended=6, approved=5
    )
    record(county, person, "assembly_vote", day, entitled=10, attended=6, approved=6)


def test_higher_approval_within_three_months_of_the_vote(county):
    person = applicant(county)
    dates = walk(county, person, "committee_talk")
    deadline = dates["assembly_vote"] + relativedelta(months=3)
    refused(county, person, "probationary", deadline + DAY, "3 months")
    record(county, person, "probationary", deadline)
    person = fresh(person)
    # The probation counts from the assembly's vote (细则第三十二条), not the approval.
    assert person.party_status == "probationary"
    assert person.probationary_on == dates["assembly_vote"]


def _probationary(county):
    person = applicant(county)
    dates = walk(county, person, "conversion_application")
    return person, dates


def test_conversion_vote_not_before_one_year_of_probation(county):
    person, dates = _probationary(county)
    end = dates["assembly_vote"] + relativedelta(years=1)
    refused(county, person, "conversion_vote", end - DAY, "第三十二条", **VOTE)
    record(county, person, "conversion_vote", end, **VOTE)


def test_full_not_before_the_probation_ends_and_full_member_since_its_end(county):
    person, dates = _probationary(county)
    end = dates["assembly_vote"] + relativedelta(years=1)
    record(county, person, "conversion_vote", end, **VOTE)
    # Backdate the vote by a day through the database to test full's own boundary.
    DevelopmentStep.objects.unscoped("test").filter(person=person, step="conversion_vote").update(
        date=end - DAY
    )
    refused(county, person, "full", end - DAY, "第三十二条")
    record(county, person, "full", end)
    person = fresh(person)
    assert person.party_status == "full" and person.full_member_on == end


def test_full_approval_within_three_months_of_the_conversion_vote(county):
    person, dates = _probationary(county)
    end = dates["assembly_vote"] + relativedelta(years=1)
    record(county, person, "conversion_vote", end, **VOTE)
    late = end + relativedelta(months=3) + DAY
    if late <= timezone.localdate():
        refused(county, person, "full", late, "3 months")
    record(county, person, "full", end + relativedelta(months=3))


def test_extension_six_to_twelve_months_moves_the_end_of_probation(county):
    person, dates = _probationary(county)
    end = dates["assembly_vote"] + relativedelta(years=1)
    refused(county, person, "extend_probation", end, "第三十二条", months=5)
    refused(county, person, "extend_probation", end, "第三十二条", months=13)
    refused(county, person, "extend_probation", end - DAY, "第三十二条", months=6)
    record(county, person, "extend_probation", end, months=6)
    assert checks.deadlines(fresh(person), services_steps(person))[-1][1] == end + relativedelta(
        months=6
    )
    later = end + relativedelta(months=6)
    refused(county, person, "conversion_vote", later - DAY, "+ 6", **VOTE)
    record(county, person, "conversion_vote", later, **VOTE)


def test_after_the_vote_extends_the_probation_the_vote_is_held_again(county):
    person, dates = _probationary(county)
    end = dates["assembly_vote"] + relativedelta(years=1)
    record(county, person, "conversion_vote", end, **VOTE)  # the assembly decides to extend
    record(county, person, "extend_probation", end + DAY, months=6)
    later = end + relativedelta(months=6)
    record(county, person, "conversion_application", later - DAY)
    refused(county, person, "conversion_vote", later - DAY, "+ 6", **VOTE)
    record(county, person, "conversion_vote", later, **VOTE)
    record(county, person, "full", later + DAY)  # within three months of this vote
    assert fresh(person).party_status == "full"


def test_an_extension_of_twelve_months_is_the_longest_allowed(county):
    person, dates = _probationary(county)
    end = dates["assembly_vote"] + relativedelta(years=1)
    assert record(county, person, "extend_probation", end, months=12).months == 12
    refused(county, person, "extend_probation", end, "already recorded", months=6)


def services_steps(person):
    return list(DevelopmentStep.objects.unscoped("test").filter(person=person))


def test_cancellation_returns_the_person_to_the_masses_with_a_reason(county):
    person, dates = _probationary(county)
    day = dates["conversion_application"] + DAY
    refused(county, person, "cancel", day, "Say why")
    record(county, person, "cancel", day, note="不履行党员义务")
    person = fresh(person)
    assert person.party_status == "public" and person.probationary_on is None
    assert person.applied_on is None


def test_after_a_cancellation_the_person_may_apply_again(county):
    person, dates = _probationary(county)
    day = dates["conversion_application"] + DAY
    record(county, person, "cancel", day, note="不履行党员义务")
    again = record(county, fresh(person), "applicant", day + DAY)
    assert fresh(person).applied_on == again.date
    assert [s.code for s in checks.next_steps(fresh(person), services_steps(person))] == ["talk"]


def test_people_imported_at_a_stage_continue_from_their_stage_dates(county):
    since = timezone.localdate() - relativedelta(years=2)
    person = make_person(
        county.superuser,
        county.village_a1,
        "导入积极分子",
        party_status="activist",
        birth_date=datetime.date(1995, 1, 1),
        applied_on=since - datetime.timedelta(days=60),
        activist_on=since,
    )
    first, second = contacts(county)
    record(county, person, "activist_filing", since + DAY)
    record(county, person, "contacts", since + DAY, first_person=first, second_person=second)
    for months in (6, 12, 18, 24):
        record(county, person, "training_record", since + relativedelta(months=months))
    record(county, person, "candidate", since + relativedelta(months=24))
    assert fresh(person).party_status == "candidate"


def test_member_and_other_township_may_not_record(county):
    person = applicant(county)
    with pytest.raises(Person.DoesNotExist):
        record(county, person, "applicant", timezone.localdate(), actor=county.secretary_b)
    with pytest.raises(Person.DoesNotExist):
        record(county, person, "applicant", timezone.localdate(), actor=county.member_a)
    with pytest.raises(PermissionDenied):
        record(county, county.person_a, "applicant", timezone.localdate(), actor=county.member_a)


def test_documents_are_bounded_and_stored(county, settings, tmp_path):
    settings.DANGJIAN_DEVELOPMENT_DIR = str(tmp_path)
    person = applicant(county)
    day = timezone.localdate()
    bad = SimpleUploadedFile("申请书.exe", b"x")
    refused(county, person, "applicant", day, "cannot be attached", documents=[bad])
    many = [SimpleUploadedFile(f"{i}.pdf", b"%PDF") for i in range(6)]
    refused(county, person, "applicant", day, "At most 5", documents=many)
    row = record(
        county, person, "applicant", day, documents=[SimpleUploadedFile("申请书.pdf", b"%PDF-1")]
    )
    (document,) = DevelopmentDocument.objects.unscoped("test").filter(step=row)
    assert document.name == "申请书.pdf" and document.file.read() == b"%PDF-1"
