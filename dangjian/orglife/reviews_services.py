"""民主评议党员 writes: open a branch's round, a member's self-assessment and ratings of the
others, the committee's grade, close the round. Committee = Action.CHANGE on the branch."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.orglife import rules_reviews as rules
from dangjian.orglife.dues_selectors import branch_members
from dangjian.orglife.models import MutualRating, ReviewEntry, ReviewGrade, ReviewRound
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, may_at, person_id_of
from dangjian.orgs.services import audit_record

ERRORS = {
    "no_right": _("Only the branch committee may manage this review."),
    "year": _("Open a round for %(first)s to %(last)s."),
    "twice": _("%(org)s already has its %(year)s review round."),
    "no_members": _("%(org)s has no active full or probationary members to review."),
    "not_participant": _("You are not a member of this review round."),
    "closed": _("This review round is closed."),
    "self_short": _("Write at least %(min)s characters about your year."),
    "self_long": _("Keep the self-assessment under %(max)s characters."),
    "rate_self": _("Members rate the others, not themselves."),
    "rate_unknown": _("Rate only members of this round."),
    "reason": _("Give the reason for the grade “%(grade)s”."),
    "ungraded": _("%(count)s member(s) have no grade yet: grade everyone before closing."),
}


def _require_committee(actor: User, round_: ReviewRound) -> None:
    if not may_at(actor, Action.CHANGE, round_.org.path):
        raise PermissionDenied(ERRORS["no_right"])


def _require_open(round_: ReviewRound) -> None:
    """The stored status, locked (a round closed by another request meanwhile is closed)."""
    status = (
        ReviewRound.objects.unscoped("the round being written to, actor checked")
        .select_for_update()
        .values_list("status", flat=True)
        .get(pk=round_.pk)
    )
    if status != ReviewRound.Status.OPEN:
        raise ValidationError(ERRORS["closed"], code="closed")


def own_entry(actor: User, round_: ReviewRound) -> ReviewEntry:
    """The actor's own entry in the round; PermissionDenied for anyone else."""
    person_id = person_id_of(actor)
    entry = (
        ReviewEntry.objects.unscoped("the actor's own entry")
        .filter(round=round_, person_id=person_id)
        .first()
        if person_id
        else None
    )
    if entry is None:
        raise PermissionDenied(ERRORS["not_participant"])
    return entry


@transaction.atomic
def round_open(*, actor: User, org: Organization, year: int) -> ReviewRound:
    """Open the year's round: one entry per active full or probationary member."""
    if not may_at(actor, Action.CHANGE, org.path):
        raise PermissionDenied(ERRORS["no_right"])
    this_year = timezone.localdate().year
    if not this_year - rules.REVIEW_YEARS_BACK <= year <= this_year:
        raise ValidationError(
            {
                "year": ERRORS["year"]
                % {"first": this_year - rules.REVIEW_YEARS_BACK, "last": this_year}
            }
        )
    if (
        ReviewRound.objects.unscoped("one round a year, whole table")
        .filter(org=org, year=year)
        .exists()
    ):
        raise ValidationError({"year": ERRORS["twice"] % {"org": org.name, "year": year}})
    members = list(branch_members(org).values_list("pk", flat=True))
    if not members:
        raise ValidationError({"org": ERRORS["no_members"] % {"org": org.name}})
    round_ = ReviewRound.objects.create(org=org, year=year, opened_by=actor)
    ReviewEntry.objects.bulk_create(ReviewEntry(round=round_, person_id=pk) for pk in members)
    audit_record(actor=actor, action="orglife.review.open", target=round_, members=len(members))
    return round_


@transaction.atomic
def self_assess(*, actor: User, round_: ReviewRound, text: str) -> ReviewEntry:
    _require_open(round_)
    entry = own_entry(actor, round_)
    text = text.strip()
    if len(text) < rules.SELF_ASSESSMENT_MIN_CHARS:
        raise ValidationError(
            {"text": ERRORS["self_short"] % {"min": rules.SELF_ASSESSMENT_MIN_CHARS}}
        )
    if len(text) > rules.SELF_ASSESSMENT_MAX_CHARS:
        raise ValidationError(
            {"text": ERRORS["self_long"] % {"max": rules.SELF_ASSESSMENT_MAX_CHARS}}
        )
    entry.self_assessment = text
    entry.self_assessed_at = timezone.now()
    entry.save(update_fields=["self_assessment", "self_assessed_at"])
    audit_record(actor=actor, action="orglife.review.self", target=entry)
    return entry


@transaction.atomic
def rate(*, actor: User, round_: ReviewRound, grades: dict[int, str]) -> int:
    """The actor's ratings of the others ({person id: grade}); a new rating of the same member
    replaces the earlier one. The audit entry records the count, never who was rated how."""
    _require_open(round_)
    entry = own_entry(actor, round_)
    participants = set(
        ReviewEntry.objects.unscoped("the round's members")
        .filter(round=round_)
        .values_list("person_id", flat=True)
    )
    for ratee, grade in grades.items():
        if ratee == entry.person_id:
            raise ValidationError(ERRORS["rate_self"])
        if ratee not in participants or grade not in ReviewGrade.values:
            raise ValidationError(ERRORS["rate_unknown"])
    own = MutualRating.objects.unscoped("the actor's own ratings")
    for ratee, grade in grades.items():
        own.update_or_create(
            round=round_, rater_id=entry.person_id, ratee_id=ratee, defaults={"grade": grade}
        )
    audit_record(actor=actor, action="orglife.review.rate", target=round_, count=len(grades))
    return len(grades)


@transaction.atomic
def grade_give(*, actor: User, entry: ReviewEntry, grade: str, reason: str = "") -> ReviewEntry:
    """The committee's grade; 基本合格 and 不合格 need the reason."""
    round_ = entry.round
    _require_committee(actor, round_)
    _require_open(round_)
    reason = reason.strip()
    if grade not in ReviewGrade.values:
        raise ValidationError({"grade": _("Choose a grade.")})
    if grade in rules.GRADES_NEEDING_REASON and not reason:
        raise ValidationError({"reason": ERRORS["reason"] % {"grade": ReviewGrade(grade).label}})
    entry.grade, entry.grade_reason = grade, reason
    entry.graded_by, entry.graded_at = actor, timezone.now()
    entry.save(update_fields=["grade", "grade_reason", "graded_by", "graded_at"])
    audit_record(actor=actor, action="orglife.review.grade", target=entry, grade=grade)
    return entry


@transaction.atomic
def round_close(*, actor: User, round_: ReviewRound) -> ReviewRound:
    _require_committee(actor, round_)
    _require_open(round_)
    ungraded = (
        ReviewEntry.objects.unscoped("the round's entries").filter(round=round_, grade="").count()
    )
    if ungraded:
        raise ValidationError(ERRORS["ungraded"] % {"count": ungraded})
    round_.status, round_.closed_at = ReviewRound.Status.CLOSED, timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action="orglife.review.close", target=round_)
    return round_
