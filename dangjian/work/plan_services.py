"""Writes of annual work plans (年度工作计划): creating one (blank or copied from last year's),
changing its heading, and its workflow — one service per transition:

draft / returned ──plan_submit──▶ submitted ──plan_approve──▶ approved ──plan_publish──▶ published
                                     └──────plan_return (with a note)──▶ returned

Who may: the plan's own organization drafts, submits and publishes (Action.CHANGE at
plan.org); the level above approves or returns (the kernel's Action.APPROVE, whose reach is
BELOW the holder's organization, so nobody approves their own organization's plan). Items,
milestones and attachments are in `plan_item_services`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.notices.services import notice_send
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, can, require
from dangjian.orgs.selectors import users_reaching
from dangjian.orgs.services import audit_record
from dangjian.work import rules_plan as rules
from dangjian.work import tracking
from dangjian.work.models import Milestone, PlanStatus, WorkItem, WorkPlan

ERRORS = {
    "no_change_right": _("You may not change the work plans of this organization."),
    "no_approve_right": _(
        "Work plans are approved by the level above; you may not decide on this plan."
    ),
    "duplicate": _(
        "%(org)s already has a work plan for %(year)s (“%(title)s”): open it instead of "
        "making a second one."
    ),
    "year_range": _("Choose a year from %(min)s to %(max)s."),
    "title": _("Give the plan a title."),
    "inactive": _("%(org)s is no longer active: it makes no new plans."),
    "not_editable": _(
        "This plan is %(status)s: its items and milestones change only while it is a draft or "
        "returned for revision."
    ),
    "not_submittable": _("Only a draft or a returned plan is submitted; this one is %(status)s."),
    "not_decidable": _("Only a submitted plan is approved or returned; this one is %(status)s."),
    "not_publishable": _("Only an approved plan is published; this one is %(status)s."),
    "empty": _("The plan has no item yet: add its items before submitting it."),
    "no_milestone": _("Items without a milestone: %(numbers)s. Give each item at least one date."),
    "no_owner": _("Items without a responsible person: %(numbers)s."),
    "return_note": _("Say what is to be revised: a returned plan needs a note."),
    "copy_same_year": _("The copy is for another year than %(year)s, the source plan's own."),
}
EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)
# Recorded as the decision note of the county's own plan, approved when submitted.
NO_LEVEL_ABOVE = _("Approved on submission: the county's own plan has no level above.")


def require_change(actor: User, plan: WorkPlan) -> None:
    """403 with a message for a plan the actor sees but may not change; 404 out of reach."""
    require(actor, Action.CHANGE, plan, str(ERRORS["no_change_right"]))


def require_editable(plan: WorkPlan) -> None:
    if plan.status not in EDITABLE:
        params = {"status": plan.get_status_display()}
        raise ValidationError(ERRORS["not_editable"] % params, code="not_editable")


def _locked(plan: WorkPlan) -> WorkPlan:
    """The plan's row, locked for the transition (two clicks decide once)."""
    return (
        WorkPlan.objects.unscoped("the plan being changed, locked; permission checked after")
        .select_for_update(of=("self",))
        .select_related("org")
        .get(pk=plan.pk)
    )


def _check_year(year: int, today: datetime.date) -> None:
    latest = today.year + rules.YEARS_AHEAD
    if not rules.YEAR_MIN <= year <= latest:
        params = {"min": rules.YEAR_MIN, "max": latest}
        raise ValidationError({"year": ERRORS["year_range"] % params})


def _check_free(org: Organization, year: int) -> None:
    taken = (
        WorkPlan.objects.unscoped("one plan per organization and year, whoever sees it")
        .filter(org=org, year=year)
        .values_list("title", flat=True)
        .first()
    )
    if taken is not None:
        params = {"org": org.name, "year": year, "title": taken}
        raise ValidationError({"year": ERRORS["duplicate"] % params})


@transaction.atomic
def plan_create(
    *,
    actor: User,
    org: Organization,
    year: int,
    title: str,
    summary: str = "",
    today: datetime.date | None = None,
) -> WorkPlan:
    """A draft plan of `org` for `year`; one plan per organization and year."""
    require(actor, Action.CHANGE, org, str(ERRORS["no_change_right"]))
    if not org.is_active:
        raise ValidationError({"org": ERRORS["inactive"] % {"org": org.name}})
    _check_year(year, today or tracking.local_today())
    if not title.strip():
        raise ValidationError({"title": ERRORS["title"]})
    _check_free(org, year)
    plan = WorkPlan(
        org=org, year=year, title=title.strip(), summary=summary.strip(), created_by=actor
    )
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="work.plan.create", target=plan, year=year)
    return plan


def shift_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _copied_title(source: WorkPlan, year: int) -> str:
    old = str(source.year)
    return source.title.replace(old, str(year)) if old in source.title else source.title


@transaction.atomic
def plan_copy(
    *,
    actor: User,
    source_plan: WorkPlan,
    year: int,
    title: str = "",
    today: datetime.date | None = None,
) -> WorkPlan:
    """A draft for `year` made from `source_plan` (usually last year's): its items with their
    groups, owners and milestones, every date shifted by whole years (29 February → 28
    February). An owner who no longer belongs to the organization's subtree, or a responsible
    organization that is no longer active there, is left out (the item stays, to be given
    one). Refused when the organization already has a plan for `year`."""
    source = WorkPlan.objects.unscoped("the source, read by the caller").get(pk=source_plan.pk)
    org = Organization.objects.unscoped("the source plan's organization").get(pk=source.org_id)
    require(actor, Action.CHANGE, org, str(ERRORS["no_change_right"]))
    if not org.is_active:
        raise ValidationError({"org": ERRORS["inactive"] % {"org": org.name}})
    _check_year(year, today or tracking.local_today())
    if year == source.year:
        raise ValidationError({"year": ERRORS["copy_same_year"] % {"year": source.year}})
    _check_free(org, year)
    plan = WorkPlan(
        org=org,
        year=year,
        title=(title.strip() or _copied_title(source, year))[:200],
        summary=source.summary,
        copied_from=source,
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    shift = year - source.year
    items = list(
        WorkItem.objects.unscoped("the items of the source plan")
        .filter(plan=source)
        .select_related("org", "owner__primary_org")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.unscoped("the source's milestones"))
        )
        .order_by("number", "pk")
    )
    copies: list[WorkItem] = []
    for number, item in enumerate(items, start=1):
        days = [shift_years(m.due_on, shift) for m in item.milestones.all()]
        deadline = max(days) if days else datetime.date(year, 12, 31)
        in_subtree = item.org.is_active and item.org.path.startswith(org.path)
        owner = item.owner
        if owner is not None and not (
            owner.is_active and owner.primary_org.path.startswith(org.path)
        ):
            owner = None
        copies.append(
            WorkItem(
                plan=plan,
                org=item.org if in_subtree else org,
                number=number,
                kind=item.kind,
                title=item.title,
                target=item.target,
                group=item.group,
                owner=owner,
                deadline=deadline,
                first_deadline=deadline,
            )
        )
    WorkItem.objects.bulk_create(copies)
    Milestone.objects.bulk_create(
        Milestone(item=copy, due_on=shift_years(m.due_on, shift), title=m.title)
        for item, copy in zip(items, copies, strict=True)
        for m in item.milestones.all()
    )
    audit_record(
        actor=actor,
        action="work.plan.copy",
        target=plan,
        year=year,
        source=source.pk,
        items=len(copies),
    )
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: WorkPlan, title: str, summary: str = "") -> WorkPlan:
    """The plan's title and summary, while it is a draft or returned."""
    plan = _locked(plan)
    require_change(actor, plan)
    require_editable(plan)
    if not title.strip():
        raise ValidationError({"title": ERRORS["title"]})
    changes = {
        name: [getattr(plan, name), value.strip()]
        for name, value in (("title", title), ("summary", summary))
        if getattr(plan, name) != value.strip()
    }
    plan.title, plan.summary = title.strip(), summary.strip()
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="work.plan.update", target=plan, changes=changes)
    return plan


def _numbers(numbers: list[int]) -> str:
    return "、".join(str(n) for n in numbers)


def _check_complete(plan: WorkPlan) -> None:
    """Every item has an owner and at least one milestone; the plan is not empty."""
    items = list(
        WorkItem.objects.unscoped("the items of the plan being submitted")
        .filter(plan=plan)
        .order_by("number")
        .values_list("number", "owner_id")
    )
    if not items:
        raise ValidationError({"items": ERRORS["empty"]}, code="empty")
    with_milestone = set(
        Milestone.objects.unscoped("the milestones of the plan being submitted")
        .filter(item__plan=plan)
        .values_list("item__number", flat=True)
    )
    errors = []
    no_milestone = [number for number, _owner in items if number not in with_milestone]
    if no_milestone:
        errors.append(ERRORS["no_milestone"] % {"numbers": _numbers(no_milestone)})
    no_owner = [number for number, owner in items if owner is None]
    if no_owner:
        errors.append(ERRORS["no_owner"] % {"numbers": _numbers(no_owner)})
    if errors:
        raise ValidationError({"items": errors}, code="incomplete")


def _link(plan: WorkPlan) -> str:
    return reverse("work:plan-detail", args=[plan.pk])


@transaction.atomic
def plan_submit(*, actor: User, plan: WorkPlan) -> WorkPlan:
    """报审 — the plan's organization sends it to the level above (CHANGE at plan.org).

    Refused for an empty plan and for items without a milestone or without a responsible
    person, naming their numbers. The approvers nearest above are told.

    The county's own plan (an organization without a parent) has no level above: submitted
    by a holder of CHANGE there, it is approved at once, recorded as such (decided by the
    submitter, the note saying why, and a `work.plan.approve` audit entry marked `at_once`).
    """
    plan = _locked(plan)
    require_change(actor, plan)
    if plan.status not in EDITABLE:
        params = {"status": plan.get_status_display()}
        raise ValidationError(ERRORS["not_submittable"] % params, code="not_submittable")
    _check_complete(plan)
    now = timezone.now()
    plan.status, plan.submitted_at = PlanStatus.SUBMITTED, now
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(actor=actor, action="work.plan.submit", target=plan, year=plan.year)
    if plan.org.parent_id is None:
        plan.status, plan.decided_at, plan.decided_by = PlanStatus.APPROVED, now, actor
        plan.decision_note = str(NO_LEVEL_ABOVE)
        plan.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
        audit_record(actor=actor, action="work.plan.approve", target=plan, at_once=True)
        return plan
    approvers = users_reaching(plan.org.path, Action.APPROVE, nearest_only=True)
    subject = gettext("Work plan to approve: %(org)s, %(year)s") % {
        "org": plan.org.name,
        "year": plan.year,
    }
    link, key = _link(plan), f"work.plan.submit:{plan.pk}:{now.isoformat()}"
    transaction.on_commit(
        lambda: notice_send(recipients=approvers, subject=subject, link=link, key=key)
    )
    return plan


def _require_approve(actor: User, plan: WorkPlan) -> None:
    if not can(actor, Action.APPROVE, plan):
        if can(actor, Action.VIEW, plan):
            raise PermissionDenied(ERRORS["no_approve_right"])
        raise WorkPlan.DoesNotExist(f"WorkPlan {plan.pk} is out of reach")


def _decide(actor: User, plan: WorkPlan, approve: bool, note: str) -> WorkPlan:
    plan = _locked(plan)
    _require_approve(actor, plan)
    if plan.status != PlanStatus.SUBMITTED:
        params = {"status": plan.get_status_display()}
        raise ValidationError(ERRORS["not_decidable"] % params, code="not_decidable")
    if not approve and not note.strip():
        raise ValidationError({"note": ERRORS["return_note"]})
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.RETURNED
    plan.decided_at, plan.decided_by, plan.decision_note = timezone.now(), actor, note.strip()
    plan.save(update_fields=["status", "decided_at", "decided_by", "decision_note", "updated_at"])
    verb = "approve" if approve else "return"
    audit_record(actor=actor, action=f"work.plan.{verb}", target=plan, note=plan.decision_note)
    creator = plan.created_by
    if creator is not None:
        subject = gettext("Your work plan “%(title)s”: %(status)s") % {
            "title": plan.title,
            "status": plan.get_status_display(),
        }
        link, body = _link(plan), plan.decision_note
        key = f"work.plan.{verb}:{plan.pk}:{plan.decided_at.isoformat()}"
        transaction.on_commit(
            lambda: notice_send(
                recipients=[creator], subject=subject, body=body, link=link, key=key
            )
        )
    return plan


@transaction.atomic
def plan_approve(*, actor: User, plan: WorkPlan, note: str = "") -> WorkPlan:
    """审批通过 — by the level above (APPROVE at plan.org); the plan's creator is told."""
    return _decide(actor, plan, True, note)


@transaction.atomic
def plan_return(*, actor: User, plan: WorkPlan, note: str) -> WorkPlan:
    """退回修改 — by the level above, with a note saying what to revise; the creator is told."""
    return _decide(actor, plan, False, note)


@transaction.atomic
def plan_publish(*, actor: User, plan: WorkPlan) -> WorkPlan:
    """发布 — the plan's organization publishes its approved plan (CHANGE at plan.org):
    from now on its items take progress reports, each due by its deadline. The responsible
    people who have an account are told."""
    plan = _locked(plan)
    require_change(actor, plan)
    if plan.status != PlanStatus.APPROVED:
        params = {"status": plan.get_status_display()}
        raise ValidationError(ERRORS["not_publishable"] % params, code="not_publishable")
    plan.status, plan.published_at = PlanStatus.PUBLISHED, timezone.now()
    plan.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action="work.plan.publish", target=plan, year=plan.year)
    # The responsible people with an account learn what they now report on.
    owners = list(
        User.objects.filter(
            person__in=WorkItem.objects.unscoped("the owners of the plan's items")
            .filter(plan=plan)
            .values("owner_id")
        )
    )
    subject = gettext("Published: %(title)s — you are responsible for items of it") % {
        "title": plan.title
    }
    link, key = _link(plan), f"work.plan.publish:{plan.pk}"
    transaction.on_commit(
        lambda: notice_send(recipients=owners, subject=subject, link=link, key=key)
    )
    return plan
