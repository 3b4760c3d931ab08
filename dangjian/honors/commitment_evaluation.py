"""践诺评议 — the year-end evaluation of public commitments: by the level that holds the
commitment's organization (CHANGE or REVIEW there; an organization's own items by a grant
above it), never by the person themself, only inside the year's evaluation window
(rules_commitment). The member hears of the verdict by a notice after the commit."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.honors import rules_commitment as rules
from dangjian.honors.commitment_services import (
    ERRORS,
    VERDICTS,
    clean_text,
    is_own,
    local_today,
    locked,
)
from dangjian.honors.models import Commitment
from dangjian.notices.services import notice_send
from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, can, grants
from dangjian.orgs.service_base import audit_record


def may_evaluate(actor: User, commitment: Commitment) -> bool:
    """CHANGE or REVIEW at the commitment's organization, never on one's own item; an
    organization's own items by a grant above it (an organization does not judge its own
    promises). Answered from the grants, no query; `commitment.org` must be loaded."""
    if not actor.is_authenticated or is_own(actor, commitment):
        return False
    if actor.is_superuser:
        return True
    path = commitment.org.path
    for grant in grants(actor):
        if not (grant.reaches(Action.CHANGE, path) or grant.reaches(Action.REVIEW, path)):
            continue
        if commitment.person_id is not None or grant.org_path != path:
            return True
    return False


def require_evaluator(actor: User, commitment: Commitment) -> None:
    """404 out of sight; 403 with the reason for the person themself or one who may not."""
    if not can(actor, Action.VIEW, commitment):
        raise Commitment.DoesNotExist(f"Commitment {commitment.pk} is out of reach")
    if is_own(actor, commitment):
        raise PermissionDenied(ERRORS["not_self"])
    if not may_evaluate(actor, commitment):
        raise PermissionDenied(ERRORS["no_right_evaluate"])


def window_error(year: int, today: datetime.date) -> ValidationError | None:
    opens, closes = rules.evaluation_window(year)
    if opens <= today <= closes:
        return None
    params = {
        "year": year,
        "opens": opens.isoformat(),
        "closes": closes.isoformat(),
        "today": today.isoformat(),
    }
    return ValidationError(ERRORS["window_closed"], params=params)


@transaction.atomic
def commitment_evaluate(
    *,
    actor: User,
    commitment: Commitment,
    verdict: str,
    note: str = "",
    today: datetime.date | None = None,
) -> Commitment:
    """践诺评议: kept / partly kept / not kept, with a note, inside the year's evaluation
    window; a second verdict in the window replaces the first (the audit keeps old → new)."""
    today = today or local_today()
    commitment = (
        Commitment.objects.unscoped("loaded for the check below")
        .select_related("org")
        .get(pk=commitment.pk)
    )
    require_evaluator(actor, commitment)
    commitment = locked(commitment)
    if commitment.status == Commitment.Status.DRAFT:
        raise ValidationError(ERRORS["not_published"])
    errors: dict[str, list] = {}
    closed = window_error(commitment.year, today)
    if closed is not None:
        errors["verdict"] = [closed]
    elif verdict not in VERDICTS:
        params = {"choices": ", ".join(VERDICTS)}
        errors["verdict"] = [ValidationError(ERRORS["verdict"], params=params)]
    note = clean_text(note, errors, "note", limit=rules.NOTE_MAX_CHARS)
    if errors:
        raise ValidationError(errors)
    old = [commitment.verdict, commitment.evaluation_note]
    commitment.verdict = verdict
    commitment.evaluation_note = note
    commitment.status = Commitment.Status.EVALUATED
    commitment.evaluated_by = actor
    commitment.evaluated_at = timezone.now()
    commitment.save(
        update_fields=["verdict", "evaluation_note", "status", "evaluated_by", "evaluated_at"]
    )
    audit_record(
        actor=actor,
        action="honors.commitment.evaluate",
        target=commitment,
        verdict=[old[0], verdict],
        note=[old[1], note],
    )
    _notify_owner(commitment)
    return commitment


def _notify_owner(commitment: Commitment) -> None:
    """The member hears of the verdict on their commitment (after the commit; once per
    verdict: a changed verdict is a new notice)."""
    if commitment.person_id is None:
        return
    owner = User.objects.filter(person__pk=commitment.person_id, is_active=True).first()
    if owner is None:
        return
    subject = _("Your commitment “%(title)s” was evaluated: %(verdict)s.") % {
        "title": commitment.title,
        "verdict": commitment.get_verdict_display(),
    }
    link = reverse("honors:commitment-detail", args=[commitment.pk])
    key = f"honors.commitment.evaluated:{commitment.pk}:{commitment.verdict}"
    transaction.on_commit(
        lambda: notice_send(recipients=[owner], subject=subject, link=link, key=key)
    )
