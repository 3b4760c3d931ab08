"""Writes of report-style progress (报账式推进) on work items, one service per transition:

    open ──report done──────────▶ reported ──close (注销)──▶ closed
      ▲  └─report partly/not done─┘ (stays open)   │
      └──────────────return (verification refused)─┘

- The responsible person (责任人) reports, or anyone who may change the item's organization
  (a secretary for their subtree — the report says it was made on the owner's behalf).
- The rules of a report are `dangjian.work.tracking.report_errors`: a not-done report, and any
  report on an overdue item, gives the reason, further measures and a new deadline; the new
  deadline moves the item's deadline and is kept as an `ItemDeadlineChange`.
- The plan's organization (the plan owner) verifies: it closes (注销) an item reported done, or
  returns it (open again, with a note); it may also move a deadline, with a reason.
Notices go out after the commit.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.lib.files import upload_errors
from dangjian.notices.services import notice_send
from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, can, may_at, person_id_of
from dangjian.orgs.selectors import users_reaching
from dangjian.orgs.service_base import audit_record
from dangjian.work import reporting, tracking
from dangjian.work import rules as shared_rules
from dangjian.work.models import (
    ItemDeadlineChange,
    ItemEvidence,
    ItemReport,
    Milestone,
    PlanStatus,
    WorkItem,
)
from dangjian.work.models.tracking import Outcome, TrackedStatus

ERRORS = {
    "no_report_right": _(
        "Only the person responsible for this item, or a secretary of its organization, may "
        "report on it."
    ),
    "no_close_right": _(
        "Closing an item one may not approve: only %(org)s, whose plan holds this item, "
        "verifies and closes it."
    ),
    "no_return_right": _(
        "Only %(org)s, whose plan holds this item, may return a report for rework."
    ),
    "no_deadline_right": _("Only %(org)s, whose plan holds this item, may move its deadline."),
    "not_published": _(
        "Progress is reported only on the items of a published plan; this plan is “%(status)s”."
    ),
    "not_reported": _("Only an item reported done can be verified; this one is “%(status)s”."),
    "closed_deadline": _("This item is closed: its deadline no longer moves."),
    "milestone": _("The milestone is not one of this item's."),
    "note": _("Say why the report is returned, so the owner knows what to redo."),
    "deadline_reason": _("Give the reason the deadline moves."),
    "deadline_missing": _("Give the new deadline."),
    "deadline_same": _("The new deadline is the current one (%(date)s)."),
}


def _plan_org_path(item: WorkItem) -> str:
    return item.plan.org.path


def may_report(user: User, item: WorkItem) -> bool:
    """The responsible person, or anyone who may change the item's organization."""
    owner = item.owner_id is not None and person_id_of(user) == item.owner_id
    return owner or may_at(user, Action.CHANGE, item.org.path)


def may_verify(user: User, item: WorkItem) -> bool:
    """The plan's organization (the plan owner): close, return, move the deadline."""
    return may_at(user, Action.CHANGE, _plan_org_path(item))


def _require_visible(actor: User, item: WorkItem) -> None:
    """Out of reach → the model's DoesNotExist (404), before any other answer."""
    if not can(actor, Action.VIEW, item):
        raise WorkItem.DoesNotExist(f"WorkItem {item.pk} is out of reach")


def _require_verifier(actor: User, item: WorkItem, error: str) -> None:
    _require_visible(actor, item)
    if not may_verify(actor, item):
        raise PermissionDenied(ERRORS[error] % {"org": item.plan.org.name})


def _locked(item: WorkItem) -> WorkItem:
    """The item re-read under a row lock: two reports at once cannot both pass the checks."""
    return (
        WorkItem.objects.unscoped("the item being written, already permission-checked")
        .select_for_update(of=("self",))
        .select_related("plan", "plan__org", "org", "owner")
        .get(pk=item.pk)
    )


def _item_link(item: WorkItem) -> str:
    return reverse("work:item-detail", args=[item.pk])


def _owner_accounts(item: WorkItem) -> list[User]:
    account = item.owner.user if item.owner_id and item.owner.user_id else None
    return [account] if account is not None and account.is_active else []


def _tell(recipients: list[User], subject: str, item: WorkItem, key: str) -> None:
    link = _item_link(item)
    transaction.on_commit(
        lambda: notice_send(recipients=recipients, subject=subject, link=link, due_on=None, key=key)
    )


@transaction.atomic
def item_report(
    *,
    actor: User,
    item: WorkItem,
    outcome: str,
    text: str,
    reason: str = "",
    measures: str = "",
    new_deadline: datetime.date | None = None,
    milestone: Milestone | None = None,
    files: Sequence[File] = (),
    today: datetime.date | None = None,
) -> ItemReport:
    """报账 — one report on `item` (done, partly, not done), with its evidence files. All of it
    or nothing: every refusal names its field."""
    today = today or tracking.local_today()
    _require_visible(actor, item)
    item = _locked(item)
    if not may_report(actor, item):
        raise PermissionDenied(ERRORS["no_report_right"])
    if item.plan.status != PlanStatus.PUBLISHED:
        label = PlanStatus(item.plan.status).label
        raise ValidationError(ERRORS["not_published"] % {"status": label}, code="not_published")
    data = {
        "outcome": outcome,
        "text": text,
        "reason": reason,
        "measures": measures,
        "new_deadline": new_deadline,
    }
    errors = tracking.report_errors(item, data, today)  # raises for closed / awaiting
    if new_deadline is not None and not reason.strip() and "reason" not in errors:
        # Every deadline change is kept with its reason, also one offered with a partial report.
        errors["reason"] = [str(ERRORS["deadline_reason"])]
    if milestone is not None and milestone.item_id != item.pk:
        errors["milestone"] = [str(ERRORS["milestone"])]
    file_errors = upload_errors(files, shared_rules.EVIDENCE)
    if file_errors:
        errors["files"] = file_errors
    if errors:
        raise ValidationError(errors)

    was_overdue = tracking.is_overdue(item, today)
    on_behalf = person_id_of(actor) != item.owner_id or item.owner_id is None
    report = reporting.record_report(
        actor=actor,
        row=item,
        link="item",
        report_model=ItemReport,
        evidence_model=ItemEvidence,
        change_model=ItemDeadlineChange,
        on_behalf=on_behalf,
        fields=data,
        files=files,
        folder="items",
        today=today,
        milestone=milestone,
    )
    if milestone is not None and outcome in (Outcome.DONE, Outcome.PARTLY):
        Milestone.objects.unscoped("the milestone of the item being reported").filter(
            pk=milestone.pk, met_on__isnull=True
        ).update(met_on=today)
    audit_record(
        actor=actor,
        action="work.item.report",
        target=item,
        report=report.pk,
        outcome=outcome,
        was_overdue=was_overdue,
        on_behalf=on_behalf,
        new_deadline=new_deadline.isoformat() if new_deadline else None,
        files=len(files),
    )
    if outcome == Outcome.DONE:
        subject = gettext("“%(item)s” (%(org)s) is reported done, awaiting verification") % {
            "item": item.title,
            "org": item.org.name,
        }
        recipients = users_reaching(_plan_org_path(item), Action.CHANGE, nearest_only=True)
        _tell(recipients, subject, item, f"work.item.reported:{report.pk}")
    return report


@transaction.atomic
def item_close(*, actor: User, item: WorkItem, note: str = "") -> WorkItem:
    """注销 — the plan owner verifies an item reported done and closes it."""
    _require_verifier(actor, item, "no_close_right")
    item = _locked(item)
    if item.status != TrackedStatus.REPORTED:
        label = TrackedStatus(item.status).label
        raise ValidationError(ERRORS["not_reported"] % {"status": label}, code="not_reported")
    reporting.close(actor=actor, row=item)
    audit_record(actor=actor, action="work.item.close", target=item, note=note.strip())
    subject = gettext("“%(item)s” was verified and closed") % {"item": item.title}
    _tell(_owner_accounts(item), subject, item, f"work.item.closed:{item.pk}")
    return item


@transaction.atomic
def item_return(*, actor: User, item: WorkItem, note: str) -> WorkItem:
    """Verification refused: the item reported done is open again; the note says why."""
    _require_verifier(actor, item, "no_return_right")
    item = _locked(item)
    if item.status != TrackedStatus.REPORTED:
        label = TrackedStatus(item.status).label
        raise ValidationError(ERRORS["not_reported"] % {"status": label}, code="not_reported")
    if not note.strip():
        raise ValidationError({"note": [str(ERRORS["note"])]})
    errors = tracking.length_errors(note=note)
    if errors:
        raise ValidationError(errors)
    item.status = TrackedStatus.OPEN
    item.save(update_fields=["status"])
    # The milestone the returned done report met is not met after all.
    returned = (
        ItemReport.objects.unscoped("the report being returned, of a locked item")
        .filter(item=item, outcome=Outcome.DONE)
        .order_by("-reported_at", "-pk")
        .values_list("milestone_id", flat=True)
        .first()
    )
    if returned is not None:
        Milestone.objects.unscoped("a milestone of the locked item").filter(
            pk=returned, item=item
        ).update(met_on=None)
    audit_record(actor=actor, action="work.item.return", target=item, note=note.strip())
    subject = gettext("“%(item)s” was returned: %(note)s") % {
        "item": item.title,
        "note": note.strip()[:100],
    }
    now = timezone.now()
    _tell(_owner_accounts(item), subject, item, f"work.item.returned:{item.pk}:{now:%Y%m%d%H%M%S}")
    return item


@transaction.atomic
def item_deadline_change(
    *,
    actor: User,
    item: WorkItem,
    new_deadline: datetime.date | None,
    reason: str,
    today: datetime.date | None = None,
) -> ItemDeadlineChange:
    """The plan owner moves an item's deadline, with a reason (every change is kept)."""
    today = today or tracking.local_today()
    _require_verifier(actor, item, "no_deadline_right")
    item = _locked(item)
    if item.status == TrackedStatus.CLOSED:
        raise ValidationError(ERRORS["closed_deadline"], code="closed")
    errors: dict[str, list[str]] = {}
    if new_deadline is None:
        errors["new_deadline"] = [str(ERRORS["deadline_missing"])]
    elif refusal := tracking.deadline_error(new_deadline, today):
        errors["new_deadline"] = [refusal]
    elif new_deadline == item.deadline:
        errors["new_deadline"] = [
            str(ERRORS["deadline_same"] % {"date": date_format(new_deadline)})
        ]
    if not reason.strip():
        errors["reason"] = [str(ERRORS["deadline_reason"])]
    errors.update(tracking.length_errors(reason=reason))
    if errors:
        raise ValidationError(errors)
    old = item.deadline
    change = reporting.move_deadline(
        actor=actor,
        row=item,
        link="item",
        change_model=ItemDeadlineChange,
        new_deadline=new_deadline,
        reason=reason.strip(),
    )
    item.save(update_fields=["deadline", "overdue_noticed_on"])
    audit_record(
        actor=actor,
        action="work.item.deadline",
        target=item,
        old=old.isoformat(),
        new=new_deadline.isoformat(),
        reason=reason.strip(),
    )
    subject = gettext("The deadline of “%(item)s” moved to %(date)s") % {
        "item": item.title,
        "date": date_format(new_deadline),
    }
    _tell(_owner_accounts(item), subject, item, f"work.item.deadline:{change.pk}")
    return change
