"""The study system's indicators for assessment and dashboards (lib.indicators): study notes
at their monthly target (学习笔记), and the monthly review's results (月度审阅)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangjian.lib.indicators import Indicator, Measure, Period
from dangjian.orgs.models import Organization, Person
from dangjian.study.models import NoteReview
from dangjian.study.progress import member_progress, members, org_completion


def notes_at_target(org: Organization, period: Period) -> Measure:
    """Each active person of the subtree, each month of the period: at target when their
    notes handed in that month reach the characters their nearest plan asks for."""
    people = members(
        Person.objects.unscoped("the people of an organization the caller has in reach")
        .filter(primary_org__path__startswith=org.path, is_active=True)
        .order_by("primary_org__path", "name", "pk")
    )
    achieved = expected = 0
    for month in period.months():
        completion = org_completion(member_progress(people, month, within=org))
        achieved += completion.at_target
        expected += completion.people
    text = _("%(achieved)s of %(expected)s member-months reached the study-note target.") % {
        "achieved": achieved,
        "expected": expected,
    }
    return Measure(achieved, expected, text)


def reviews_approved(org: Organization, period: Period) -> Measure:
    """The review decisions on the subtree's notes made during the period: how many approved
    the note (the others returned it for revision, e.g. as copied)."""
    decisions = NoteReview.objects.unscoped(
        "the reviews of an organization the caller has in reach"
    ).filter(
        note__org__path__startswith=org.path,
        created_at__date__gte=period.start,
        created_at__date__lte=period.end,
    )
    expected = decisions.count()
    achieved = decisions.filter(decision=NoteReview.Decision.APPROVE).count()
    text = _("%(achieved)s of %(expected)s review decisions approved the note.") % {
        "achieved": achieved,
        "expected": expected,
    }
    return Measure(achieved, expected, text)


INDICATORS = (
    Indicator(
        "study.notes_at_target",
        gettext_lazy("Study notes at target (学习笔记)"),
        gettext_lazy(
            "For each month of the period and each active person of the subtree: whether the "
            "notes handed in that month reach the characters per month of their study plan."
        ),
        notes_at_target,
    ),
    Indicator(
        "study.reviews_approved",
        gettext_lazy("Notes approved at review (月度审阅)"),
        gettext_lazy(
            "The review decisions made during the period on the subtree's notes, and how "
            "many approved the note rather than returning it."
        ),
        reviews_approved,
    ),
)
