"""Writes of 发展党员: one service records any of the 25 steps, after checking its rule.

`step_record` checks who may (Action.CHANGE on the person's organization; Action.APPROVE —
the level above — for the higher committee's steps), the order of the steps, and the step's
own rule from rules_development; a broken rule is refused with the rule and its article named,
nothing saved. A stage-entering step also moves the person's stage and stage date on
`orgs.Person` (the single source of the stage), dates in order and never in the future.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from dangjian.lib.files import save_on_commit
from dangjian.orglife import rules_development as rules
from dangjian.orglife.development_checks import (
    ERRORS,
    check_order,
    check_rule,
    current_run,
    latest_step,
    probation_end,
    validate_documents,
)
from dangjian.orglife.models import DevelopmentDocument, DevelopmentStep
from dangjian.orgs.models import STAGE_DATE_FIELDS, Person, User
from dangjian.orgs.scoping import Action, require
from dangjian.orgs.services import audit_record


def _stage_update(person: Person, code: str, date: datetime.date, steps) -> dict:
    """The Person fields a stage-entering step (or a cancellation) sets."""
    if code == "probationary":
        # 预备期 and 入党时间 count from the assembly's vote (细则第三十二条), not the approval.
        return {"party_status": code, "probationary_on": latest_step(steps, "assembly_vote").date}
    if code == "full":
        # 党龄 counts from the end of the probation (转为正式党员之日), not the approval.
        return {"party_status": code, "full_member_on": probation_end(person, steps)}
    if code == "cancel":
        # Back to 群众: the stage dates go with the stage (the steps keep the history).
        return {"party_status": rules.PUBLIC} | dict.fromkeys(STAGE_DATE_FIELDS.values())
    return {"party_status": code, STAGE_DATE_FIELDS[code]: date}


STEP_FIELDS = (
    "first_person",
    "second_person",
    "recommendation",
    "result",
    "entitled",
    "attended",
    "approved",
    "days",
    "hours",
    "months",
)


@transaction.atomic
def step_record(
    *,
    actor: User,
    person: Person,
    step: str,
    date: datetime.date,
    note: str = "",
    documents: Sequence[File] = (),
    **fields,
) -> DevelopmentStep:
    """Record one step of `person`'s development; refuse it, naming the rule, if it breaks one."""
    rule = rules.BY_CODE.get(step)
    if rule is None:
        raise ValidationError({"step": ERRORS["unknown_step"] % {"step": step}})
    if rule.approval:
        require(actor, Action.APPROVE, person, str(ERRORS["no_approve"]))
    else:
        require(actor, Action.CHANGE, person, str(ERRORS["no_right"]))
    # Lock the person's row: two steps recorded at once must not both pass the order check.
    person = (
        Person.objects.unscoped("the person whose step is being recorded, checked above")
        .select_for_update()
        .get(pk=person.pk)
    )
    if date > timezone.localdate():
        raise ValidationError({"date": ERRORS["future"]})
    steps = current_run(
        DevelopmentStep.objects.unscoped("the person's own record, checked above")
        .filter(person=person)
        .order_by("date", "pk")
    )
    check_order(person, rule, date, steps)
    late = check_rule(actor, person, rule, date, fields | {"note": note}, steps)
    validate_documents(documents)
    row = DevelopmentStep(
        person=person,
        org_id=person.primary_org_id,
        step=step,
        date=date,
        note=note.strip(),
        late=late,
        recorded_by=actor,
        approved_by=actor if rule.approval else None,
        **{key: fields[key] for key in STEP_FIELDS if fields.get(key) not in (None, "")},
    )
    row.full_clean()
    row.save()
    steps.append(row)
    if step in rules.STAGES or step == "cancel":
        changes = _stage_update(person, step, date, steps)
        Person.objects.unscoped("a development step moves the stage it records").filter(
            pk=person.pk
        ).update(updated_at=timezone.now(), **changes)
        audit_record(
            actor=actor,
            action="orglife.development.stage",
            target=person,
            stage=changes["party_status"],
        )
    for upload in documents:
        # The file itself is written once the step commits (lib.files).
        document = DevelopmentDocument(step=row, name=Path(upload.name).name[:200])
        document.size = save_on_commit(document.file, upload, f"{date:%Y}")
        document.save()
    audit_record(
        actor=actor, action="orglife.development.step", target=row, step=step, date=date.isoformat()
    )
    return row
