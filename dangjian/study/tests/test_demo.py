"""The study system's demo step, run by demo_county: a year so far, consistent, removable."""

import datetime

import pytest
from django.db.models import Count, F

from dangjian.orgs import demo
from dangjian.originality.models import Check, Submission
from dangjian.study.models import (
    ArticleScore,
    EventParticipant,
    Lecture,
    LectureRating,
    Note,
    NoteReview,
    NoteVersion,
    Reading,
    ResearchArticle,
    ResearchTopic,
    StudyEvent,
    StudyPlan,
)
from dangjian.study.rules import RESEARCH_TOPICS_PER_YEAR, countable_chars

TODAY = datetime.date(2025, 6, 14)

pytestmark = pytest.mark.django_db


def test_demo_county_holds_a_plausible_study_year_and_reset_removes_it():
    summary = demo.build_county(orgs=40, members=300, seed=3, progress=False, today=TODAY)
    assert any(line.startswith("study:") for line in summary.app_lines)
    notes = Note.objects.unscoped("test")
    assert notes.exists()
    # Every month from January to June has notes; nothing after today's month.
    months = set(notes.values_list("month", flat=True))
    assert months == {datetime.date(2025, m, 1) for m in range(1, 7)}
    # Past months are reviewed; this month waits for the review queue.
    assert set(notes.filter(month__lt="2025-06-01").values_list("status", flat=True)) <= {
        "approved",
        "returned",
    }
    assert set(notes.filter(month="2025-06-01").values_list("status", flat=True)) == {"submitted"}
    reviewed = notes.exclude(status="submitted").count()
    assert NoteReview.objects.unscoped("test").count() == reviewed
    for note in notes.select_related("latest_version")[:200]:
        assert note.latest_version.body == note.body
        assert note.char_count == countable_chars(note.body)
    # The demo accounts' notes are really checked; some of the sample copy from the corpus.
    member_notes = notes.filter(author__user__username="member1")
    assert member_notes.count() >= 6
    checks = Check.objects.unscoped("test").filter(status="done")
    assert (
        checks.count()
        == NoteVersion.objects.unscoped("test").exclude(originality_check=None).count()
    )
    assert checks.filter(total_ratio__gt=0.1).exists() and checks.filter(total_ratio=0).exists()
    assert StudyPlan.objects.unscoped("test").filter(year=2025).count() >= 2
    assert Reading.objects.unscoped("test").filter(month=6).count() >= 2

    topics = ResearchTopic.objects.unscoped("test")
    assert set(topics.values_list("status", flat=True)) == {"approved", "pending", "rejected"}
    per_author = topics.exclude(status="rejected").values("author").annotate(n=Count("pk"))
    assert max(row["n"] for row in per_author) <= RESEARCH_TOPICS_PER_YEAR
    articles = ResearchArticle.objects.unscoped("test")
    assert articles.exists() and not articles.exclude(topic__status="approved").exists()
    assert ArticleScore.objects.unscoped("test").filter(article__in=articles).exists()

    lectures = Lecture.objects.unscoped("test")
    assert lectures.filter(status="held").exists() and lectures.filter(status="scheduled").exists()
    assert LectureRating.objects.unscoped("test").exists()
    assert not LectureRating.objects.unscoped("test").filter(rater=F("lecture__lecturer")).exists()

    events = StudyEvent.objects.unscoped("test")
    assert set(events.values_list("kind", flat=True)) == {"seminar", "tutorial", "trip"}
    trip_notes = Note.objects.unscoped("test").filter(event__kind="trip")
    assert trip_notes.exists()
    participations = EventParticipant.objects.unscoped("test")
    for note in trip_notes[:50]:  # each reflection is by a participant of its trip
        assert participations.filter(event=note.event_id, person=note.author_id).exists()

    demo.delete_county()
    assert not StudyEvent.objects.unscoped("test").exists()
    assert not ResearchTopic.objects.unscoped("test").exists()
    assert not Lecture.objects.unscoped("test").exists()
    assert not Note.objects.unscoped("test").exists()
    assert not Submission.objects.unscoped("test").exists()
    assert not StudyPlan.objects.unscoped("test").exists()
