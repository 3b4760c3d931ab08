"""Writes of person records: build, insert (with the first membership), create, update."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.orgs.models import (
    Membership,
    Organization,
    Person,
    User,
)
from dangjian.orgs.people_checks import (
    _id_card_answers,
    _validate_person,
)
from dangjian.orgs.scoping import Action
from dangjian.orgs.service_base import (
    ERRORS,
    PERSON_ERRORS,
    _apply,
    _changes,
    _require,
    _require_at,
    audit_record,
    audit_record_many,
    check_dates,
    ensure_still_in_scope,
)
from dangjian.orgs.validators import (
    normalize_id_card,
    normalize_phone,
    validate_id_card,
)


def _person_prepare(actor: User, primary_org: Organization, fields: dict[str, Any]) -> Person:
    _require_at(actor, Action.CHANGE, primary_org, "target_out_of_scope")
    if fields.get("id_card"):
        fields["id_card"] = normalize_id_card(fields["id_card"])
    if fields.get("exit_status") and "is_active" not in fields:
        fields["is_active"] = False  # a record of someone who already left (archives)
    person = Person(primary_org=primary_org, **fields)
    _validate_person(person)  # the actor typed the number: its birth date may be quoted
    return person


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
