"""转入 from outside the county: the receiving branch registers the arriving person and the
letter they brought (an accepted transfer of kind `in`)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.orglife import rules_transfers as rules
from dangjian.orglife.models import Transfer
from dangjian.orglife.transfer_services import ERRORS, check_receiving
from dangjian.orgs.models import Organization, User
from dangjian.orgs.services import audit_record, check_dates, people_insert, person_build


def transfer_register_incoming(
    *,
    actor: User,
    to_org: Organization,
    from_text: str,
    letter_number: str,
    issued_on: datetime.date,
    accepted_on: datetime.date | None = None,
    reason: str = "",
    **person_fields,
) -> Transfer:
    """转入 from outside the county: the receiving branch registers the person
    (`person_create`, with its own checks) and the letter they brought, accepted."""
    check_receiving(to_org, field="to_org")
    accepted_on = accepted_on or timezone.localdate()
    errors = {}
    if not from_text.strip():
        errors["from_text"] = ERRORS["from_needed"]
    if not letter_number.strip():
        errors["letter_number"] = ERRORS["letter_needed"]
    if errors:
        raise ValidationError(errors)
    check_dates(
        {"issued_on": issued_on, "accepted_on": accepted_on}, happened=("issued_on", "accepted_on")
    )
    if accepted_on < issued_on:
        raise ValidationError({"accepted_on": ERRORS["before_issue"] % {"date": issued_on}})
    if person_fields.get("party_status") not in rules.TRANSFERABLE_STATUSES:
        raise ValidationError({"party_status": ERRORS["not_member"]})
    check_dates({"joined_on": accepted_on}, scheduled=("joined_on",))
    # Built outside the transaction, as `person_create` does: a refused ID-card lookup stays
    # audited.
    person = person_build(actor=actor, primary_org=to_org, **person_fields)
    with transaction.atomic():
        people_insert(actor=actor, people=[person], joined_on=accepted_on)
        transfer = Transfer(
            person=person,
            kind=Transfer.Kind.IN,
            from_text=from_text.strip(),
            to_org=to_org,
            reason=reason.strip(),
            issued_on=issued_on,
            letter_number=letter_number.strip(),
            status=Transfer.Status.ACCEPTED,
            accepted_on=accepted_on,
            issued_by=actor,
            decided_by=actor,
        )
        transfer.full_clean()
        transfer.save()
        # Filed under the person (now at the receiving branch): a letter from outside has no
        # sending organization in the county to file it under.
        audit_record(
            actor=actor,
            action="orglife.transfer.register_incoming",
            target=person,
            transfer=transfer.pk,
            letter=transfer.letter_number,
            from_text=transfer.from_text,
        )
    return transfer
