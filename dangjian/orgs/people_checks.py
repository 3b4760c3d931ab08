"""A person record's own consistency (birth date and gender from the ID-card number, the
stage dates in order, the exit status) and the bounded, audited ID-card lookup."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from dangjian.orgs import rules
from dangjian.orgs.models import (
    STAGE_DATE_FIELDS,
    AuditEntry,
    ExitStatus,
    Gender,
    PartyStatus,
    Person,
    User,
)
from dangjian.orgs.scoping import Action, OrgOwned, may_at
from dangjian.orgs.service_base import (
    ERRORS,
    PERSON_ERRORS,
    _audit_entry,
    audit_record,
    check_dates,
    org_path_of,
)
from dangjian.orgs.validators import (
    id_card_facts,
    mask_id_card,
    normalize_phone,
)

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
