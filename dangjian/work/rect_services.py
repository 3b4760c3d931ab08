"""Writes of the rectification ledger (整改台账): listing a problem, taking in a seminar's
problem rows, reporting progress (报账), and the issuing level's acceptance — close (销号) or
return. Every write is audited; notices and files follow the commit.

Who may do what (the kernel's actions, decided here only):
- list a rectification: CHANGE at the issuing organization (`issued_by`); the organization
  rectifying is the issuer itself or one below it;
- report: the responsible person, or anyone with CHANGE at the rectifying organization (then
  recorded as reported on the owner's behalf);
- accept and close (验收销号) or return: CHANGE at the issuing organization only.
The report rules (overdue, the explanation a not-done or overdue report needs) are the ones
work items obey: `dangjian.work.tracking`.
"""

from __future__ import annotations

import datetime

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
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, can, may_at, person_id_of
from dangjian.orgs.selectors import users_reaching
from dangjian.orgs.services import audit_record
from dangjian.work import reporting, tracking
from dangjian.work import rules as shared_rules
from dangjian.work import rules_rect as rules
from dangjian.work.models import (
    ProblemSource,
    Rectification,
    RectificationDeadlineChange,
    RectificationEvidence,
    RectificationReport,
)
from dangjian.work.models.tracking import Outcome, TrackedStatus
from dangjian.work.people import responsible_error

ERRORS = {
    "no_issue": _("You may not list rectifications on behalf of %(issuer)s."),
    "org_outside": _(
        "%(org)s is neither %(issuer)s nor an organization under it: the issuing level lists "
        "problems for itself and the organizations below it."
    ),
    "source": _(
        "Choose where the problem came from: self-examination, seminar, inspection, public "
        "evaluation or other."
    ),
    "problem": _("Describe the problem."),
    "measures": _("Give the measures that will fix it."),
    "too_long": _("At most %(limit)s characters are accepted (%(chars)s given)."),
    "found_future": _("The problem cannot have been found on %(date)s, after today (%(today)s)."),
    "no_report": _(
        "Only the person responsible, or someone who may change the records of %(org)s, may "
        "report on this rectification."
    ),
    "no_accept": _(
        "Only the issuing level, %(issuer)s, may accept and close this rectification or return it."
    ),
    "not_reported": _(
        "Only a rectification reported done can be accepted and closed; this one is “%(status)s”."
    ),
    "not_reported_return": _(
        "Only a rectification reported done can be returned; this one is “%(status)s”."
    ),
    "return_note": _("Say why it is returned: the responsible person reads it."),
    "not_seminar": _("Only a seminar's problem rows can be taken in (this is a “%(kind)s”)."),
    "no_take_in": _("You may not list rectifications for %(org)s."),
}


def _field_error(message, **params) -> list[ValidationError]:
    return [ValidationError(message, params=params)]


def _text_errors(errors: dict, name: str, value: str, empty_message) -> None:
    if not value.strip():
        errors[name] = [ValidationError(empty_message)]
    elif len(value) > rules.TEXT_MAX_CHARS:
        errors[name] = _field_error(
            ERRORS["too_long"], limit=rules.TEXT_MAX_CHARS, chars=len(value)
        )


def notify(users: list[User], subject: str, rect: Rectification, key: str, due=None) -> None:
    """A notice per user once the write is committed (never for a rolled-back write)."""
    link = reverse("work:rect-detail", args=[rect.pk])
    transaction.on_commit(
        lambda: notice_send(recipients=users, subject=subject, link=link, key=key, due_on=due)
    )


def responsible_users(rect: Rectification) -> list[User]:
    """The responsible person's account, if they have one."""
    if rect.responsible_id is None:
        return []
    person = (
        Person.objects.unscoped("the account of the person responsible")
        .filter(pk=rect.responsible_id, user__is_active=True)
        .select_related("user")
        .first()
    )
    return [person.user] if person else []


# ---- listing a problem ----


@transaction.atomic
def rect_create(
    *,
    actor: User,
    org: Organization,
    issued_by: Organization,
    source: str,
    problem: str,
    measures: str,
    deadline: datetime.date,
    found_on: datetime.date,
    responsible: Person | None = None,
    number: str = "",
    today: datetime.date | None = None,
) -> Rectification:
    """List one problem (问题清单) with its measures, deadline and responsible person."""
    today = today or tracking.local_today()
    if not may_at(actor, Action.CHANGE, issued_by.path):
        raise PermissionDenied(ERRORS["no_issue"] % {"issuer": issued_by.name})
    errors: dict[str, list] = {}
    if not org.path.startswith(issued_by.path):
        errors["org"] = _field_error(ERRORS["org_outside"], org=org.name, issuer=issued_by.name)
    if source not in ProblemSource.values:
        errors["source"] = [ValidationError(ERRORS["source"])]
    _text_errors(errors, "problem", problem, ERRORS["problem"])
    _text_errors(errors, "measures", measures, ERRORS["measures"])
    if refusal := tracking.deadline_error(deadline, today):
        errors["deadline"] = [refusal]
    if found_on > today:
        errors["found_on"] = _field_error(
            ERRORS["found_future"], date=date_format(found_on), today=date_format(today)
        )
    if responsible is not None and (refusal := responsible_error(responsible, org)):
        errors["responsible"] = [refusal]
    if errors:
        raise ValidationError(errors)
    rect = Rectification.objects.create(
        org=org,
        issued_by=issued_by,
        source=source,
        number=number.strip()[:30],
        problem=problem.strip(),
        measures=measures.strip(),
        responsible=responsible,
        deadline=deadline,
        first_deadline=deadline,
        found_on=found_on,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="work.rectification.create",
        target=rect,
        issued_by=issued_by.pk,
        source=source,
        deadline=deadline.isoformat(),
        responsible=responsible.pk if responsible else None,
    )
    notify(
        responsible_users(rect),
        gettext("A rectification is yours to carry out: %(problem)s") % {"problem": str(rect)},
        rect,
        key=f"work.rect.assigned:{rect.pk}",
        due=deadline,
    )
    return rect


# ---- reports ----


def _require_visible(actor: User, rect: Rectification) -> None:
    if not can(actor, Action.VIEW, rect):
        raise Rectification.DoesNotExist(f"rectification {rect.pk} is out of reach")


def may_report(actor: User, rect: Rectification) -> bool:
    own = rect.responsible_id is not None and person_id_of(actor) == rect.responsible_id
    return own or may_at(actor, Action.CHANGE, rect.org.path)


def may_accept(actor: User, rect: Rectification) -> bool:
    return may_at(actor, Action.CHANGE, rect.issued_by.path)


def _locked(rect: Rectification) -> Rectification:
    """The row as stored, locked for this transaction (two reports at once: one waits)."""
    return (
        Rectification.objects.unscoped("the row being written, permission checked")
        .select_for_update(of=("self",))
        .select_related("org", "issued_by")
        .get(pk=rect.pk)
    )


@transaction.atomic
def rect_report(
    *,
    actor: User,
    rect: Rectification,
    outcome: str,
    text: str,
    reason: str = "",
    measures: str = "",
    new_deadline: datetime.date | None = None,
    files: list[File] | None = None,
    today: datetime.date | None = None,
) -> RectificationReport:
    """报账: done (→ awaiting acceptance), partly or not done; a not-done report or any report
    on an overdue row gives reason, further measures and a new deadline (tracking.py), and a
    new deadline is kept in the deadline history."""
    today = today or tracking.local_today()
    _require_visible(actor, rect)
    rect = _locked(rect)
    if not may_report(actor, rect):
        raise PermissionDenied(ERRORS["no_report"] % {"org": rect.org.name})
    files = files or []
    data = {
        "outcome": outcome,
        "text": text,
        "reason": reason,
        "measures": measures,
        "new_deadline": new_deadline,
    }
    errors: dict[str, list] = dict(tracking.report_errors(rect, data, today))
    file_errors = upload_errors(files, shared_rules.EVIDENCE)
    if file_errors:
        errors["files"] = file_errors
    if errors:
        raise ValidationError(errors)
    overdue = tracking.is_overdue(rect, today)
    old_deadline = rect.deadline
    on_behalf = rect.responsible_id is None or person_id_of(actor) != rect.responsible_id
    report = reporting.record_report(
        actor=actor,
        row=rect,
        link="rectification",
        report_model=RectificationReport,
        evidence_model=RectificationEvidence,
        change_model=RectificationDeadlineChange,
        on_behalf=on_behalf,
        fields=data,
        files=files,
        folder="rect",
        today=today,
    )
    changed = {}
    if rect.deadline != old_deadline:
        changed = {"old_deadline": old_deadline.isoformat(), "new_deadline": str(rect.deadline)}
    audit_record(
        actor=actor,
        action="work.rectification.report",
        target=rect,
        report=report.pk,
        outcome=outcome,
        on_behalf=on_behalf,
        overdue=overdue,
        files=len(files),
        **changed,
    )
    if outcome == Outcome.DONE:
        notify(
            users_reaching(rect.issued_by.path, Action.CHANGE, nearest_only=True),
            gettext("Reported done, to accept: %(problem)s") % {"problem": str(rect)},
            rect,
            key=f"work.rect.reported:{report.pk}",
        )
    return report


# ---- acceptance (验收销号) ----


def _require_acceptor(actor: User, rect: Rectification) -> Rectification:
    _require_visible(actor, rect)
    rect = _locked(rect)
    if not may_accept(actor, rect):
        raise PermissionDenied(ERRORS["no_accept"] % {"issuer": rect.issued_by.name})
    return rect


@transaction.atomic
def rect_close(*, actor: User, rect: Rectification, note: str = "") -> Rectification:
    """验收销号: the issuing level accepts a row reported done and closes it."""
    rect = _require_acceptor(actor, rect)
    if rect.status != TrackedStatus.REPORTED:
        message = ERRORS["not_reported"] % {"status": rect.get_status_display()}
        raise ValidationError({"status": [message]})
    reporting.close(actor=actor, row=rect, acceptance_note=note.strip())
    audit_record(
        actor=actor, action="work.rectification.close", target=rect, note=rect.acceptance_note
    )
    notify(
        responsible_users(rect),
        gettext("Accepted and closed: %(problem)s") % {"problem": str(rect)},
        rect,
        key=f"work.rect.closed:{rect.pk}",
    )
    return rect


@transaction.atomic
def rect_return(*, actor: User, rect: Rectification, note: str) -> Rectification:
    """The issuing level does not accept the fix: the row is open again, with the reason."""
    rect = _require_acceptor(actor, rect)
    errors: dict[str, list] = {}
    if rect.status != TrackedStatus.REPORTED:
        message = ERRORS["not_reported_return"] % {"status": rect.get_status_display()}
        errors["status"] = [message]
    if not note.strip():
        errors["note"] = [ERRORS["return_note"]]
    if errors:
        raise ValidationError(errors)
    rect.status = TrackedStatus.OPEN
    rect.acceptance_note = note.strip()
    rect.save(update_fields=["status", "acceptance_note"])
    audit_record(
        actor=actor, action="work.rectification.return", target=rect, note=rect.acceptance_note
    )
    notify(
        responsible_users(rect),
        gettext("Returned, not accepted: %(problem)s") % {"problem": str(rect)},
        rect,
        key=f"work.rect.returned:{rect.pk}:{timezone.now():%Y%m%d%H%M%S}",
    )
    return rect
