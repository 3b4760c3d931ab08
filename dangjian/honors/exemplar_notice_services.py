"""Writes of 评先树优 from the public notice on: starting 公示, objections (异议) lodged by
anyone without an account and answered by the committee, the decision with its awards, and
publishing awarded deeds to the learning hall.

The public path has no actor: an objection is not an account's action (no audit row); the
sender's address is kept only as a keyed hash for the per-address limit, and the committee's
secretaries are told on commit.
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dangjian.honors import rules_exemplar as rules
from dangjian.honors import workdays
from dangjian.honors.exemplar_services import (
    local_today,
    nominee_name,
    require_committee,
)
from dangjian.honors.models import Award, ExemplarRound, Nomination, Objection
from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, may_at
from dangjian.orgs.service_base import audit_record

ERRORS = {
    "notice_state": _("The public notice starts from a round under review (%(status)s)."),
    "unreviewed": _(
        "%(count)s nominations are not reviewed yet: review each before the notice starts."
    ),
    "nothing_approved": _("No nomination passed the review: there is nothing to publish."),
    "notice_over": _("The public notice ended on %(end)s: objections are no longer taken."),
    "notice_not_started": _("The notice starts on %(start)s."),
    "honeypot": _("The form was not sent by a person."),
    "body_short": _("Write at least %(limit)s characters: what is wrong, and how you know."),
    "body_long": _("%(chars)s characters; at most %(limit)s are accepted."),
    "too_many": _(
        "Too many objections were sent from your network in the last hour. Please try again "
        "later, or write to the committee."
    ),
    "answer_state": _("Objections are answered during the notice (%(status)s)."),
    "outcome": _("Choose upheld or dismissed."),
    "answer_short": _("Write the answer (at least %(limit)s characters)."),
    "decide_state": _("Only a round in public notice is decided (%(status)s)."),
    "notice_running": _("The notice runs until %(end)s: decide after it ends."),
    "open_objections": _(
        "%(count)s objections are not answered yet: answer each before the decision."
    ),
    "decision_missing": _("Decide on %(nominee)s (award or not)."),
    "decision_unknown": _("Nomination %(id)s is not in this round's notice."),
    "decision_twice": _("Nomination %(id)s is decided twice."),
    "upheld": _("An objection against %(nominee)s was upheld: it cannot be awarded."),
    "publish_right": _("Only the committee that made the award may publish its deeds."),
    "published": _("These deeds are already in the learning hall."),
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


def round_start_notice(
    *, actor: User, round_: ExemplarRound, today: datetime.date | None = None
) -> ExemplarRound:
    """公示 — the nominations that passed the review go on the public page."""
    require_committee(actor, round_)
    if round_.status not in (ExemplarRound.Status.NOMINATING, ExemplarRound.Status.REVIEWING):
        params = {"status": round_.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["notice_state"], params=params))
    rows = Nomination.objects.unscoped("the committee's whole round").filter(round=round_)
    waiting = rows.filter(status=Nomination.Status.NOMINATED).count()
    if waiting:
        raise ValidationError(ValidationError(ERRORS["unreviewed"], params={"count": waiting}))
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
    """A keyed hash of the sender's address (an IPv6 address by its /64: one subscriber holds
    a whole /64): equal addresses match, the address cannot be read back."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        key = ip or ""
    else:
        key = str(address)
        if address.version == 6 and address.ipv4_mapped is None:
            key = str(ipaddress.ip_network(f"{address}/64", strict=False))
        elif address.version == 6:
            key = str(address.ipv4_mapped)
    return salted_hmac("dangjian.honors.objection.ip", key, algorithm="sha256").hexdigest()


def _count_sender(sender: str) -> int:
    key = f"honors-objection:{sender}:{timezone.now():%Y%m%d%H}"
    if cache.add(key, 1, timeout=3600):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=3600)
        return 1


def public_nomination(pk: int) -> Nomination:
    """A nomination the public may object to: in notice. Anything else does not exist (404)."""
    found = (
        Nomination.objects.unscoped("the public notice shows nominations in notice")
        .select_related("round", "round__org", "nominee_person", "nominee_org")
        .filter(
            pk=pk,
            status=Nomination.Status.NOTICE,
            round__status=ExemplarRound.Status.NOTICE,
        )
        .first()
    )
    if found is None:
        raise Nomination.DoesNotExist("no such nomination in public notice")
    return found


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
    `public_nomination` (in notice)."""
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
    # Counted before the INSERT (cache.incr is atomic): simultaneous posts cannot all pass.
    if _count_sender(sender) > rules.OBJECTIONS_PER_ADDRESS_PER_HOUR:
        raise TooManyObjections(ERRORS["too_many"])
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


# ---- decision ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    nomination: int
    award: bool
    note: str = ""


def award_title(round_: ExemplarRound, category: str) -> str:
    honor = rules.CATEGORY_TITLES[category]
    if round_.kind == ExemplarRound.Kind.YEARLY:
        return f"{round_.period.year}年度{honor}"
    return f"{round_.period.year}年{round_.period.month}月{honor}"


def _check_decisions(round_, decisions, nominations, errors) -> None:
    seen: set[int] = set()
    for decision in decisions:
        if decision.nomination not in nominations:
            params = {"id": decision.nomination}
            errors.setdefault("decisions", []).append(
                ValidationError(ERRORS["decision_unknown"], params=params)
            )
        elif decision.nomination in seen:
            params = {"id": decision.nomination}
            errors.setdefault("decisions", []).append(
                ValidationError(ERRORS["decision_twice"], params=params)
            )
        elif len(decision.note) > rules.NOTE_MAX_CHARS:
            params = {"chars": len(decision.note), "limit": rules.NOTE_MAX_CHARS}
            errors.setdefault("decisions", []).append(
                ValidationError(ERRORS["body_long"], params=params)
            )
        seen.add(decision.nomination)
    for pk, nomination in nominations.items():
        if pk not in seen:
            params = {"nominee": nominee_name(nomination)}
            errors.setdefault("decisions", []).append(
                ValidationError(ERRORS["decision_missing"], params=params)
            )
    upheld = set(
        Objection.objects.unscoped("the round's objections, for the committee")
        .filter(nomination__round=round_, outcome=Objection.Outcome.UPHELD)
        .values_list("nomination_id", flat=True)
    )
    for decision in decisions:
        if decision.award and decision.nomination in upheld and decision.nomination in nominations:
            params = {"nominee": nominee_name(nominations[decision.nomination])}
            errors.setdefault("decisions", []).append(
                ValidationError(ERRORS["upheld"], params=params)
            )


def round_decide(
    *,
    actor: User,
    round_: ExemplarRound,
    decisions: list[Decision],
    today: datetime.date | None = None,
) -> list[Award]:
    """决定 — after the notice ended and every objection is answered: each nomination in
    notice is awarded or not (with a note); an award is the ledger's row."""
    require_committee(actor, round_)
    today = today or local_today()
    if round_.status != ExemplarRound.Status.NOTICE:
        params = {"status": round_.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["decide_state"], params=params))
    if round_.notice_end is not None and today <= round_.notice_end:
        params = {"end": round_.notice_end.isoformat()}
        raise ValidationError(ValidationError(ERRORS["notice_running"], params=params))
    open_count = (
        Objection.objects.unscoped("the round's objections, for the committee")
        .filter(nomination__round=round_, outcome=Objection.Outcome.OPEN)
        .count()
    )
    if open_count:
        params = {"count": open_count}
        raise ValidationError(ValidationError(ERRORS["open_objections"], params=params))
    nominations = {
        row.pk: row
        for row in Nomination.objects.unscoped("the committee's whole round")
        .select_related("nominee_person", "nominee_org")
        .filter(round=round_, status=Nomination.Status.NOTICE)
    }
    errors: dict[str, list] = {}
    _check_decisions(round_, decisions, nominations, errors)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    awards = []
    with transaction.atomic():
        for decision in decisions:
            nomination = nominations[decision.nomination]
            nomination.status = (
                Nomination.Status.AWARDED if decision.award else Nomination.Status.NOT_AWARDED
            )
            nomination.decision_note = decision.note.strip()
            nomination.decided_by, nomination.decided_at = actor, now
            nomination.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
            audit_record(
                actor=actor,
                action="honors.nomination.decide",
                target=nomination,
                award=decision.award,
            )
            if decision.award:
                awards.append(
                    Award.objects.create(
                        nomination=nomination,
                        round=round_,
                        category=nomination.category,
                        year=round_.period.year,
                        title=award_title(round_, nomination.category),
                        awarded_on=today,
                    )
                )
        round_.status = ExemplarRound.Status.DECIDED
        round_.save(update_fields=["status"])
        audit_record(actor=actor, action="honors.round.decide", target=round_, awards=len(awards))
    return awards


def award_publish(*, actor: User, award: Award) -> Award:
    """The awarded deeds as a learning-hall material (学习资料) of the committee, published
    to its subtree; once."""
    from dangjian.study.hall_services import material_save
    from dangjian.study.models import MaterialCategory

    round_ = award.round
    if not may_at(actor, Action.CHANGE, round_.org.path):
        raise PermissionDenied(ERRORS["publish_right"])
    if award.hall_material_id is not None:
        raise ValidationError(ERRORS["published"])
    nomination = award.nomination
    category = (
        MaterialCategory.objects.filter(name=rules.HALL_CATEGORY).first()
        or MaterialCategory.objects.order_by("order", "pk").first()
    )
    with transaction.atomic():
        material = material_save(
            actor=actor,
            org=round_.org,
            category=category,
            year=award.year,
            title=f"{award.title}：{nominee_name(nomination)}"[:200],
            summary=nomination.summary,
            body=nomination.deeds,
            publish=True,
        )
        award.hall_material_id = material.pk
        award.save(update_fields=["hall_material_id"])
        audit_record(actor=actor, action="honors.award.publish", target=award, material=material.pk)
    return award
