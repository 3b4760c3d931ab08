"""Writes of village contact and visits (包村 / 下基层): pairing a unit (and one of its cadres)
with a grassroots organization, ending that pairing, and recording a visit.

Who may record a visit (visit_record):
- anyone with CHANGE at the visited organization (its secretary, the township, the
  department), for a visitor they can see or who is assigned to the organization that day;
- the visitor themselves (the account's person) for an organization they are assigned to on
  the day of the visit — as its cadre, or through their unit (an assignment of the unit their
  primary organization belongs to), wherever that organization lies in the tree.
A visit to an organization one may see but neither manages nor is assigned to is refused with
that reason (403); one the caller cannot even see and is not assigned to is a 404.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from dangjian.orgs import rules as org_rules
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, can, may_at, person_id_of, require
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope
from dangjian.work import rules_visit as rules
from dangjian.work.models import ContactAssignment, Visit
from dangjian.work.tracking import local_today

ERRORS = {
    "no_right_assign": _("You may not change the contact assignments of this organization."),
    "not_grassroots": _(
        "%(org)s is not a grassroots organization (a branch or general branch of a village or "
        "community): visits and contact assignments are for those."
    ),
    "inactive": _("%(org)s is no longer active."),
    "unit_out_of_reach": _("No such organization in your reach."),
    "unit_category": _(
        "%(unit)s cannot be a contact unit: choose a county unit, a township or the county "
        "committee."
    ),
    "unit_inside": _("%(unit)s lies inside %(org)s: a contact unit comes from outside."),
    "cadre_outside_unit": _("%(name)s does not belong to %(unit)s or an organization below it."),
    "cadre_left": _("%(name)s is no longer an active member."),
    "assignment_twice": _("%(who)s is already assigned to %(org)s since %(since)s."),
    "already_ended": _("This assignment already ended on %(on)s."),
    "end_before_start": _("The assignment cannot end (%(on)s) before it began (%(since)s)."),
    "visit_out_of_scope": _(
        "You may not record a visit to %(org)s: you neither manage it nor are assigned to it "
        "as a contact cadre."
    ),
    "not_assigned_that_day": _(
        "You were not assigned to %(org)s on %(date)s: record the visits of the days you were "
        "its contact cadre, or ask its secretary."
    ),
    "visitor_out_of_reach": _(
        "No such person in your reach or assigned to this organization on that day."
    ),
    "visitor_inside": _(
        "%(name)s belongs to %(org)s: a visit (下基层) is made by a cadre from outside."
    ),
    "visitor_left": _("%(name)s is no longer an active member."),
    "date_range": _("Enter a date between %(min)s and %(max)s."),
    "future": _("The visit is dated %(date)s, after today (%(today)s): record it once made."),
    "too_early": _(
        "The visit is dated %(date)s, before %(earliest)s: the log holds this year's and last "
        "year's visits."
    ),
    "purpose": _("Say why the visit was made (choose a purpose or write one)."),
    "too_long": _("%(chars)s characters; at most %(limit)s are accepted."),
    "delete_not_recorder": _(
        "Only the person who recorded a visit may delete it, within %(days)s days of recording it."
    ),
    "delete_too_late": _(
        "This visit was recorded on %(on)s, more than %(days)s days ago: it stays in the log."
    ),
    "duplicate": _("%(name)s's visit to %(org)s on %(date)s is already recorded."),
}


def is_grassroots(org: Organization) -> bool:
    return (
        org.org_type in rules.GRASSROOTS_ORG_TYPES and org.category in rules.GRASSROOTS_CATEGORIES
    )


def grassroots_q(prefix: str = "") -> Q:
    """The organizations the visit rule covers (rules_visit), active ones."""
    return Q(
        **{
            f"{prefix}org_type__in": rules.GRASSROOTS_ORG_TYPES,
            f"{prefix}category__in": rules.GRASSROOTS_CATEGORIES,
            f"{prefix}is_active": True,
        }
    )


def in_force_q(first: datetime.date, last: datetime.date) -> Q:
    """Assignments in force on at least one day of [first, last]."""
    return Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first))


def assignments_of(person: Person) -> Q:
    """The assignments that make `person` a contact: as the cadre named, or as a member of
    the unit itself (their primary organization is the unit). Not through an organization
    above them: a township or the county paired with a village would otherwise make every
    member below it a contact of that village, free to record visits there."""
    return Q(cadre=person) | Q(unit_id=person.primary_org_id)


def assigned_org_ids(
    person: Person, first: datetime.date, last: datetime.date | None = None
) -> set[int]:
    """Organizations `person` is assigned to on some day of [first, last] (one query)."""
    rows = ContactAssignment.objects.unscoped("the assignments of one person, checked by caller")
    rows = rows.filter(assignments_of(person), in_force_q(first, last or first))
    return set(rows.values_list("org_id", flat=True))


def _text_errors(errors: dict, **texts: str) -> None:
    for name, text in texts.items():
        if len(text) > rules.TEXT_MAX_CHARS:
            params = {"chars": f"{len(text):,}", "limit": f"{rules.TEXT_MAX_CHARS:,}"}
            errors[name] = [ValidationError(ERRORS["too_long"], params=params)]


# ---- assignments (包村联系) ------------------------------------------------------------------


def _check_unit(actor: User, org: Organization, unit: Organization, errors: dict) -> None:
    if not can(actor, Action.VIEW, unit):
        errors["unit"] = [ERRORS["unit_out_of_reach"]]
    elif unit.category not in rules.CONTACT_UNIT_CATEGORIES:
        errors["unit"] = [ValidationError(ERRORS["unit_category"], params={"unit": unit.name})]
    elif unit.path.startswith(org.path):
        params = {"unit": unit.name, "org": org.name}
        errors["unit"] = [ValidationError(ERRORS["unit_inside"], params=params)]


def _check_cadre(org: Organization, unit: Organization, cadre: Person | None, errors: dict) -> None:
    if cadre is None or "unit" in errors:
        return
    if not cadre.primary_org.path.startswith(unit.path):
        params = {"name": cadre.name, "unit": unit.name}
        errors["cadre"] = [ValidationError(ERRORS["cadre_outside_unit"], params=params)]
    elif cadre.primary_org.path.startswith(org.path):
        params = {"name": cadre.name, "org": org.name}
        errors["cadre"] = [ValidationError(ERRORS["visitor_inside"], params=params)]
    elif not cadre.is_active or cadre.exit_on is not None:
        errors["cadre"] = [ValidationError(ERRORS["cadre_left"], params={"name": cadre.name})]


@transaction.atomic
def assignment_create(
    *,
    actor: User,
    org: Organization,
    unit: Organization,
    cadre: Person | None = None,
    started_on: datetime.date,
) -> ContactAssignment:
    """Pair `unit` (and its cadre, if named) with the grassroots organization `org` from
    `started_on`. CHANGE at `org`; the unit must be in the actor's sight."""
    require(actor, Action.CHANGE, org, str(ERRORS["no_right_assign"]))
    errors: dict[str, list] = {}
    if not is_grassroots(org):
        errors["org"] = [ValidationError(ERRORS["not_grassroots"], params={"org": org.name})]
    elif not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive"], params={"org": org.name})]
    _check_unit(actor, org, unit, errors)
    _check_cadre(org, unit, cadre, errors)
    earliest = org_rules.DATE_MIN
    latest = local_today() + datetime.timedelta(days=org_rules.DATE_FUTURE_DAYS)
    if not earliest <= started_on <= latest:
        params = {"min": earliest.isoformat(), "max": latest.isoformat()}
        errors["started_on"] = [ValidationError(ERRORS["date_range"], params=params)]
    if not errors:
        twin = (
            ContactAssignment.objects.unscoped("a duplicate is a duplicate wherever it lies")
            .filter(org=org, unit=unit, cadre=cadre)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on))
            .order_by("started_on")
            .first()
        )
        if twin is not None:
            who = cadre.name if cadre else unit.name
            params = {"who": who, "org": org.name, "since": date_format(twin.started_on)}
            errors["cadre" if cadre else "unit"] = [
                ValidationError(ERRORS["assignment_twice"], params=params)
            ]
    if errors:
        raise ValidationError(errors)
    row = ContactAssignment.objects.create(
        org=org, unit=unit, cadre=cadre, started_on=started_on, created_by=actor
    )
    ensure_still_in_scope(actor, row)
    audit_record(
        actor=actor,
        action="work.assignment.create",
        target=row,
        unit=unit.pk,
        cadre=cadre.pk if cadre else None,
        started_on=started_on.isoformat(),
    )
    return row


@transaction.atomic
def assignment_end(
    *, actor: User, assignment: ContactAssignment, ended_on: datetime.date
) -> ContactAssignment:
    """End a pairing on `ended_on` (its last day); the row stays for the months it covered."""
    require(actor, Action.CHANGE, assignment, str(ERRORS["no_right_assign"]))
    if assignment.ended_on is not None:
        params = {"on": date_format(assignment.ended_on)}
        raise ValidationError({"ended_on": ValidationError(ERRORS["already_ended"], params=params)})
    if ended_on < assignment.started_on:
        params = {"on": date_format(ended_on), "since": date_format(assignment.started_on)}
        raise ValidationError(
            {"ended_on": ValidationError(ERRORS["end_before_start"], params=params)}
        )
    latest = local_today() + datetime.timedelta(days=org_rules.DATE_FUTURE_DAYS)
    if ended_on > latest:
        params = {"min": assignment.started_on.isoformat(), "max": latest.isoformat()}
        raise ValidationError({"ended_on": ValidationError(ERRORS["date_range"], params=params)})
    assignment.ended_on = ended_on
    assignment.save(update_fields=["ended_on"])
    audit_record(
        actor=actor, action="work.assignment.end", target=assignment, ended_on=ended_on.isoformat()
    )
    return assignment


# ---- visits (下基层) -------------------------------------------------------------------------


def _require_visit_right(
    actor: User, org: Organization, visitor: Person, visited_on: datetime.date
) -> bool:
    """Whether the actor records as a manager of `org` (True) or as the visitor (False);
    raises when neither may: 404 for an organization out of sight and not assigned, 403 for
    one in sight, a date error for the visitor's own organization on a day not assigned."""
    if may_at(actor, Action.CHANGE, org.path):
        return True
    own = person_id_of(actor) is not None and person_id_of(actor) == visitor.pk
    if own:
        if org.pk in assigned_org_ids(visitor, visited_on):
            return False
        ever = assigned_org_ids(visitor, org_rules.DATE_MIN, datetime.date.max)
        if org.pk in ever:
            params = {"org": org.name, "date": date_format(visited_on)}
            raise ValidationError(
                {"visited_on": ValidationError(ERRORS["not_assigned_that_day"], params=params)}
            )
    if can(actor, Action.VIEW, org):
        raise PermissionDenied(ERRORS["visit_out_of_scope"] % {"org": org.name})
    raise Organization.DoesNotExist(f"Organization {org.pk} is out of reach")


def _visit_errors(
    actor: User,
    org: Organization,
    visitor: Person,
    visited_on: datetime.date,
    purpose: str,
    today: datetime.date,
    manager: bool,
) -> dict[str, list]:
    errors: dict[str, list] = {}
    if not is_grassroots(org):
        errors["org"] = [ValidationError(ERRORS["not_grassroots"], params={"org": org.name})]
    elif not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive"], params={"org": org.name})]
    own = person_id_of(actor) == visitor.pk
    if manager and not own:
        seen = can(actor, Action.VIEW, visitor)
        if not seen and org.pk not in assigned_org_ids(visitor, visited_on):
            errors["visitor"] = [ERRORS["visitor_out_of_reach"]]
    if "visitor" not in errors:
        if visitor.primary_org.path.startswith(org.path):
            params = {"name": visitor.name, "org": org.name}
            errors["visitor"] = [ValidationError(ERRORS["visitor_inside"], params=params)]
        elif not visitor.is_active or (visitor.exit_on and visitor.exit_on < visited_on):
            errors["visitor"] = [
                ValidationError(ERRORS["visitor_left"], params={"name": visitor.name})
            ]
    earliest = datetime.date(today.year - rules.EARLIEST_YEARS_BACK, 1, 1)
    if visited_on > today:
        params = {"date": date_format(visited_on), "today": date_format(today)}
        errors["visited_on"] = [ValidationError(ERRORS["future"], params=params)]
    elif visited_on < earliest:
        params = {"date": date_format(visited_on), "earliest": date_format(earliest)}
        errors["visited_on"] = [ValidationError(ERRORS["too_early"], params=params)]
    if not purpose.strip():
        errors["purpose"] = [ERRORS["purpose"]]
    return errors


@transaction.atomic
def visit_record(
    *,
    actor: User,
    org: Organization,
    visitor: Person,
    visited_on: datetime.date,
    purpose: str,
    findings: str = "",
    solved: str = "",
    follow_ups: str = "",
    today: datetime.date | None = None,
) -> Visit:
    """Record one visit (走访) of `visitor` to the grassroots organization `org`."""
    today = today or local_today()
    manager = _require_visit_right(actor, org, visitor, visited_on)
    errors = _visit_errors(actor, org, visitor, visited_on, purpose, today, manager)
    _text_errors(errors, findings=findings, solved=solved, follow_ups=follow_ups)
    if len(purpose.strip()) > 200:
        params = {"chars": f"{len(purpose.strip()):,}", "limit": "200"}
        errors["purpose"] = [ValidationError(ERRORS["too_long"], params=params)]
    if not errors:
        # The visitor's row locked first: two saves of the same visit (a double tap on a slow
        # connection) wait for each other, and the second finds the first.
        lock = Person.objects.unscoped("lock of the visitor, checked above").select_for_update()
        list(lock.filter(pk=visitor.pk).values_list("pk", flat=True))
        twin = (
            Visit.objects.unscoped("a duplicate is a duplicate wherever it lies")
            .filter(visitor=visitor, org=org, visited_on=visited_on)
            .exists()
        )
        if twin:
            params = {"name": visitor.name, "org": org.name, "date": date_format(visited_on)}
            errors["visited_on"] = [ValidationError(ERRORS["duplicate"], params=params)]
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        org=org,
        visitor=visitor,
        visited_on=visited_on,
        purpose=purpose.strip(),
        findings=findings.strip(),
        solved=solved.strip(),
        follow_ups=follow_ups.strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="work.visit.record",
        target=visit,
        visitor=visitor.pk,
        visited_on=visited_on.isoformat(),
        as_manager=manager,
    )
    return visit


@transaction.atomic
def visit_delete(*, actor: User, visit: Visit, today: datetime.date | None = None) -> None:
    """The recorder takes back a visit recorded by mistake, within rules.EDIT_DAYS days."""
    today = today or local_today()
    if visit.recorded_by_id != actor.pk:
        raise PermissionDenied(ERRORS["delete_not_recorder"] % {"days": rules.EDIT_DAYS})
    recorded = timezone.localtime(visit.created_at).date()
    if (today - recorded).days > rules.EDIT_DAYS:
        params = {"on": date_format(recorded), "days": rules.EDIT_DAYS}
        raise PermissionDenied(ERRORS["delete_too_late"] % params)
    audit_record(
        actor=actor,
        action="work.visit.delete",
        target=visit,
        visitor=visit.visitor_id,
        visited_on=visit.visited_on.isoformat(),
        purpose=visit.purpose,
    )
    Visit.objects.unscoped("the visit being deleted, checked above").filter(pk=visit.pk).delete()
