"""Writes of 评先树优 from the public notice on: starting 公示, objections (异议) lodged by
anyone without an account and answered by the committee, the decision with its awards, and
publishing awarded deeds to the learning hall.

The public path has no actor: an objection is not an account's action (no audit row); the
sender's address is kept only as a keyed hash for the per-address limit, and the committee's
secretaries are told on commit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.honors import rules_exemplar as rules
from dangjian.honors import workdays
from dangjian.honors.exemplar_services import (
    local_today,
    nominee_name,
    require_committee,
    require_not_own,
)
from dangjian.honors.models import ExemplarRound, Nomination, Objection
from dangjian.lib import address_limits
from dangjian.orgs.models import User
from dangjian.orgs.service_base import audit_record

ERRORS = {
    "notice_state": _("The public notice starts from a round under review (%(status)s)."),
    "unreviewed": _(
        "%(count)s nominations are not reviewed yet (%(names)s): a member of %(committee)s "
        "reviews each, other than the one who nominated it and the nominee; review each "
        "before the notice starts."
    ),
    "nothing_approved": _("No nomination passed the review: there is nothing to publish."),
    "notice_over": _("The public notice ended on %(end)s: objections are no longer taken."),
    "notice_not_started": _("The notice starts on %(start)s."),
    "honeypot": _("The form was not sent by a person."),
    "body_short": _("Write at least %(limit)s characters: what is wrong, and how you know."),
    "body_long": _("%(chars)s characters; at most %(limit)s are accepted."),
    "not_in_notice": _("This nomination is not in the public notice."),
    "too_many": _(
        "Too many objections were sent from your network in the last hour. Please try again "
        "later, or write to the committee."
    ),
    "answer_state": _("Objections are answered during the notice (%(status)s)."),
    "outcome": _("Choose upheld or dismissed."),
    "answer_short": _("Write the answer (at least %(limit)s characters)."),
}


class TooManyObjections(Exception):
    """Per-address limit of the public form and API: HTTP 429."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message


# ---- 公示 --------------------------------------------------------------------------------------


def notice_dates(
    round_: ExemplarRound, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The notice's first day (today when it is a working day, else the next one) and its
    last: `notice_days` working days counting the first (rules_exemplar)."""
    start = workdays.next_working_day(today)
    return start, workdays.add_working_days(start, round_.notice_days - 1)


def unreviewed_names(round_: ExemplarRound) -> list[str]:
    """The nominees of the round's nominations not reviewed yet, for the committee."""
    rows = (
        Nomination.objects.unscoped("the committee's whole round")
        .filter(round=round_, status=Nomination.Status.NOMINATED)
        .select_related("nominee_person", "nominee_org")
        .order_by("category", "pk")
    )
    return [nominee_name(row) for row in rows]


def round_start_notice(
    *, actor: User, round_: ExemplarRound, today: datetime.date | None = None
) -> ExemplarRound:
    """公示 — the nominations that passed the review go on the public page."""
    require_committee(actor, round_)
    if round_.status not in (ExemplarRound.Status.NOMINATING, ExemplarRound.Status.REVIEWING):
        params = {"status": round_.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["notice_state"], params=params))
    rows = Nomination.objects.unscoped("the committee's whole round").filter(round=round_)
    waiting = unreviewed_names(round_)
    if waiting:
        params = {"count": len(waiting), "names": "、".join(waiting), "committee": round_.org.name}
        raise ValidationError(ValidationError(ERRORS["unreviewed"], params=params))
    approved = rows.filter(status=Nomination.Status.APPROVED)
    if not approved.exists():
        raise ValidationError(ERRORS["nothing_approved"])
    start, end = notice_dates(round_, today or local_today())
    with transaction.atomic():
        count = approved.update(status=Nomination.Status.NOTICE)
        round_.status = ExemplarRound.Status.NOTICE
        round_.notice_start, round_.notice_end = start, end
        round_.save(update_fields=["status", "notice_start", "notice_end"])
        audit_record(
            actor=actor,
            action="honors.round.notice",
            target=round_,
            start=start.isoformat(),
            end=end.isoformat(),
            nominations=count,
        )
    return round_


# ---- objections ------------------------------------------------------------------------------


def _sender_hash(ip: str) -> str:
    """A keyed hash of the sender's address (by its /64 for IPv6): equal addresses match, the
    address cannot be read back."""
    return address_limits.keyed_address("dangjian.honors.objection.ip", ip)


def _count_sender(sender: str) -> int:
    return address_limits.count(f"honors-objection:{sender}:{address_limits.this_hour()}")


def public_nomination(public_key: str, pk: int) -> Nomination:
    """A nomination the public may object to: in the notice of the round whose public key is
    given, the committee, the nominating and the nominated organization still active.
    Anything else does not exist (404), whichever reason."""
    from dangjian.honors.exemplar_selectors import public_orgs_active

    found = (
        Nomination.objects.unscoped("the public notice shows nominations in notice")
        .select_related("round", "round__org", "nominee_person", "nominee_org")
        .filter(
            public_orgs_active(""),
            pk=pk,
            round__public_key=public_key,
            status=Nomination.Status.NOTICE,
            round__status=ExemplarRound.Status.NOTICE,
        )
        .first()
    )
    if found is None:
        raise Nomination.DoesNotExist("no such nomination in public notice")
    return found


def count_attempt(ip: str) -> None:
    """Count one public objection attempt from the address, before anything is looked up or
    checked: a sender cannot probe which nominations are in notice, or retry without end."""
    if _count_sender(_sender_hash(ip)) > rules.OBJECTIONS_PER_ADDRESS_PER_HOUR:
        raise TooManyObjections(ERRORS["too_many"])


def check_notice_open(round_: ExemplarRound, today: datetime.date) -> None:
    if round_.notice_end is not None and today > round_.notice_end:
        params = {"end": round_.notice_end.isoformat()}
        raise ValidationError(ValidationError(ERRORS["notice_over"], params=params))
    if round_.notice_start is not None and today < round_.notice_start:
        params = {"start": round_.notice_start.isoformat()}
        raise ValidationError(ValidationError(ERRORS["notice_not_started"], params=params))


def objection_lodge(
    *,
    nomination: Nomination,
    body: str,
    name: str = "",
    contact: str = "",
    honeypot: str = "",
    ip: str = "",
    today: datetime.date | None = None,
) -> Objection:
    """异议 — anyone, no account, while the notice runs. `nomination` comes from
    `public_nomination` (in notice); the attempt was counted by `count_attempt` before."""
    if honeypot:
        raise ValidationError(ERRORS["honeypot"])
    check_notice_open(nomination.round, today or local_today())
    body, name, contact = (body or "").strip(), (name or "").strip(), (contact or "").strip()
    errors: dict[str, list] = {}
    if len(body) < rules.OBJECTION_MIN_CHARS:
        params = {"limit": rules.OBJECTION_MIN_CHARS}
        errors["body"] = [ValidationError(ERRORS["body_short"], params=params)]
    for field, text, limit in (
        ("body", body, rules.OBJECTION_MAX_CHARS),
        ("name", name, rules.OBJECTION_NAME_MAX_CHARS),
        ("contact", contact, rules.OBJECTION_CONTACT_MAX_CHARS),
    ):
        if len(text) > limit:
            params = {"chars": len(text), "limit": limit}
            errors[field] = [ValidationError(ERRORS["body_long"], params=params)]
    if errors:
        raise ValidationError(errors)
    sender = _sender_hash(ip)
    with transaction.atomic():
        objection = Objection.objects.create(
            nomination=nomination, body=body, name=name, contact=contact, sender=sender
        )
        round_ = nomination.round
        subject = gettext("An objection to %(nominee)s in “%(round)s”") % {
            "nominee": nominee_name(nomination),
            "round": round_.title,
        }
        link = reverse("honors:exemplar-nomination", args=[nomination.pk])
        transaction.on_commit(lambda: _tell_committee(round_, subject, link, objection.pk))
    return objection


def _tell_committee(round_: ExemplarRound, subject: str, link: str, objection_pk: int) -> None:
    from dangjian.notices.services import notice_send
    from dangjian.orgs.selectors import secretaries_at

    recipients = secretaries_at([round_.org_id]).get(round_.org_id, [])
    notice_send(
        recipients=recipients, subject=subject, link=link, key=f"honors-objection:{objection_pk}"
    )


def objection_answer(*, actor: User, objection: Objection, outcome: str, answer: str) -> Objection:
    """The committee's answer: upheld (the objection stands) or dismissed after checking."""
    round_ = objection.nomination.round
    require_committee(actor, round_)
    require_not_own(actor, objection.nomination)
    if round_.status != ExemplarRound.Status.NOTICE:
        params = {"status": round_.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["answer_state"], params=params))
    answer = (answer or "").strip()
    errors: dict[str, list] = {}
    if outcome not in (Objection.Outcome.UPHELD, Objection.Outcome.DISMISSED):
        errors["outcome"] = [ERRORS["outcome"]]
    if len(answer) < rules.ANSWER_MIN_CHARS:
        params = {"limit": rules.ANSWER_MIN_CHARS}
        errors["answer"] = [ValidationError(ERRORS["answer_short"], params=params)]
    elif len(answer) > rules.ANSWER_MAX_CHARS:
        params = {"chars": len(answer), "limit": rules.ANSWER_MAX_CHARS}
        errors["answer"] = [ValidationError(ERRORS["body_long"], params=params)]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        objection.outcome, objection.answer = outcome, answer
        objection.answered_by, objection.answered_at = actor, timezone.now()
        objection.save(update_fields=["outcome", "answer", "answered_by", "answered_at"])
        audit_record(
            actor=actor, action="honors.objection.answer", target=objection, outcome=outcome
        )
    return objection
