"""Reads of the study system, scoped to what the user may see."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from dangjian.orgs.models import Organization, Person, User, path_ids
from dangjian.orgs.scoping import Action, grants, may, person_id_of
from dangjian.study.models import Note, NoteReview, NoteVersion, Reading, StudyPlan


def flag_ratio() -> float:
    """The 总文字复制比 from which a note is flagged (DANGJIAN_STUDY_FLAG_PERCENT)."""
    return settings.DANGJIAN_STUDY_FLAG_PERCENT / 100


def month_start(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


def parse_month(text: str | None, default: datetime.date) -> datetime.date:
    """ "2026-11" → 2026-11-01; a missing value is `default`'s month; a bad one is a 404."""
    if not text:
        return month_start(default)
    try:
        year, month = (int(part) for part in text.split("-"))
        return datetime.date(year, month, 1)
    except (ValueError, TypeError):
        raise Http404("bad month") from None


# ---- plans and readings ------------------------------------------------------------------


def _chain_ids(person: Person) -> list[int]:
    return path_ids(person.primary_org.path)


def plans_for(person: Person, year: int) -> QuerySet[StudyPlan]:
    """The plans of the year on the person's organization chain, nearest last.

    A plan is published to its whole subtree: a member reads the county's and the township's
    plans though they may not see those organizations' other data.
    """
    return (
        StudyPlan.objects.unscoped("plans are published to the subtree of their organization")
        .filter(org_id__in=_chain_ids(person), year=year)
        .select_related("org")
        .order_by("org__depth")
    )


def applies(plan: StudyPlan, position: str) -> bool:
    """Whether the plan applies to a person holding `position` (a plan for everyone: yes)."""
    return not plan.positions or position in plan.positions


def targets_for(person: Person, year: int) -> StudyPlan:
    """The nearest plan that applies to the person; an unsaved plan with the rule defaults
    when none does."""
    applying = [plan for plan in plans_for(person, year) if applies(plan, person.cadre_position)]
    return applying[-1] if applying else StudyPlan(year=year, title="")


def readings_for(person: Person, year: int) -> QuerySet[Reading]:
    plans = [plan.pk for plan in plans_for(person, year) if applies(plan, person.cadre_position)]
    return (
        Reading.objects.unscoped("readings of the plans published to the person")
        .filter(plan_id__in=plans)
        .order_by("month", "pk")
    )


def _chain_org_ids(user: User) -> set[int]:
    """The organizations on the chains above the user's grants and their own organization:
    their plans are published to the user."""
    paths = [grant.org_path for grant in grants(user)]
    paths += (
        Person.objects.unscoped("the account's own person record")
        .filter(user_id=user.pk)
        .values_list("primary_org__path", flat=True)
    )
    return {org_id for path in paths for org_id in path_ids(path)}


def plans_visible(user: User) -> QuerySet[StudyPlan]:
    """Plans of the organizations in the user's reach, and those published to them from above
    (a township secretary reads the county's plan; a member reads their chain's)."""
    in_reach = StudyPlan.objects.visible_to(user).values("pk")
    return (
        StudyPlan.objects.unscoped("plans in reach or published to the user's chain")
        .filter(Q(pk__in=in_reach) | Q(org_id__in=_chain_org_ids(user)))
        .select_related("org")
        .order_by("-year", "org__path", "pk")
    )


def plan_get(user: User, pk: int) -> StudyPlan:
    plan = plans_visible(user).filter(pk=pk).first()
    if plan is None:
        raise Http404("no such plan")
    return plan


def plan_readings(plan: StudyPlan) -> QuerySet[Reading]:
    """The readings of a plan the caller was allowed to open (plan_get)."""
    return Reading.objects.unscoped("readings of a plan the caller may read").filter(plan=plan)


def reading_get(user: User, pk: int) -> Reading:
    reading = (
        Reading.objects.unscoped("a reading of a plan the caller may read")
        .filter(pk=pk, plan__in=plans_visible(user).values("pk"))
        .select_related("plan__org")
        .first()
    )
    if reading is None:
        raise Http404("no such reading")
    return reading


# ---- notes -------------------------------------------------------------------------------


def own_notes(user: User) -> QuerySet[Note]:
    """The author's own notes, whatever their roles (an author always sees their notes)."""
    return (
        Note.objects.unscoped("the author's own notes")
        .filter(author_id=person_id_of(user) or 0)
        .select_related("latest_version__originality_check", "reading")
        .order_by("-updated_at", "-pk")
    )


def _visible_notes(user: User, action: str = Action.VIEW) -> QuerySet[Note]:
    own = Q(author_id=person_id_of(user) or 0)
    visible = Note.objects.visible_to(user, action).values("pk")
    return Note.objects.unscoped("visible notes or the user's own").filter(own | Q(pk__in=visible))


def note_get(user: User, pk: int) -> Note:
    """A note the user wrote or may see; 404 otherwise, as if it did not exist."""
    note = (
        _visible_notes(user)
        .select_related("author__user", "org", "reading", "latest_version__originality_check")
        .filter(pk=pk)
        .first()
    )
    if note is None:
        raise Http404("no such note")
    return note


def versions_of(note: Note) -> list[NoteVersion]:
    """A note's versions, read for a note that was already fetched through `note_get`."""
    return list(
        NoteVersion.objects.unscoped("versions of a note the caller may see")
        .filter(note=note)
        .select_related("originality_check")
        .order_by("-number")
    )


def reviews_of(note: Note) -> list[NoteReview]:
    return list(
        NoteReview.objects.unscoped("reviews of a note the caller may see")
        .filter(note=note)
        .select_related("reviewer", "version")
        .order_by("-created_at", "-pk")
    )


def require_reviewer(user: User) -> None:
    if not may(user, Action.REVIEW):
        raise PermissionDenied


def review_queue(user: User, month: datetime.date) -> QuerySet[Note]:
    """月度检查: the month's submitted notes the user may review, never their own."""
    require_reviewer(user)
    return (
        Note.objects.visible_to(user, Action.REVIEW)
        .filter(status=Note.Status.SUBMITTED, month=month)
        .exclude(author_id=person_id_of(user) or 0)
        .select_related("author", "org", "latest_version__originality_check")
        .order_by("submitted_at", "pk")
    )


def waiting_from_earlier_months(user: User, month: datetime.date) -> list[dict]:
    """Submitted notes of months before `month` still waiting for review (a note returned in
    one month and handed in again in the next stays in its own month): [{month, count}]."""
    return list(
        Note.objects.visible_to(user, Action.REVIEW)
        .filter(status=Note.Status.SUBMITTED, month__lt=month)
        .exclude(author_id=person_id_of(user) or 0)
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )


def reviewable_orgs(user: User) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user, Action.REVIEW).filter(is_active=True)
