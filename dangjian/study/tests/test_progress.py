"""Progress per member and per organization, against a hand count; plans inherited down
the tree; the month-end reminders."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from dangjian.notices.models import Notice
from dangjian.orgs.models import User
from dangjian.study import lecture_services, progress, research_services, selectors, services
from dangjian.study.models import Note, Reading, StudyPlan
from dangjian.study.reminders import month_end_reminders


def _plans(county):
    year = timezone.localdate().year
    month = timezone.localdate().month
    county_plan = StudyPlan.objects.create(org=county.root, year=year, title="全县计划")
    township_plan = StudyPlan.objects.create(
        org=county.township_a, year=year, title="甲镇计划", note_chars_per_month=100
    )
    other = StudyPlan.objects.create(org=county.township_b, year=year, title="乙镇计划")
    readings = [
        Reading.objects.create(plan=county_plan, title="县篇目", kind="speech", month=1),
        Reading.objects.create(plan=township_plan, title="镇篇目", kind="document", month=month),
        Reading.objects.create(plan=other, title="乙镇篇目", kind="document", month=1),
    ]
    return county_plan, township_plan, readings


def test_plans_are_inherited_and_the_nearest_sets_the_targets(county):
    _county_plan, township_plan, readings = _plans(county)
    person = services.author_of(county.member_a)
    year = timezone.localdate().year
    assert list(selectors.readings_for(person, year)) == readings[:2]  # not township B's
    assert selectors.targets_for(person, year).pk == township_plan.pk
    # A plan for other positions does not apply to the member.
    StudyPlan.objects.create(
        org=county.village_a1, year=year, title="村干部", applies_to_positions="村主任\n会计"
    )
    assert selectors.targets_for(person, year).pk == township_plan.pk


def test_member_progress_matches_a_hand_count(county, both_townships):
    _plans(county)
    _c, township_reading, b_reading = (
        Reading.objects.unscoped("test").get(title=t) for t in ("县篇目", "镇篇目", "乙镇篇目")
    )
    member = county.member_a
    note = services.note_create(actor=member, title="笔记", body="学" * 60, reading=_c)
    services.note_submit(actor=member, note=note)
    services.note_review(actor=county.secretary_a, note=note, decision="approve", grade="pass")
    second = services.note_create(actor=member, title="笔记二", body="习" * 30)
    services.note_submit(actor=member, note=second)
    services.note_review(
        actor=county.secretary_a, note=second, decision="return", comment="再深入些"
    )
    reflection = services.note_create(
        actor=member, title="心得", body="悟" * 500, kind="reflection", reading=township_reading
    )
    services.note_submit(actor=member, note=reflection)
    services.note_create(actor=member, title="草稿", body="草" * 900)  # drafts do not count
    # The reading of township B's plan is not the member's to link.
    try:
        services.note_create(actor=member, title="x", body="学习", reading=b_reading)
    except ValidationError as error:
        assert "reading" in error.message_dict
    else:
        raise AssertionError("a reading of another township's plan was accepted")

    kept = research_services.topic_register(actor=member, title="课题一")
    dropped = research_services.topic_register(actor=member, title="课题二")
    research_services.topic_decide(
        actor=county.secretary_a, topic=dropped, approve=False, comment="重"
    )
    kept = research_services.topic_decide(actor=county.secretary_a, topic=kept, approve=True)
    research_services.article_submit(actor=member, topic=kept, title="文章", body="调研" * 20)
    for status in ("held", "held", "cancelled"):
        lecture_services.lecture_schedule(
            actor=member,
            lecturer=county.person_a,
            title="讲课",
            starts_at=timezone.now(),
            status=status,
        )

    month = timezone.localdate().replace(day=1)
    person_a2 = both_townships.person_a2
    person_a2.refresh_from_db()
    people = [progress.member_of(services.author_of(member)), progress.member_of(person_a2)]
    rows = progress.member_progress(people, month)
    mine, theirs = rows
    # By hand: notes of 60 and 30 characters handed in (one approved, one returned); a
    # 500-character reflection waiting; the 900-character draft left out.
    assert (mine.note_chars, mine.note_chars_target) == (90, 100)
    assert (mine.notes, mine.reflections, mine.reflections_target) == (2, 1, 1)
    assert (mine.approved, mine.submitted, mine.returned_open) == (1, 1, 1)
    assert (mine.readings_done, mine.readings_target) == (2, 2)
    assert mine.under_target and mine.handed_in
    assert (mine.topics, mine.articles) == (1, 1)  # the rejected topic does not count
    assert mine.lectures == 2  # the cancelled lecture does not count
    assert (theirs.note_chars, theirs.notes, theirs.handed_in) == (0, 0, False)
    completion = progress.org_completion(rows)
    assert (completion.people, completion.handed_in, completion.at_target) == (2, 1, 0)
    assert completion.handed_in_rate == 0.5


def test_month_end_reminders_reach_who_is_missing_once(county, both_townships):
    su = county.superuser
    person_a2 = both_townships.person_a2
    person_a2.user = User.objects.create_user(username="a2")
    person_a2.save()
    note = services.note_create(actor=county.member_a, title="笔记", body="学习" * 10)
    services.note_submit(actor=county.member_a, note=note)
    today = timezone.localdate()
    assert month_end_reminders(today.replace(day=1)) == 0  # the first of a month is quiet
    last = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last -= datetime.timedelta(days=1)
    assert month_end_reminders(last) == 1
    notice = Notice.objects.get()
    assert notice.recipient.username == "a2" and notice.due_on == last
    assert month_end_reminders(last) == 0  # once a month
    services.note_review(actor=su, note=note, decision="return", comment="重写")
    assert month_end_reminders(last) == 1
    assert Notice.objects.filter(recipient=county.member_a).count() == 1
    assert Note.objects.unscoped("test").get().status == "returned"


def test_long_lists_read_by_subtree_give_the_same_rows(county, both_townships, monkeypatch):
    note = services.note_create(actor=county.member_a, title="笔记", body="学习" * 40)
    services.note_submit(actor=county.member_a, note=note)
    month = timezone.localdate().replace(day=1)
    people = progress.members(progress.people_in(county.secretary_a, county.township_a))
    by_ids = progress.member_progress(people, month, within=county.township_a)
    monkeypatch.setattr(progress, "IDS_IN_QUERY_MAX", 0)
    by_subtree = progress.member_progress(people, month, within=county.township_a)
    assert [r.as_dict() for r in by_subtree] == [r.as_dict() for r in by_ids]
    assert [r.note_chars for r in by_ids if r.person_id == county.person_a.pk] == [80]
