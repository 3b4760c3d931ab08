"""Writes of 评先树优 after 公示: the committee's decision with its awards (the ledger's
rows), and publishing awarded deeds to the learning hall (study.hall_services.material_save,
the one study service honors calls).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.honors import rules_exemplar as rules
from dangjian.honors.exemplar_services import (
    is_own_nomination,
    local_today,
    nominee_name,
    require_committee,
)
from dangjian.honors.models import Award, ExemplarRound, Nomination, Objection
from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, may_at
from dangjian.orgs.service_base import audit_record

ERRORS = {
    "decide_state": _("Only a round in public notice is decided (%(status)s)."),
    "notice_running": _("The notice runs until %(end)s: decide after it ends."),
    "open_objections": _(
        "%(count)s objections are not answered yet: answer each before the decision."
    ),
    "decision_missing": _("Decide on %(nominee)s (award or not)."),
    "decision_unknown": _("Nomination %(id)s is not in this round's notice."),
    "decision_twice": _("Nomination %(id)s is decided twice."),
    "upheld": _("An objection against %(nominee)s was upheld: it cannot be awarded."),
    "own_in_round": _(
        "%(nominee)s is you: nobody decides their own nomination, and a round is decided in "
        "one go; another member of the committee decides this round."
    ),
    "publish_right": _("Only the committee that made the award may publish its deeds."),
    "published": _("These deeds are already in the learning hall."),
    "note_long": _("The note has %(chars)s characters; at most %(limit)s are accepted."),
}


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
                ValidationError(ERRORS["note_long"], params=params)
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


def require_none_own(actor: User, nominations) -> None:
    """Refuse the decision to a member of the committee nominated in the round."""
    for nomination in nominations:
        if is_own_nomination(actor, nomination):
            params = {"nominee": nominee_name(nomination)}
            raise PermissionDenied(ERRORS["own_in_round"] % params)


def round_decide(
    *,
    actor: User,
    round_: ExemplarRound,
    decisions: list[Decision],
    today: datetime.date | None = None,
) -> list[Award]:
    """决定 — after the notice ended and every objection is answered: each nomination in
    notice is awarded or not (with a note); an award is the ledger's row.

    A nominee on the committee is refused the whole decision (the round is decided in one
    call, every nomination in notice at once): another member decides it."""
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
    require_none_own(actor, nominations.values())
    errors: dict[str, list] = {}
    _check_decisions(round_, decisions, nominations, errors)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    awards = []
    with transaction.atomic():
        # A second submit waits here, then finds the round decided (no second set of awards).
        locked = (
            ExemplarRound.objects.unscoped("the round being decided, locked: double submit")
            .select_for_update()
            .get(pk=round_.pk)
        )
        if locked.status != ExemplarRound.Status.NOTICE:
            params = {"status": locked.get_status_display()}
            raise ValidationError(ValidationError(ERRORS["decide_state"], params=params))
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
        # A double click waits here, then finds the material made: one learning-hall material.
        locked = (
            Award.objects.unscoped("the award being published, locked against a double click")
            .select_for_update()
            .get(pk=award.pk)
        )
        if locked.hall_material_id is not None:
            raise ValidationError(ERRORS["published"])
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
