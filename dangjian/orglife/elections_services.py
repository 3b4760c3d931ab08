"""换届: recording an organization's election renews its term.

The new term starts on the election day and lasts the years the regulation sets for the
organization's type (orgs.rules.TERM_YEARS_BY_TYPE); the organization's
term fields are written through `orgs.services.org_update`, so its checks and audit apply.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.orglife.models import ElectedMember, ElectionRecord
from dangjian.orgs import rules as org_rules
from dangjian.orgs.models import Organization, OrgType, PartyStatus, Person, User
from dangjian.orgs.scoping import Action, may_at
from dangjian.orgs.services import audit_record, org_update

ERRORS = {
    "no_right": _("You may not record the elections of this organization."),
    "group": _("A Party group elects no committee: record the election of its branch."),
    "future": _("The election date cannot lie in the future."),
    "term_number": _(
        "This organization's current term is number %(current)s: the new one is later."
    ),
    "taken": _("Term %(number)s of %(org)s is already recorded."),
    "no_members": _("List the new committee: at least one member and their post."),
    "post": _("Give %(person)s's post (书记, 副书记, 委员…)."),
    "outsider": _("%(person)s is not a full member of %(org)s or the organizations below it."),
    "twice": _("%(person)s is listed twice."),
}


@transaction.atomic
def election_record(
    *,
    actor: User,
    org: Organization,
    elected_on: datetime.date,
    term_number: int,
    members: list[tuple[Person, str]],
    note: str = "",
) -> ElectionRecord:
    """换届选举: the new committee with its posts; renews the organization's term."""
    if not may_at(actor, Action.CHANGE, org.path):
        raise PermissionDenied(ERRORS["no_right"])
    if org.org_type == OrgType.GROUP:
        raise ValidationError({"org": ERRORS["group"]})
    if elected_on > timezone.localdate():
        raise ValidationError({"elected_on": ERRORS["future"]})
    if org.term_number is not None and term_number <= org.term_number:
        raise ValidationError({"term_number": ERRORS["term_number"] % {"current": org.term_number}})
    taken = ElectionRecord.objects.unscoped("one record per term, whole table")
    if taken.filter(org=org, term_number=term_number).exists():
        raise ValidationError(
            {"term_number": ERRORS["taken"] % {"number": term_number, "org": org.name}}
        )
    if not members:
        raise ValidationError({"members": ERRORS["no_members"]})
    eligible = set(
        Person.objects.unscoped("the members of an organization in reach")
        .filter(
            pk__in=[person.pk for person, _post in members],
            primary_org__path__startswith=org.path,
            is_active=True,
            party_status=PartyStatus.FULL,
        )
        .values_list("pk", flat=True)
    )
    seen: set[int] = set()
    for person, post in members:
        params = {"person": person.name, "org": org.name}
        if person.pk in seen:
            raise ValidationError({"members": ERRORS["twice"] % params})
        seen.add(person.pk)
        if person.pk not in eligible:
            raise ValidationError({"members": ERRORS["outsider"] % params})
        if not post.strip():
            raise ValidationError({"members": ERRORS["post"] % params})
    record = ElectionRecord.objects.create(
        org=org,
        elected_on=elected_on,
        term_number=term_number,
        note=note.strip(),
        recorded_by=actor,
    )
    ElectedMember.objects.bulk_create(
        ElectedMember(election=record, person=person, post=post.strip()[:40])
        for person, post in members
    )
    org_update(
        actor=actor,
        org=org,
        term_elected_on=elected_on,
        term_number=term_number,
        term_years=org_rules.term_years_for(org.org_type),
    )
    audit_record(
        actor=actor,
        action="orglife.election.record",
        target=record,
        term_number=term_number,
        members=len(members),
    )
    return record
