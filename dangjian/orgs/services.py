"""Writes to organizations and people. Each service checks the actor's reach, validates,
saves atomically and records an audit entry in the same transaction."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.orgs import rules
from dangjian.orgs.models import (
    PATH_SEPARATOR,
    STAGE_DATE_FIELDS,
    AuditEntry,
    ExitStatus,
    Gender,
    ImportJob,
    Membership,
    Organization,
    PartyStatus,
    Person,
    User,
)
from dangjian.orgs.scoping import Action, OrgOwned, can, may, may_at
from dangjian.orgs.validators import (
    id_card_facts,
    mask_id_card,
    normalize_id_card,
    normalize_phone,
    validate_id_card,
)

ERRORS = {
    "parent_out_of_scope": _("You may not add or move organizations under this parent."),
    "root_needs_superuser": _("Only a system administrator may create a top-level organization."),
    "move_into_itself": _("An organization cannot be moved under itself or its own subtree."),
    "target_out_of_scope": _("You may not move people into this organization."),
    "transfer_same_org": _("The person already belongs to this organization."),
    "transfer_before_start": _("The transfer date is before the current membership began."),
    "no_change_right": _("You may not change this record."),
    "term_date_out_of_range": _("The election date is too far in the future."),
    # The same words whoever holds the number, in the caller's reach or not: nothing about
    # the holder (name, organization, whether the caller may see them) is given away.
    "id_card_taken": _(
        "This ID-card number is already registered. Check the number; if it is right, ask the "
        "county organization department to find the record."
    ),
    "id_card_rate": _(
        "Too many ID-card numbers that are already registered were entered in the last hour, "
        "so ID-card numbers are not accepted from you for now. Try again in an hour."
    ),
    "date_range": _("Enter a date between %(min)s and %(max)s."),
    "result_out_of_scope": _("After this change the record would lie outside your reach."),
    "deactivate_needs_level_above": _(
        "Only the level above may deactivate this organization; ask your organization department."
    ),
}

# People records (issue 18 item 7): each rule of `_validate_person`, `person_exit` and
# `person_reinstate` with its own words, so a refusal says which rule and which values.
PERSON_ERRORS = {
    "birth_date_mismatch": _(
        "The birth date %(given)s does not match the ID-card number, which gives %(derived)s."
    ),
    "birth_date_mismatch_hidden": _("The birth date %(given)s does not match the ID-card number."),
    "gender_mismatch": _(
        "The gender “%(given)s” does not match the ID-card number, which gives “%(derived)s”."
    ),
    "stage_order": _(
        "%(later)s (%(later_date)s) is before %(earlier)s (%(earlier_date)s): the stages come "
        "in order (applied, activist, candidate, probationary, full member)."
    ),
    "applied_under_age": _(
        "Applied on %(applied)s is before the person's 18th birthday (%(birthday)s): an "
        "applicant must be at least 18 (发展党员工作细则 Art. 5)."
    ),
    "applied_under_age_hidden": _(
        "Applied on %(applied)s is before the person's 18th birthday: an applicant must be at "
        "least 18 (发展党员工作细则 Art. 5)."
    ),
    "stage_date_missing": _(
        "A person whose party status is “%(status)s” has the date of that stage: enter “%(field)s”."
    ),
    "stage_date_too_late": _(
        "“%(field)s” belongs to a later stage than the party status “%(status)s”: clear it, or "
        "change the party status."
    ),
    "exit_needs_date": _("Enter the date the person left."),
    "exit_date_without_status": _("A leaving date needs the reason the person left."),
    "exit_but_active": _("A person who left (%(status)s) is not active."),
    "exit_on_page": _(
        "Leaving and restoring membership are recorded with “Record leaving” and “Restore "
        "membership” on the person's page."
    ),
    "already_left": _("%(name)s already left on %(on)s (%(status)s)."),
    "exit_before_joining": _(
        "The leaving date %(on)s is before %(name)s joined %(org)s (%(joined)s)."
    ),
    "reinstate_not_suspended": _(
        "Only a suspended membership (停止党籍) can be restored; %(name)s: %(status)s."
    ),
    "reinstate_before_exit": _(
        "Membership is restored on or after the day it was suspended (%(on)s)."
    ),
}


# Fields whose values are personal data: the audit log keeps that they changed, not the values.
AUDIT_MASKED_FIELDS = frozenset({"id_card", "phone"})


def org_path_of(obj: OrgOwned) -> str:
    """The organization path an org-owned row belongs to, by following its ORG_PATH."""
    value: Any = obj
    for part in type(obj).ORG_PATH.split("__"):
        value = getattr(value, part)
    return value


def _audit_entry(actor: User | None, action: str, target: OrgOwned, data: dict) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        action=action,
        target_type=target._meta.label,
        target_id=str(target.pk),
        org_path=org_path_of(target),
        data=data,
    )


def audit_record(*, actor: User | None, action: str, target: OrgOwned, **data: Any) -> None:
    """Write the audit entry for `action` on `target`; the organization and model come from
    the target itself, so no service can file an entry under the wrong organization."""
    _audit_entry(actor, action, target, data).save()


def audit_record_many(
    *, actor: User | None, action: str, targets: list[OrgOwned], data: list[dict]
) -> None:
    """One audit entry per target (bulk imports), derived exactly as `audit_record` does."""
    entries = [
        _audit_entry(actor, action, target, extra)
        for target, extra in zip(targets, data, strict=True)
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)


def _require(actor: User, action: str, obj: OrgOwned, error: str) -> None:
    if not can(actor, action, obj):
        raise PermissionDenied(ERRORS[error])


def _require_at(actor: User, action: str, org: Organization, error: str) -> None:
    """The same question as `_require`, answered from the actor's grants without a query
    (imports ask it once per row); the write's `ensure_still_in_scope` re-checks the database."""
    if org.pk is None or not may_at(actor, action, org.path):
        raise PermissionDenied(ERRORS[error])


def check_dates(
    obj: Any, *, happened: tuple[str, ...] = (), scheduled: tuple[str, ...] = ()
) -> None:
    """Refuse dates outside the range a record can hold, naming the range: events that
    `happened` lie between rules.DATE_MIN and today, `scheduled` ones (transfers, elections)
    may lie up to rules.DATE_FUTURE_DAYS ahead. `obj` is a model instance or a dict."""
    today = timezone.localdate()
    ahead = today + datetime.timedelta(days=rules.DATE_FUTURE_DAYS)
    errors = {}
    for names, latest in ((happened, today), (scheduled, ahead)):
        for name in names:
            value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
            if isinstance(value, datetime.datetime):
                value = value.date()
            if isinstance(value, datetime.date) and not rules.DATE_MIN <= value <= latest:
                errors[name] = ValidationError(
                    ERRORS["date_range"],
                    code="date_range",
                    params={"min": rules.DATE_MIN.isoformat(), "max": latest.isoformat()},
                )
    if errors:
        raise ValidationError(errors)


def ensure_still_in_scope(actor: User, obj: OrgOwned, action: str = Action.CHANGE) -> None:
    """After a write, inside its transaction: the saved row must still lie in the actor's
    reach, or the whole write rolls back (netbox's pattern) — nobody moves a row out of the
    subtree they own, or into one they do not."""
    if not can(actor, action, obj):
        raise PermissionDenied(ERRORS["result_out_of_scope"])


def compute_term_end(elected_on: datetime.date | None, years: int) -> datetime.date | None:
    if elected_on is None or years is None:
        return None
    year = elected_on.year + years
    if year > datetime.MAXYEAR:
        raise ValidationError({"term_elected_on": ERRORS["term_date_out_of_range"]})
    try:
        return elected_on.replace(year=year)
    except ValueError:  # elected on 29 February
        return elected_on.replace(year=year, day=28)


def _audit_value(name: str, value: Any) -> Any:
    if name in AUDIT_MASKED_FIELDS:
        return "***" if value else ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _changes(obj: OrgOwned, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose new value differs from the stored row."""
    stored = (
        type(obj)
        .objects.unscoped("the row being changed, already permission-checked")
        .filter(pk=obj.pk)
        .values(*fields)
        .first()
        or {}
    )
    changes = {}
    for name, value in fields.items():
        new = value.pk if hasattr(value, "pk") else value
        if stored.get(name) != new:
            changes[name] = [_audit_value(name, stored.get(name)), _audit_value(name, new)]
    return dict(sorted(changes.items()))


def _apply(obj: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


ORG_DATES_HAPPENED = ("founded_on",)
ORG_DATES_SCHEDULED = ("term_elected_on",)


def org_build(*, actor: User, parent: Organization | None, **fields: Any) -> Organization:
    """A new organization, permission-checked and validated but not saved.

    `org_create` saves what this builds; an import builds every row first, reports every
    problem, and saves only when all rows are good. `parent` may itself be a built, unsaved
    organization (a parent defined earlier in the same file): its nearest saved ancestor
    then decides, since the new organization will lie inside that ancestor's subtree.
    """
    anchor = parent
    while anchor is not None and anchor.pk is None:
        anchor = anchor.parent
    if anchor is None:
        if not actor.is_superuser:
            raise PermissionDenied(ERRORS["root_needs_superuser"])
    else:
        _require_at(actor, Action.CHANGE, anchor, "parent_out_of_scope")
    org = Organization(parent=parent, **fields)
    org.contact_phone = normalize_phone(org.contact_phone or "")
    # The path needs the id, so it is written after the first save.
    org.path = "pending"
    org.depth = 0 if parent is None else parent.depth + 1
    org.full_clean(exclude=["path"])
    check_dates(org, happened=ORG_DATES_HAPPENED, scheduled=ORG_DATES_SCHEDULED)
    org.term_ends_on = compute_term_end(org.term_elected_on, org.term_years)
    return org


def org_insert(*, actor: User, org: Organization, **audit_data: Any) -> Organization:
    """Save an organization made by `org_build` (call inside a transaction): path, scope
    re-check, audit entry."""
    org.save()
    parent_path = PATH_SEPARATOR
    if org.parent_id is not None:
        # The parent's stored path, not the caller's copy: it may have moved since.
        parents = Organization.objects.unscoped("the parent of an org being created")
        parent_path = parents.filter(pk=org.parent_id).values_list("path", flat=True).get()
        org.parent.path = parent_path
    org.path = f"{parent_path}{org.pk}{PATH_SEPARATOR}"
    org.save(update_fields=["path"])
    ensure_still_in_scope(actor, org)
    audit_record(actor=actor, action="orgs.org.create", target=org, **audit_data)
    return org


@transaction.atomic
def org_create(*, actor: User, parent: Organization | None, **fields: Any) -> Organization:
    return org_insert(actor=actor, org=org_build(actor=actor, parent=parent, **fields))


@transaction.atomic
def org_update(*, actor: User, org: Organization, **fields: Any) -> Organization:
    _require(actor, Action.CHANGE, org, "no_change_right")
    fields.pop("parent", None)  # moving is org_move's job
    changes = _changes(org, fields)  # against the stored row: a bound form changed `org`
    if changes.get("is_active") == [True, False]:
        # Closing an organization is the level above's decision: a secretary cannot close
        # their own top organization (and with it their own access).
        _require(actor, Action.APPROVE, org, "deactivate_needs_level_above")
    _apply(org, fields)
    org.contact_phone = normalize_phone(org.contact_phone or "")
    org.full_clean()
    check_dates(org, happened=ORG_DATES_HAPPENED, scheduled=ORG_DATES_SCHEDULED)
    org.term_ends_on = compute_term_end(org.term_elected_on, org.term_years)
    org.save()
    ensure_still_in_scope(actor, org)
    audit_record(actor=actor, action="orgs.org.update", target=org, changes=changes)
    return org


@transaction.atomic
def org_move(*, actor: User, org: Organization, new_parent: Organization) -> Organization:
    """Re-hang an organization and its whole subtree under `new_parent` in one UPDATE."""
    _require(actor, Action.CHANGE, org, "no_change_right")
    _require(actor, Action.CHANGE, new_parent, "parent_out_of_scope")
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": ERRORS["move_into_itself"]})
    old_path, org_parent_before = org.path, org.parent_id
    new_path = f"{new_parent.path}{org.pk}{PATH_SEPARATOR}"
    depth_change = new_parent.depth + 1 - org.depth
    moving = Organization.objects.unscoped("the subtree of an org the actor may change")
    moving.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_change,
    )
    moving.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    ensure_still_in_scope(actor, org)
    audit_record(
        actor=actor,
        action="orgs.org.move",
        target=org,
        changes={"parent": [org_parent_before, new_parent.pk], "path": [old_path, org.path]},
    )
    return org


# ---- people ------------------------------------------------------------------------------

PERSON_DATES_HAPPENED = (
    "birth_date",
    "applied_on",
    "activist_on",
    "candidate_on",
    "probationary_on",
    "full_member_on",
)

# Audit actions of the ID-card check: a number found already registered, a lookup refused
# because the actor is over the hourly limit, and the alert for the county administrator.
ID_CARD_HIT = "orgs.id_card.hit"
ID_CARD_REFUSED = "orgs.id_card.refused"
ID_CARD_PROBE_ALERT = "orgs.id_card.probe_alert"


def id_card_hits_per_hour() -> int:
    return getattr(settings, "DANGJIAN_ID_CARD_HITS_PER_HOUR", rules.ID_CARD_HITS_PER_HOUR)


def _merge(errors: dict, check, *args, **kwargs) -> None:
    """Run one validation step, gathering its field errors into `errors`."""
    try:
        check(*args, **kwargs)
    except ValidationError as error:
        error.update_error_dict(errors)


def _label(name: str) -> str:
    return str(Person._meta.get_field(name).verbose_name)


def birthday(born: datetime.date, years: int) -> datetime.date:
    """The day someone born on `born` turns `years` (29 February → 1 March in common years)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return datetime.date(born.year + years, 3, 1)


def _derive_from_id_card(person: Person, errors: dict, *, reveal: bool) -> None:
    """Birth date and gender come from a valid ID-card number: filled in when empty, refused
    when they say otherwise (naming both values; the number's birth date only when the actor
    typed the number or may see personal data — see `_validate_person`)."""
    facts = id_card_facts(person.id_card) if person.id_card else None
    if facts is None:
        return
    born, gender = facts
    if person.birth_date is None:
        person.birth_date = born
    elif person.birth_date != born:
        key = "birth_date_mismatch" if reveal else "birth_date_mismatch_hidden"
        errors.setdefault("birth_date", []).append(
            ValidationError(
                PERSON_ERRORS[key],
                code="birth_date_mismatch",
                params={"given": person.birth_date.isoformat(), "derived": born.isoformat()},
            )
        )
    if not person.gender:
        person.gender = gender
    elif person.gender != gender:
        errors.setdefault("gender", []).append(
            ValidationError(
                PERSON_ERRORS["gender_mismatch"],
                code="gender_mismatch",
                params={
                    "given": Gender(person.gender).label if person.gender in Gender else "",
                    "derived": Gender(gender).label,
                },
            )
        )


def _date_of(person: Person, name: str) -> datetime.date | None:
    """The field's date, or None when empty or not a date (full_clean has named it then)."""
    value = getattr(person, name)
    return value if isinstance(value, datetime.date) else None


def _check_stages(person: Person, errors: dict, *, reveal: bool) -> None:
    """The stage dates in order, the application at 18 or older, and the party status and
    dates agreeing (the rules are stated at rules.STAGE_DATE_ORDER)."""
    earlier: str | None = None
    for name in rules.STAGE_DATE_ORDER:
        value = _date_of(person, name)
        if value is None:
            continue
        if earlier is not None and value < _date_of(person, earlier):
            errors.setdefault(name, []).append(
                ValidationError(
                    PERSON_ERRORS["stage_order"],
                    code="stage_order",
                    params={
                        "later": _label(name),
                        "later_date": value.isoformat(),
                        "earlier": _label(earlier),
                        "earlier_date": getattr(person, earlier).isoformat(),
                    },
                )
            )
        earlier = name
    applied, born = _date_of(person, "applied_on"), _date_of(person, "birth_date")
    if applied and born:
        adult = birthday(born, rules.APPLICANT_MIN_AGE)
        if applied < adult:
            key = "applied_under_age" if reveal else "applied_under_age_hidden"
            errors.setdefault("applied_on", []).append(
                ValidationError(
                    PERSON_ERRORS[key],
                    code="applied_under_age",
                    params={
                        "applied": applied.isoformat(),
                        "birthday": adult.isoformat(),
                    },
                )
            )
    if person.party_status not in STAGE_DATE_FIELDS:  # 群众, or an unknown value full_clean names
        return
    status = PartyStatus(person.party_status)
    current = STAGE_DATE_FIELDS[status]
    position = rules.STAGE_DATE_ORDER.index(current)
    if getattr(person, current) is None:
        errors.setdefault(current, []).append(
            ValidationError(
                PERSON_ERRORS["stage_date_missing"],
                code="stage_date_missing",
                params={"status": status.label, "field": _label(current)},
            )
        )
    for later in rules.STAGE_DATE_ORDER[position + 1 :]:
        if _date_of(person, later) is not None:
            errors.setdefault(later, []).append(
                ValidationError(
                    PERSON_ERRORS["stage_date_too_late"],
                    code="stage_date_too_late",
                    params={"status": status.label, "field": _label(later)},
                )
            )


def _check_exit(person: Person, errors: dict) -> None:
    if person.exit_status and person.exit_on is None:
        errors.setdefault("exit_on", []).append(
            ValidationError(PERSON_ERRORS["exit_needs_date"], code="exit_needs_date")
        )
    if person.exit_on is not None and not person.exit_status:
        errors.setdefault("exit_status", []).append(
            ValidationError(PERSON_ERRORS["exit_date_without_status"], code="exit_no_status")
        )
    if person.exit_status in ExitStatus and person.is_active:
        errors.setdefault("is_active", []).append(
            ValidationError(
                PERSON_ERRORS["exit_but_active"],
                code="exit_but_active",
                params={"status": ExitStatus(person.exit_status).label},
            )
        )


def _validate_person(person: Person, *, reveal: bool = True) -> None:
    """Every model rule except ID-card uniqueness (that answer goes through `_id_card_answers`
    only, so it is bounded and audited), the date range, and the record's own consistency:
    birth date and gender from the ID-card number, the stage dates (rules.STAGE_DATE_ORDER),
    the exit status. Forms, imports and the API all come through here.

    `reveal`: whether a refusal may quote the birth date held in the ID-card number — false
    when the actor neither typed the number nor may see the person's personal data (their
    pages show only the year and month)."""
    errors: dict = {}
    if person.phone:
        person.phone = normalize_phone(person.phone)
    _derive_from_id_card(person, errors, reveal=reveal)
    # The organization was read and permission-checked by the caller: its existence is not
    # asked again (one query per row of an import).
    _merge(errors, person.full_clean, exclude=["primary_org"], validate_constraints=False)
    _merge(errors, person.validate_constraints, exclude={"id_card"})
    _merge(errors, check_dates, person, happened=PERSON_DATES_HAPPENED)
    _check_stages(person, errors, reveal=reveal)
    _check_exit(person, errors)
    if errors:
        raise ValidationError(errors)


def _person_prepare(actor: User, primary_org: Organization, fields: dict[str, Any]) -> Person:
    _require_at(actor, Action.CHANGE, primary_org, "target_out_of_scope")
    if fields.get("id_card"):
        fields["id_card"] = normalize_id_card(fields["id_card"])
    if fields.get("exit_status") and "is_active" not in fields:
        fields["is_active"] = False  # a record of someone who already left (archives)
    person = Person(primary_org=primary_org, **fields)
    _validate_person(person)  # the actor typed the number: its birth date may be quoted
    return person


def id_card_probe_alert(*, actor: User, where: OrgOwned, hits: int, limit: int) -> None:
    """The county administrator's alert: `actor` reached the hourly limit of ID-card numbers
    found already registered (someone may be guessing numbers). An audit entry for now; the
    notices system turns this action into a notice for the department administrators whose
    subtree holds `where`."""
    audit_record(
        actor=actor,
        action=ID_CARD_PROBE_ALERT,
        target=where,
        hits=hits,
        limit=limit,
        window_minutes=60,
    )
    from dangjian.notices.services import notice_send
    from dangjian.orgs.selectors import users_reaching

    notice_send(
        recipients=users_reaching(org_path_of(where), Action.EXPORT_PERSONAL),
        subject=gettext("Possible guessing of ID-card numbers by %(user)s")
        % {"user": actor.get_username()},
        body=gettext(
            "%(user)s entered %(hits)s ID-card numbers that were already registered within an "
            "hour (the limit is %(limit)s). The audit log lists them."
        )
        % {"user": actor.get_username(), "hits": hits, "limit": limit},
        key=f"orgs.id_card_probe:{actor.pk}:{timezone.now():%Y%m%d%H}",
    )


def _id_card_answers(
    actor: User, asks: list[tuple[str, OrgOwned]], *, exclude_pk: int | None = None
) -> list[ValidationError | None]:
    """Whether each number is already registered, as the error to show (None: free).

    "Already registered" is an oracle (with a masked number and a birth date, a few guesses
    recover a whole number), so the answer is bounded: the same words whoever holds the
    number; every hit audited (ID_CARD_HIT) with the number masked; at most
    `id_card_hits_per_hour()` counted hits per actor per hour, after which every number the
    actor enters is refused unanswered (ID_CARD_REFUSED) whether it is registered or not;
    the hit that reaches the limit raises the probe alert. A hit on a person whose whole
    number the actor may see anyway (Action.EXPORT_PERSONAL) tells nothing and is not
    counted, so a county administrator may re-import their own export.

    `where` is where the number was entered (the organization or the person being changed):
    the audit entries are filed there. The entries are written at once: callers look numbers
    up before opening the transaction that a refusal rolls back.
    """
    limit = id_card_hits_per_hour()
    log = AuditEntry.objects.unscoped("an actor's own recent ID-card lookups bound the next ones")
    counted = log.filter(
        actor=actor,
        action=ID_CARD_HIT,
        at__gte=timezone.now() - datetime.timedelta(hours=1),
        data__counted=True,
    ).count()
    numbers = sorted({number for number, _where in asks})
    holders: dict[str, str] = {}
    registry = Person.objects.unscoped("ID-card numbers are unique across the county")
    for start in range(0, len(numbers), 500):
        chunk = registry.filter(id_card__in=numbers[start : start + 500]).exclude(pk=exclude_pk)
        holders.update(chunk.values_list("id_card", "primary_org__path"))
    answers: list[ValidationError | None] = []
    entries: list[AuditEntry] = []
    refused_at: list[OrgOwned] = []
    alert_at: OrgOwned | None = None
    for number, where in asks:
        if counted >= limit:
            refused_at.append(where)
            answers.append(ValidationError(ERRORS["id_card_rate"], code="id_card_rate"))
            continue
        holder_path = holders.get(number)
        if holder_path is None:
            answers.append(None)
            continue
        counts = not may_at(actor, Action.EXPORT_PERSONAL, holder_path)
        data = {"id_card": mask_id_card(number), "counted": counts}
        entries.append(_audit_entry(actor, ID_CARD_HIT, where, data))
        if counts:
            counted += 1
            if counted == limit:
                alert_at = where
        answers.append(ValidationError(ERRORS["id_card_taken"], code="id_card_taken"))
    with transaction.atomic():
        AuditEntry.objects.bulk_create(entries, batch_size=1000)
        if refused_at:
            audit_record(
                actor=actor, action=ID_CARD_REFUSED, target=refused_at[0], count=len(refused_at)
            )
        if alert_at is not None:
            id_card_probe_alert(actor=actor, where=alert_at, hits=counted, limit=limit)
    return answers


def person_build(*, actor: User, primary_org: Organization, **fields: Any) -> Person:
    """A new person, permission-checked, normalized and validated, not saved.

    `person_create` saves what this builds; imports build every row with `people_build`
    (the same steps, the ID-card lookup done once for the whole file).
    """
    person = _person_prepare(actor, primary_org, fields)
    if person.id_card:
        answer = _id_card_answers(actor, [(person.id_card, primary_org)])[0]
        if answer is not None:
            raise ValidationError({"id_card": answer})
    return person


def people_build(
    *, actor: User, rows: list[tuple[Organization, dict[str, Any]]]
) -> list[Person | ValidationError]:
    """`person_build` for many rows: each row's person, or the ValidationError (by field) that
    refuses it. Nothing is saved; no row stops the others from being checked."""
    built: list[Person | ValidationError] = []
    for primary_org, fields in rows:
        try:
            built.append(_person_prepare(actor, primary_org, dict(fields)))
        except PermissionDenied as denied:
            built.append(ValidationError({"primary_org": str(denied)}))
        except ValidationError as error:
            built.append(error)
    asking = [i for i, p in enumerate(built) if isinstance(p, Person) and p.id_card]
    answers = _id_card_answers(actor, [(built[i].id_card, built[i].primary_org) for i in asking])
    for index, answer in zip(asking, answers, strict=True):
        if answer is not None:
            built[index] = ValidationError({"id_card": answer})
    return built


def _first_membership(person: Person, started_on: datetime.date) -> Membership:
    """A new person's membership; for the record of someone who already left (an archive
    entered late), it ends on the day they left."""
    if person.exit_on is None:
        return Membership(person=person, org=person.primary_org, started_on=started_on)
    return Membership(
        person=person,
        org=person.primary_org,
        started_on=min(started_on, person.exit_on),
        ended_on=person.exit_on,
    )


def people_insert(
    *,
    actor: User,
    people: list[Person],
    joined_on: datetime.date | None = None,
    audit_data: list[dict] | None = None,
) -> list[Person]:
    """Save people made by `person_build`/`people_build` (call inside a transaction): the
    rows, their open memberships, the scope re-check, one audit entry per person. Many rows
    are a handful of bulk statements."""
    if not people:
        return people
    started_on = joined_on or timezone.localdate()
    if len(people) == 1:
        people[0].save()
    else:
        Person.objects.bulk_create(people, batch_size=1000)
        if people[0].pk is None:  # backends without RETURNING for bulk inserts
            raise RuntimeError("bulk_create did not return primary keys")
    Membership.objects.bulk_create(
        [_first_membership(p, started_on) for p in people], batch_size=1000
    )
    ids = [person.pk for person in people]
    reachable = Person.objects.visible_to(actor, Action.CHANGE)
    inside = sum(
        reachable.filter(pk__in=ids[start : start + 500]).count()
        for start in range(0, len(ids), 500)
    )
    if inside != len(ids):
        raise PermissionDenied(ERRORS["result_out_of_scope"])
    audit_record_many(
        actor=actor,
        action="orgs.person.create",
        targets=people,
        data=audit_data or [{} for _person in people],
    )
    return people


def person_create(
    *, actor: User, primary_org: Organization, joined_on: datetime.date | None = None, **fields
) -> Person:
    # Built outside the transaction: a refused ID-card lookup stays audited.
    check_dates({"joined_on": joined_on}, scheduled=("joined_on",))
    person = person_build(actor=actor, primary_org=primary_org, **fields)
    with transaction.atomic():
        people_insert(actor=actor, people=[person], joined_on=joined_on)
    return person


def _person_update_fields(
    actor: User, person: Person, fields: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    """The checks of a change before the record itself is validated: permission, the exit
    fields left to their own services, the new ID-card number (format, then the bounded
    "already registered" lookup). Returns the normalized fields and whether a refusal may
    quote the number's birth date (`_validate_person`)."""
    _require(actor, Action.CHANGE, person, "no_change_right")
    fields = dict(fields)
    fields.pop("primary_org", None)  # a change of organization is a transfer
    stored = (
        Person.objects.unscoped("the row being changed, already permission-checked")
        .filter(pk=person.pk)
        .values("id_card", "exit_status", "exit_on")
        .first()
        or {}
    )
    for name in ("exit_status", "exit_on"):
        if name in fields and fields[name] != stored.get(name):
            raise ValidationError({name: PERSON_ERRORS["exit_on_page"]})
    typed = False
    if fields.get("id_card"):
        fields["id_card"] = normalize_id_card(fields["id_card"])
        if fields["id_card"] != stored.get("id_card"):
            typed = True
            try:
                validate_id_card(fields["id_card"])
            except ValidationError as error:
                raise ValidationError({"id_card": error.error_list}) from None
            # Looked up before the transaction: a refused lookup stays audited.
            answer = _id_card_answers(actor, [(fields["id_card"], person)], exclude_pk=person.pk)
            if answer[0] is not None:
                raise ValidationError({"id_card": answer[0]})
    if fields.get("phone"):
        fields["phone"] = normalize_phone(fields["phone"])
    return fields, typed or person.id_card_for(actor) == person.id_card


def person_update_check(*, actor: User, person: Person, **fields: Any) -> dict[str, Any]:
    """What `person_update` would change ({field: new value}, birth date and gender derived
    from the ID-card number included), checked by the same rules, nothing saved: an import
    checks every row with it before saving any."""
    fields, reveal = _person_update_fields(actor, person, fields)
    candidate = copy.copy(person)
    _apply(candidate, fields)
    _validate_person(candidate, reveal=reveal)
    names = [*fields, "birth_date", "gender"]
    return {
        name: getattr(candidate, name)
        for name in names
        if getattr(candidate, name) != getattr(person, name)
    }


def person_update(*, actor: User, person: Person, **fields: Any) -> Person:
    fields, reveal = _person_update_fields(actor, person, fields)
    with transaction.atomic():
        _apply(person, fields)
        _validate_person(person, reveal=reveal)  # may fill birth date and gender in
        derived = {name: getattr(person, name) for name in ("birth_date", "gender")}
        changes = _changes(person, fields | derived)
        person.save()
        ensure_still_in_scope(actor, person)
        audit_record(actor=actor, action="orgs.person.update", target=person, changes=changes)
    return person


def _open_membership(person: Person) -> Membership | None:
    memberships = Membership.objects.unscoped("the memberships of a person the actor may change")
    return memberships.filter(person=person, ended_on__isnull=True).select_related("org").first()


def person_exit_check(
    *, person: Person, status: str, on: datetime.date | None
) -> Membership | None:
    """The rules of recording that a person left (imports check every row with it before
    saving any): a known status, a date not in the future and not before the person joined
    their current organization, and not already left. Returns the open membership."""
    if person.exit_status:
        raise ValidationError(
            {
                "exit_status": ValidationError(
                    PERSON_ERRORS["already_left"],
                    code="already_left",
                    params={
                        "name": person.name,
                        "on": person.exit_on.isoformat() if person.exit_on else "",
                        "status": person.get_exit_status_display(),
                    },
                )
            }
        )
    if status not in ExitStatus.values:
        raise ValidationError(
            {
                "exit_status": Person._meta.get_field("exit_status").error_messages[
                    "invalid_choice"
                ]
                % {"value": status}
            }
        )
    if on is None:
        raise ValidationError({"exit_on": PERSON_ERRORS["exit_needs_date"]})
    check_dates({"exit_on": on}, happened=("exit_on",))
    current = _open_membership(person)
    if current is not None and on < current.started_on:
        raise ValidationError(
            {
                "exit_on": ValidationError(
                    PERSON_ERRORS["exit_before_joining"],
                    code="exit_before_joining",
                    params={
                        "on": on.isoformat(),
                        "name": person.name,
                        "org": current.org.name,
                        "joined": current.started_on.isoformat(),
                    },
                )
            }
        )
    return current


@transaction.atomic
def person_exit(
    *, actor: User, person: Person, status: str, on: datetime.date, note: str = ""
) -> Person:
    """Record that a person left — 出党, 停止党籍, 死亡, 转出县外 (ExitStatus). Never a deletion:
    the record stays, inactive, with the status and date; the open membership ends that day,
    so the organization history shows where the person was until then."""
    _require(actor, Action.CHANGE, person, "no_change_right")
    current = person_exit_check(person=person, status=status, on=on)
    if current is not None:
        current.ended_on = on
        if note:
            current.note = note[:200]
        current.save(update_fields=["ended_on", "note"])
    person.exit_status, person.exit_on, person.is_active = status, on, False
    person.save(update_fields=["exit_status", "exit_on", "is_active", "updated_at"])
    # A secretary is one of the organization's own active people: leaving ends the link.
    led = Organization.objects.unscoped("the organizations the leaving person was secretary of")
    vacated = list(led.filter(secretary=person).values_list("pk", flat=True))
    led.filter(pk__in=vacated).update(secretary=None)
    ensure_still_in_scope(actor, person)
    audit_record(
        actor=actor,
        action="orgs.person.exit",
        target=person,
        status=status,
        on=on.isoformat(),
        note=note,
        secretary_of_cleared=vacated,
    )
    return person


@transaction.atomic
def person_reinstate(*, actor: User, person: Person, on: datetime.date, note: str = "") -> Person:
    """恢复党籍 — restore a suspended membership (停止党籍 only; the other exits are final):
    active again, in the same organization, with a new membership from `on`."""
    _require(actor, Action.CHANGE, person, "no_change_right")
    if person.exit_status != ExitStatus.SUSPENDED:
        raise ValidationError(
            {
                "on": ValidationError(
                    PERSON_ERRORS["reinstate_not_suspended"],
                    code="reinstate_not_suspended",
                    params={
                        "name": person.name,
                        "status": person.get_exit_status_display() or gettext("active"),
                    },
                )
            }
        )
    check_dates({"on": on}, happened=("on",))
    if person.exit_on and on < person.exit_on:
        raise ValidationError(
            {
                "on": ValidationError(
                    PERSON_ERRORS["reinstate_before_exit"],
                    code="reinstate_before_exit",
                    params={"on": person.exit_on.isoformat()},
                )
            }
        )
    left = {
        "status": person.exit_status,
        "on": person.exit_on.isoformat() if person.exit_on else "",
    }
    if _open_membership(person) is None:
        Membership.objects.create(
            person=person, org=person.primary_org, started_on=on, note=note[:200]
        )
    person.exit_status, person.exit_on, person.is_active = "", None, True
    person.save(update_fields=["exit_status", "exit_on", "is_active", "updated_at"])
    ensure_still_in_scope(actor, person)
    audit_record(
        actor=actor,
        action="orgs.person.reinstate",
        target=person,
        on=on.isoformat(),
        note=note,
        left=left,
    )
    return person


@transaction.atomic
def person_transfer(
    *, actor: User, person: Person, to_org: Organization, on: datetime.date, note: str = ""
) -> Person:
    """组织关系转接 — move a person to another organization, closing the old membership."""
    _require(actor, Action.CHANGE, person, "no_change_right")
    _require(actor, Action.CHANGE, to_org, "target_out_of_scope")
    if to_org.pk == person.primary_org_id:
        raise ValidationError({"to_org": ERRORS["transfer_same_org"]})
    check_dates({"on": on}, scheduled=("on",))
    from_path = person.primary_org.path
    vacated = person_move(person=person, to_org=to_org, on=on, note=note)
    ensure_still_in_scope(actor, person)
    audit_record(
        actor=actor,
        action="orgs.person.transfer",
        target=person,
        from_path=from_path,
        on=on.isoformat(),
        secretary_of_cleared=vacated,
    )
    return person


def person_move(
    *, person: Person, to_org: Organization, on: datetime.date, note: str = ""
) -> list[int]:
    """The move itself, without permission checks (call inside the caller's transaction,
    after the caller checked who may): close the open membership on `on`, open one at
    `to_org`, make it the primary organization, and end the secretary links the person held.
    Shared by `person_transfer` and the organization-life transfer workflow (转接 accepted).
    Returns the ids of the organizations whose secretary link was cleared."""
    if to_org.pk == person.primary_org_id:
        raise ValidationError({"to_org": ERRORS["transfer_same_org"]})
    memberships = Membership.objects.unscoped("the memberships of a person being moved")
    current = memberships.filter(person=person, ended_on__isnull=True).first()
    if current is not None:
        if on < current.started_on:
            raise ValidationError({"on": ERRORS["transfer_before_start"]})
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    Membership.objects.create(person=person, org=to_org, started_on=on, note=note)
    person.primary_org = to_org
    person.save(update_fields=["primary_org", "updated_at"])
    # A secretary is one of the organization's own people: leaving ends the link.
    led = Organization.objects.unscoped("the organizations the leaving person was secretary of")
    vacated = list(led.filter(secretary=person).exclude(pk=to_org.pk).values_list("pk", flat=True))
    led.filter(pk__in=vacated).update(secretary=None)
    return vacated


@transaction.atomic
def import_job_create(
    *,
    actor: User,
    kind: str,
    filename: str,
    content: bytes,
    mode: str = ImportJob.Mode.CREATE,
) -> ImportJob:
    """Store an uploaded sheet and queue its import once the row is committed. Only someone
    who may change organizations somewhere may import; each row is checked again when saved."""
    from dangjian.orgs.selectors import home_org
    from dangjian.orgs.tasks import run_import

    if not may(actor, Action.CHANGE):
        raise PermissionDenied(ERRORS["no_change_right"])
    job = ImportJob.objects.create(
        kind=kind,
        mode=mode if kind == ImportJob.Kind.PEOPLE else ImportJob.Mode.CREATE,
        created_by=actor,
        scope_org=home_org(actor),
        filename=filename[:200],
        content=content,
    )
    audit_record(
        actor=actor,
        action="orgs.import.create",
        target=job,
        kind=kind,
        mode=job.mode,
        file=job.filename,
    )
    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job
