"""Writes of a plan's contents: its items (工作事项, numbered 1, 2, 3… without gaps), their
milestones (推进节点, dated inside the plan's year) and the plan's attachments.

Items and milestones change only while the plan is a draft or returned for revision; until
the plan is published an item's deadline (and original deadline) is its last milestone's
date — the 31 December of the plan's year while it has none. Attachments may be added at any
stage (the approved text is scanned after approval).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from dangjian.lib.files import save_on_commit, upload_errors
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.services import audit_record
from dangjian.work import rules_plan as rules
from dangjian.work.models import ItemKind, Milestone, PlanAttachment, WorkItem, WorkPlan
from dangjian.work.people import responsible_error
from dangjian.work.plan_services import _locked, require_change, require_editable

ERRORS = {
    "kind": _("Choose routine or innovative."),
    "title": _("Give the item a title."),
    "org_outside": _(
        "%(org)s is not %(plan_org)s or an active organization below it: an item is carried out "
        "by the plan's organization or one under it."
    ),
    "too_many_items": _("A plan holds at most %(limit)s items."),
    "milestone_after": _(
        "The milestone date %(date)s is after the plan's year %(year)s: a %(year)s plan's "
        "milestones fall within %(year)s."
    ),
    "milestone_before": _(
        "The milestone date %(date)s is before the plan's year %(year)s: a %(year)s plan's "
        "milestones fall within %(year)s."
    ),
    "milestone_title": _("Say what is to be done by this date."),
    "too_many_milestones": _("An item has at most %(limit)s milestones."),
    "no_file": _("Choose a file to attach."),
}


def _check_item_fields(
    plan: WorkPlan, kind: str, title: str, org: Organization, owner: Person | None
) -> None:
    """Every field error at once, so a form shows them together."""
    errors: dict[str, list] = {}
    if kind not in ItemKind.values:
        errors["kind"] = [ERRORS["kind"]]
    if not title.strip():
        errors["title"] = [ERRORS["title"]]
    plan_org = plan.org
    if not (org.is_active and org.path.startswith(plan_org.path)):
        errors["org"] = [ERRORS["org_outside"] % {"org": org.name, "plan_org": plan_org.name}]
    if owner is not None and (refusal := responsible_error(owner, plan_org)):
        errors["owner"] = [refusal]
    if errors:
        raise ValidationError(errors)


def _items(plan: WorkPlan):
    return WorkItem.objects.unscoped("the items of a plan the actor may change").filter(plan=plan)


@transaction.atomic
def item_add(
    *,
    actor: User,
    plan: WorkPlan,
    kind: str,
    title: str,
    target: str = "",
    group: str = "",
    owner: Person | None = None,
    org: Organization | None = None,
) -> WorkItem:
    """A new item, numbered after the plan's last one; `org` defaults to the plan's own."""
    plan = _locked(plan)
    require_change(actor, plan)
    require_editable(plan)
    org = org or plan.org
    _check_item_fields(plan, kind, title, org, owner)
    last = _items(plan).aggregate(last=Max("number"))["last"] or 0
    if last >= rules.ITEMS_PER_PLAN:
        raise ValidationError({"title": ERRORS["too_many_items"] % {"limit": rules.ITEMS_PER_PLAN}})
    deadline = datetime.date(plan.year, 12, 31)
    item = WorkItem(
        plan=plan,
        org=org,
        number=last + 1,
        kind=kind,
        title=title.strip(),
        target=target.strip(),
        group=group.strip(),
        owner=owner,
        deadline=deadline,
        first_deadline=deadline,
    )
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="work.item.add", target=item, plan=plan.pk, number=item.number)
    return item


@transaction.atomic
def item_update(
    *,
    actor: User,
    item: WorkItem,
    kind: str,
    title: str,
    target: str = "",
    group: str = "",
    owner: Person | None = None,
    org: Organization | None = None,
) -> WorkItem:
    """An item's kind, title, content, group, responsible person and organization."""
    plan = _locked(item.plan)
    require_change(actor, plan)
    require_editable(plan)
    item = _items(plan).select_related("org").get(pk=item.pk)
    org = org or plan.org
    _check_item_fields(plan, kind, title, org, owner)
    fields = {
        "kind": kind,
        "title": title.strip(),
        "target": target.strip(),
        "group": group.strip(),
        "owner_id": owner.pk if owner else None,
        "org_id": org.pk,
    }
    changes = {k: [getattr(item, k), v] for k, v in fields.items() if getattr(item, k) != v}
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="work.item.update", target=item, changes=changes)
    return item


@transaction.atomic
def item_remove(*, actor: User, item: WorkItem) -> None:
    """Remove an item with its milestones; the items after it move up one number."""
    plan = _locked(item.plan)
    require_change(actor, plan)
    require_editable(plan)
    item = _items(plan).get(pk=item.pk)
    audit_record(
        actor=actor, action="work.item.remove", target=item, number=item.number, title=item.title
    )
    number = item.number
    item.delete()
    # One row at a time, in order: the (plan, number) constraint holds after each update.
    for later in _items(plan).filter(number__gt=number).order_by("number"):
        later.number -= 1
        later.save(update_fields=["number"])


def _reset_deadline(item: WorkItem) -> None:
    """The item's deadline = its last milestone's date (31 December without one)."""
    last = (
        Milestone.objects.unscoped("the milestones of an item the actor may change")
        .filter(item=item)
        .aggregate(last=Max("due_on"))["last"]
    )
    deadline = last or datetime.date(item.plan.year, 12, 31)
    WorkItem.objects.unscoped("the item being changed").filter(pk=item.pk).update(
        deadline=deadline, first_deadline=deadline
    )
    item.deadline = item.first_deadline = deadline


@transaction.atomic
def milestone_add(*, actor: User, item: WorkItem, due_on: datetime.date, title: str) -> Milestone:
    """A dated step of an item, inside the plan's year."""
    plan = _locked(item.plan)
    require_change(actor, plan)
    require_editable(plan)
    item = _items(plan).get(pk=item.pk)
    errors: dict[str, list] = {}
    params = {"date": date_format(due_on), "year": plan.year}
    if due_on.year > plan.year:
        errors["due_on"] = [ERRORS["milestone_after"] % params]
    elif due_on.year < plan.year:
        errors["due_on"] = [ERRORS["milestone_before"] % params]
    if not title.strip():
        errors["title"] = [ERRORS["milestone_title"]]
    count = Milestone.objects.unscoped("the milestones of the item").filter(item=item).count()
    if count >= rules.MILESTONES_PER_ITEM:
        errors.setdefault("due_on", []).append(
            ERRORS["too_many_milestones"] % {"limit": rules.MILESTONES_PER_ITEM}
        )
    if errors:
        raise ValidationError(errors)
    milestone = Milestone(item=item, due_on=due_on, title=title.strip())
    milestone.full_clean()
    milestone.save()
    item.plan = plan
    _reset_deadline(item)
    audit_record(
        actor=actor,
        action="work.milestone.add",
        target=milestone,
        item=item.pk,
        due_on=due_on.isoformat(),
    )
    return milestone


@transaction.atomic
def milestone_remove(*, actor: User, milestone: Milestone) -> None:
    item = WorkItem.objects.unscoped("the milestone's item").get(pk=milestone.item_id)
    plan = _locked(item.plan)
    require_change(actor, plan)
    require_editable(plan)
    milestone = Milestone.objects.unscoped("the milestone being removed").get(pk=milestone.pk)
    audit_record(
        actor=actor,
        action="work.milestone.remove",
        target=milestone,
        item=item.pk,
        due_on=milestone.due_on.isoformat(),
    )
    milestone.delete()
    item.plan = plan
    _reset_deadline(item)


def validate_upload(upload: File | None, already: int) -> None:
    """Type, size and number of a plan's files, before anything is written."""
    if upload is None:
        raise ValidationError({"file": ERRORS["no_file"]})
    errors = upload_errors([upload], rules.ATTACHMENTS, already=already)
    if errors:
        raise ValidationError({"file": errors})


@transaction.atomic
def attachment_add(*, actor: User, plan: WorkPlan, upload: File | None) -> PlanAttachment:
    """A file of the plan: its row now, its bytes once the transaction commits."""
    plan = _locked(plan)
    require_change(actor, plan)
    already = (
        PlanAttachment.objects.unscoped("the files of the plan being changed")
        .filter(plan=plan)
        .count()
    )
    validate_upload(upload, already)
    row = PlanAttachment(plan=plan, name=Path(upload.name).name[:200], uploaded_by=actor)
    row.size = save_on_commit(row.file, upload, f"plans/{plan.year}")
    row.save()
    audit_record(actor=actor, action="work.plan_file.add", target=row, name=row.name)
    return row


@transaction.atomic
def attachment_remove(*, actor: User, attachment: PlanAttachment) -> None:
    """Remove a file of the plan (the row now; the bytes after the commit)."""
    row = (
        PlanAttachment.objects.unscoped("the file being removed")
        .select_related("plan")
        .get(pk=attachment.pk)
    )
    plan = _locked(row.plan)
    require_change(actor, plan)
    audit_record(actor=actor, action="work.plan_file.remove", target=row, name=row.name)
    storage, name = row.file.storage, row.file.name
    row.delete()
    transaction.on_commit(lambda: storage.delete(name))
