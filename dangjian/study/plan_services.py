"""Writes of study plans (学习计划) and their readings (学习篇目)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, require
from dangjian.orgs.services import audit_record
from dangjian.study.models import Reading, StudyPlan

ERRORS = {
    "no_change_right": _("You may not change the study plans of this organization."),
}
PLAN_FIELDS = (
    "title",
    "readings_per_year",
    "note_chars_per_month",
    "reflections_per_period",
    "applies_to_positions",
)
READING_FIELDS = ("title", "kind", "source", "month", "body")


def _require_change(actor: User, org: Organization) -> None:
    require(actor, Action.CHANGE, org, ERRORS["no_change_right"])


@transaction.atomic
def plan_create(*, actor: User, org: Organization, year: int, **fields) -> StudyPlan:
    """A plan for the organization's subtree; one per organization and year."""
    _require_change(actor, org)
    plan = StudyPlan(org=org, year=year, **{k: v for k, v in fields.items() if k in PLAN_FIELDS})
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="study.plan.create", target=plan, year=year)
    return plan


@transaction.atomic
def plan_update(*, actor: User, plan: StudyPlan, **fields) -> StudyPlan:
    _require_change(actor, plan.org)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    # Compared with the stored row: a bound ModelForm has already changed `plan` in memory.
    stored = StudyPlan.objects.unscoped("the row being changed, for the audit").get(pk=plan.pk)
    changes = {k: [getattr(stored, k), v] for k, v in fields.items() if getattr(stored, k) != v}
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    audit_record(actor=actor, action="study.plan.update", target=plan, changes=changes)
    return plan


@transaction.atomic
def reading_create(*, actor: User, plan: StudyPlan, **fields) -> Reading:
    _require_change(actor, plan.org)
    reading = Reading(plan=plan, **{k: v for k, v in fields.items() if k in READING_FIELDS})
    reading.full_clean()
    reading.save()
    audit_record(actor=actor, action="study.reading.create", target=reading, title=reading.title)
    return reading


@transaction.atomic
def reading_update(*, actor: User, reading: Reading, **fields) -> Reading:
    _require_change(actor, reading.plan.org)
    for name, value in fields.items():
        if name not in READING_FIELDS:
            raise ValidationError(_("Unknown fields: %(names)s") % {"names": name})
        setattr(reading, name, value)
    reading.full_clean()
    reading.save()
    audit_record(actor=actor, action="study.reading.update", target=reading)
    return reading
