"""Writes of 创先争优 monthly targets (月度目标), one service per step:

    (none) ──target_save──▶ draft ──target_submit──▶ submitted ──target_mark (each item)──▶ marked

- The committee writes and submits its month: whoever may CHANGE at the organization (its
  secretaries, the department's administrators). A submitted month is frozen.
- Submitted after the deadline (day `rules_target.DEADLINE_DAY`, local date in Asia/Shanghai)
  is late, and stays visible as late with its days (target_selectors.status_of).
- Supervisors mark each item 落实 / 部分落实 / 未落实 with a note: whoever holds SCORE or
  APPROVE at the organization (inspectors, the level above) — never the committee itself: a
  user whose only right there is CHANGE (its own secretary) may not mark. A 部分落实 or 未落实
  mark needs a note (our rule: the bulletin lists it with the reason).
Every write is audited; notices go out after the commit.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_target as rules
from dangjian.assess import target_selectors as selectors
from dangjian.assess.models import MonthlyTarget, TargetItem
from dangjian.notices.services import notice_send
from dangjian.orgs.models import Organization, OrgType, User
from dangjian.orgs.scoping import Action, can, grants, may_at, reach_of
from dangjian.orgs.selectors import secretaries_at
from dangjian.orgs.service_base import audit_record

ERRORS = {
    "no_change_right": _("Only the committee itself (its secretaries) may write its targets."),
    "no_mark_right": _(
        "Only the supervisors of %(org)s (inspectors and the level above) mark its targets; "
        "a committee does not mark its own."
    ),
    "not_committee": _(
        "Monthly targets are handed in by grassroots Party committees; %(org)s is not one."
    ),
    "submitted": _("The targets of %(month)s were submitted on %(date)s and no longer change."),
    "not_submitted": _("The targets are marked once the committee has submitted them."),
    "month": _("Targets are handed in for a month from %(first)s to %(last)s."),
    "items_min": _("Give at least %(min)d target."),
    "items_max": _("Give at most %(max)d targets (%(count)d given)."),
    "goal": _("Target %(n)d: write the target."),
    "measures": _("Target %(n)d: write the measures."),
    "goal_long": _("Target %(n)d: the target has at most %(max)d characters (%(count)d)."),
    "measures_long": _("Target %(n)d: the measures have at most %(max)d characters (%(count)d)."),
    "mark": _("Choose 落实, 部分落实 or 未落实."),
    "note": _("Say what was not carried out: a 部分落实 or 未落实 mark needs a note."),
    "note_long": _("The note has at most %(max)d characters."),
    "item": _("This item is not one of the target's."),
    "goal_control": _(
        "Target %(n)d: the target contains an invisible control character; remove it."
    ),
    "measures_control": _(
        "Target %(n)d: the measures contain an invisible control character; remove it."
    ),
    "note_control": _("The note contains an invisible control character; remove it."),
    "own_mark": _(
        "%(org)s's own secretaries and whoever submitted its month do not mark its targets."
    ),
}

# Control characters a document cannot hold (XML 1.0): all but tab, line feed and carriage
# return (a browser's textarea sends line breaks as CR LF).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control(text: str | None) -> bool:
    return bool(CONTROL.search(text or ""))


def may_write(user: User, org: Organization) -> bool:
    return may_at(user, Action.CHANGE, org.path)


def may_mark(user: User, org: Organization) -> bool:
    """Inspectors (SCORE) and the level above (APPROVE reaches only below one's own org) —
    never the committee itself: not a user holding CHANGE by a grant at the committee or
    below it (its own chain), whatever other grant they hold."""
    if not (may_at(user, Action.SCORE, org.path) or may_at(user, Action.APPROVE, org.path)):
        return False
    return user.is_superuser or not owns(user, org)


def owns(user: User, org: Organization) -> bool:
    """Whether the user writes for the committee: a CHANGE grant at it or below it."""

    return any(
        grant.org_path.startswith(org.path) and reach_of(grant.role, Action.CHANGE)
        for grant in grants(user)
    )


def _month_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    current = today.replace(day=1)
    return (
        selectors.add_months(current, -rules.MONTHS_BACK),
        selectors.add_months(current, rules.MONTHS_AHEAD),
    )


def check_month(month: datetime.date, today: datetime.date) -> None:
    first, last = _month_bounds(today)
    if not first <= month <= last:
        raise ValidationError(
            {
                "month": ValidationError(
                    ERRORS["month"] % {"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"},
                    code="month",
                )
            }
        )


def item_errors(items: Sequence[dict]) -> list[str]:
    """Each problem of the items, by its number (1-based); empty when they are fine."""
    errors: list[str] = []
    if len(items) < rules.ITEMS_MIN:
        errors.append(gettext(ERRORS["items_min"]) % {"min": rules.ITEMS_MIN})
    if len(items) > rules.ITEMS_MAX:
        errors.append(gettext(ERRORS["items_max"]) % {"max": rules.ITEMS_MAX, "count": len(items)})
        return errors
    for n, item in enumerate(items, start=1):
        goal = (item.get("goal") or "").strip()
        measures = (item.get("measures") or "").strip()
        if not goal:
            errors.append(gettext(ERRORS["goal"]) % {"n": n})
        elif has_control(goal):
            errors.append(gettext(ERRORS["goal_control"]) % {"n": n})
        elif len(goal) > rules.GOAL_MAX_CHARS:
            errors.append(
                gettext(ERRORS["goal_long"])
                % {"n": n, "max": rules.GOAL_MAX_CHARS, "count": len(goal)}
            )
        if not measures:
            errors.append(gettext(ERRORS["measures"]) % {"n": n})
        elif has_control(measures):
            errors.append(gettext(ERRORS["measures_control"]) % {"n": n})
        elif len(measures) > rules.MEASURES_MAX_CHARS:
            errors.append(
                gettext(ERRORS["measures_long"])
                % {"n": n, "max": rules.MEASURES_MAX_CHARS, "count": len(measures)}
            )
    return errors


def _require_org(actor: User, org: Organization) -> None:
    """404 out of sight, 403 without CHANGE, 400 for an organization that is no committee."""
    if not can(actor, Action.VIEW, org):
        raise Organization.DoesNotExist(f"Organization {org.pk} is out of reach")
    if not may_write(actor, org):
        raise PermissionDenied(ERRORS["no_change_right"])
    if org.org_type != OrgType.COMMITTEE or org.depth < 1 or not org.is_active:
        raise ValidationError(
            {"org": ValidationError(ERRORS["not_committee"] % {"org": org.name}, code="org")}
        )


def _locked(org: Organization, month: datetime.date) -> MonthlyTarget | None:
    return (
        MonthlyTarget.objects.unscoped("the month being written, already permission-checked")
        .select_for_update()
        .filter(org=org, month=month)
        .first()
    )


@transaction.atomic
def target_save(
    *,
    actor: User,
    org: Organization,
    month: datetime.date,
    items: Sequence[dict],
    submit: bool = False,
    today: datetime.date | None = None,
) -> MonthlyTarget:
    """Write the month's targets as a draft (replacing the draft's items), and submit them
    with `submit`. All or nothing; each refusal names its field."""
    today = today or selectors.local_today()
    month = month.replace(day=1)
    _require_org(actor, org)
    check_month(month, today)
    errors = item_errors(items)
    if errors:
        raise ValidationError({"items": errors})
    target = _locked(org, month)
    if target is not None and target.status == MonthlyTarget.Status.SUBMITTED:
        raise ValidationError(
            ERRORS["submitted"]
            % {
                "month": f"{month:%Y-%m}",
                "date": f"{selectors.submitted_on(target):%Y-%m-%d}",
            },
            code="submitted",
        )
    created = target is None
    if created:
        target = MonthlyTarget.objects.create(
            org=org, month=month, deadline=selectors.deadline_of(month)
        )
    else:
        TargetItem.objects.unscoped("the draft's items, replaced").filter(target=target).delete()
    TargetItem.objects.bulk_create(
        TargetItem(
            target=target,
            position=n,
            goal=item["goal"].strip(),
            measures=item["measures"].strip(),
        )
        for n, item in enumerate(items, start=1)
    )
    audit_record(
        actor=actor,
        action="assess.target.create" if created else "assess.target.edit",
        target=target,
        month=f"{month:%Y-%m}",
        items=len(items),
    )
    if submit:
        _submit(actor, target)
    return target


def _submit(actor: User, target: MonthlyTarget) -> None:
    now = timezone.now()
    MonthlyTarget.objects.unscoped("the month being submitted").filter(pk=target.pk).update(
        status=MonthlyTarget.Status.SUBMITTED, submitted_at=now, submitted_by=actor
    )
    target.status, target.submitted_at, target.submitted_by = (
        MonthlyTarget.Status.SUBMITTED,
        now,
        actor,
    )
    late = selectors.days_late(target)
    audit_record(
        actor=actor,
        action="assess.target.submit",
        target=target,
        month=f"{target.month:%Y-%m}",
        days_late=late,
    )


@transaction.atomic
def target_submit(*, actor: User, target: MonthlyTarget) -> MonthlyTarget:
    """Submit a draft as it stands (it has its items already)."""
    _require_org(actor, target.org)
    locked = _locked(target.org, target.month)
    if locked is None or locked.status == MonthlyTarget.Status.SUBMITTED:
        raise ValidationError(
            ERRORS["submitted"]
            % {
                "month": f"{target.month:%Y-%m}",
                "date": f"{selectors.submitted_on(locked):%Y-%m-%d}" if locked else "",
            },
            code="submitted",
        )
    items = [{"goal": i.goal, "measures": i.measures} for i in selectors.items_of(locked)]
    errors = item_errors(items)
    if errors:
        raise ValidationError({"items": errors})
    _submit(actor, locked)
    return locked


@transaction.atomic
def target_mark(
    *, actor: User, target: MonthlyTarget, item: TargetItem, mark: str, note: str = ""
) -> TargetItem:
    """A supervisor marks one item 落实 / 部分落实 / 未落实, with a note; audited (old → new)."""
    if not can(actor, Action.VIEW, target):
        raise MonthlyTarget.DoesNotExist(f"MonthlyTarget {target.pk} is out of reach")
    if not may_mark(actor, target.org):
        if may_at(actor, Action.SCORE, target.org.path) or may_at(
            actor, Action.APPROVE, target.org.path
        ):
            raise PermissionDenied(ERRORS["own_mark"] % {"org": target.org.name})
        raise PermissionDenied(ERRORS["no_mark_right"] % {"org": target.org.name})
    if target.submitted_by_id is not None and target.submitted_by_id == actor.pk:
        raise PermissionDenied(ERRORS["own_mark"] % {"org": target.org.name})
    if target.status != MonthlyTarget.Status.SUBMITTED:
        raise ValidationError(ERRORS["not_submitted"], code="not_submitted")
    if item.target_id != target.pk:
        raise ValidationError({"item": ValidationError(ERRORS["item"], code="item")})
    note = (note or "").strip()
    errors = {}
    if mark not in TargetItem.Mark.values:
        errors["mark"] = ValidationError(ERRORS["mark"], code="mark")
    elif mark != TargetItem.Mark.DONE and not note:
        errors["note"] = ValidationError(ERRORS["note"], code="note")
    if len(note) > rules.NOTE_MAX_CHARS:
        errors["note"] = ValidationError(
            ERRORS["note_long"] % {"max": rules.NOTE_MAX_CHARS}, code="note_long"
        )
    elif has_control(note):
        errors["note"] = ValidationError(ERRORS["note_control"], code="note_control")
    if errors:
        raise ValidationError(errors)
    old = {"mark": item.mark, "note": item.note}
    now = timezone.now()
    TargetItem.objects.unscoped("the item being marked, already permission-checked").filter(
        pk=item.pk
    ).update(mark=mark, note=note, marked_by=actor, marked_at=now)
    item.mark, item.note, item.marked_by, item.marked_at = mark, note, actor, now
    audit_record(
        actor=actor,
        action="assess.target.mark",
        target=target,
        item=item.pk,
        position=item.position,
        mark=[old["mark"], mark],
        note=[old["note"], note],
    )
    if mark == TargetItem.Mark.NOT_DONE:
        _tell_committee(target, item)
    return item


def _tell_committee(target: MonthlyTarget, item: TargetItem) -> None:
    recipients = secretaries(target.org)
    subject = gettext("Target %(n)d of %(month)s was marked 未落实: %(goal)s") % {
        "n": item.position,
        "month": f"{target.month:%Y-%m}",
        "goal": item.goal[:60],
    }
    link = reverse("assess:target-detail", args=[target.pk])
    key = f"assess.target.not_done:{item.pk}"
    transaction.on_commit(
        lambda: notice_send(recipients=recipients, subject=subject, link=link, key=key)
    )


def secretaries(org: Organization) -> list[User]:
    """Active accounts holding a secretary grant at the organization itself."""
    return secretaries_at([org.pk]).get(org.pk, [])
