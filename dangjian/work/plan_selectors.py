"""Reads of annual work plans, scoped to the user: the list, one plan with its items and
milestones (a fixed number of queries), the approval queue and the schedule (推进日程表)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, may_at, person_id_of, scope_prefixes
from dangjian.work import rules_plan as rules
from dangjian.work.models import (
    Milestone,
    PlanAttachment,
    PlanStatus,
    WorkItem,
    WorkPlan,
)


@dataclass(frozen=True)
class PlanFilters:
    year: int | None = None
    under: Organization | None = None
    status: str = ""


def plan_queryset(user: User, action: str = Action.VIEW) -> QuerySet[WorkPlan]:
    """Plans in reach for `action`. Someone who sees a plan only as the responsible person of
    one of its items (a member) sees it once published, never a draft."""
    plans = WorkPlan.objects.visible_to(user, action)
    if action != Action.VIEW or user.is_superuser:
        return plans
    in_reach = Q(pk__in=[])
    for prefix in scope_prefixes(user, Action.VIEW):
        in_reach |= Q(org__path__startswith=prefix)
    return plans.filter(in_reach | Q(status=PlanStatus.PUBLISHED))


def sees_whole_plan(user: User, plan: WorkPlan) -> bool:
    """Whether the user reaches the plan's organization (all its items, people and files),
    rather than seeing it through their own items only."""
    return may_at(user, Action.VIEW, plan.org.path)


def plan_list(user: User, filters: PlanFilters) -> QuerySet[WorkPlan]:
    """Plans in reach, newest year first, then by organization; with their item counts."""
    plans = plan_queryset(user)
    if filters.year is not None:
        plans = plans.filter(year=filters.year)
    if filters.under is not None:
        plans = plans.filter(org__path__startswith=filters.under.path)
    if filters.status in PlanStatus.values:
        plans = plans.filter(status=filters.status)
    return (
        plans.select_related("org")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("-year", "org__path", "pk")
    )


def plan_get(user: User, pk: int, action: str = Action.VIEW) -> WorkPlan:
    """A plan in reach for `action` (404 otherwise), with its organization."""
    return get_object_or_404(
        plan_queryset(user, action).select_related("org", "decided_by", "copied_from"), pk=pk
    )


def _milestones() -> Prefetch:
    return Prefetch(
        "milestones",
        queryset=Milestone.objects.unscoped("the milestones of a plan the caller may see"),
    )


def plan_items(user: User, plan: WorkPlan) -> list[WorkItem]:
    """The items of a plan the user may see (`plan_get`), with organization, owner and
    milestones: two queries whatever the number of items. A member sees their own items only
    — not the names and items of people out of their reach."""
    items = WorkItem.objects.unscoped("the items of a plan the caller may see").filter(plan=plan)
    if not sees_whole_plan(user, plan):
        items = items.filter(owner_id=person_id_of(user) or 0)
    return list(
        items.select_related("org", "owner")
        .prefetch_related(_milestones())
        .order_by("number", "pk")
    )


def plan_attachments(user: User, plan: WorkPlan) -> list[PlanAttachment]:
    """The plan's files, for those who reach its organization."""
    if not sees_whole_plan(user, plan):
        return []
    return list(
        PlanAttachment.objects.unscoped("the files of a plan the caller may see").filter(plan=plan)
    )


def item_get(user: User, pk: int, action: str = Action.VIEW) -> WorkItem:
    """An item of a plan in reach for `action` (the plan's scope decides, as pages act on the
    plan), with its plan and the plan's organization."""
    plans = plan_queryset(user, action).values("pk")
    return get_object_or_404(
        WorkItem.objects.unscoped("an item of a plan in the caller's reach (filtered below)")
        .filter(plan__in=plans)
        .select_related("plan__org", "org", "owner"),
        pk=pk,
    )


def milestone_get(user: User, pk: int, action: str = Action.VIEW) -> Milestone:
    plans = plan_queryset(user, action).values("pk")
    return get_object_or_404(
        Milestone.objects.unscoped("a milestone of a plan in the caller's reach")
        .filter(item__plan__in=plans)
        .select_related("item__plan__org"),
        pk=pk,
    )


def attachment_get(user: User, pk: int, action: str = Action.VIEW) -> PlanAttachment:
    plans = plan_queryset(user, action).values("pk")
    return get_object_or_404(
        PlanAttachment.objects.unscoped("a file of a plan in the caller's reach")
        .filter(plan__in=plans)
        .select_related("plan__org"),
        pk=pk,
    )


def approval_queue(user: User) -> QuerySet[WorkPlan]:
    """Submitted plans the user may approve (the level above), the oldest submission first."""
    return (
        plan_queryset(user, Action.APPROVE)
        .filter(status=PlanStatus.SUBMITTED)
        .select_related("org")
        .annotate(item_count=Count("items", distinct=True))
        .order_by("submitted_at", "pk")
    )


def last_year_plan(user: User, org: Organization, year: int) -> WorkPlan | None:
    """The organization's plan of the year before `year`, if the user sees it (to copy)."""
    return plan_queryset(user).filter(org=org, year=year - 1).first()


# ---- the schedule (推进日程表) -------------------------------------------------------------


@dataclass
class ScheduleRow:
    item: WorkItem
    # Twelve lists, January first: the item's milestones falling in each month of the year.
    months: list[list[Milestone]] = field(default_factory=list)


def schedule_rows(items: list[WorkItem], year: int) -> list[ScheduleRow]:
    """Items × 12 months, each milestone of `year` in its month (prefetched milestones)."""
    rows = []
    for item in items:
        months: list[list[Milestone]] = [[] for _month in rules.MONTHS]
        for milestone in item.milestones.all():
            if milestone.due_on.year == year:
                months[milestone.due_on.month - 1].append(milestone)
        rows.append(ScheduleRow(item, months))
    return rows


def schedule_items(user: User, org: Organization, year: int) -> QuerySet[WorkItem]:
    """The items of the published plans of `org`'s subtree for `year` that the user sees (the
    caller obtained `org` through `subtree_org`), by organization and number."""
    plans = (
        plan_queryset(user)
        .filter(year=year, status=PlanStatus.PUBLISHED, org__path__startswith=org.path)
        .values("pk")
    )
    return (
        WorkItem.objects.unscoped("the items of plans in the caller's reach (filtered below)")
        .filter(plan__in=plans)
        .select_related("plan__org", "org", "owner")
        .prefetch_related(_milestones())
        .order_by("plan__org__path", "number", "pk")
    )


def months_of(rows: list[ScheduleRow]) -> list[tuple[int, list[tuple[WorkItem, Milestone]]]]:
    """The phone's view of a schedule: month by month, the milestones due in it."""
    by_month: list[tuple[int, list[tuple[WorkItem, Milestone]]]] = []
    for month in rules.MONTHS:
        due = [(row.item, m) for row in rows for m in row.months[month - 1]]
        due.sort(key=lambda pair: (pair[1].due_on, pair[0].number))
        by_month.append((month, due))
    return by_month
