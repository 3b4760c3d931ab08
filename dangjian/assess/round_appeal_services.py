"""Writes of an appeal (申诉): the assessed organization disputes its published result
(or one item) within rules_round.APPEAL_DAYS days of publication; the level above decides.

Who may do what:
- submit: CHANGE at the sheet's organization and NOT APPROVE there — the assessed
  organization's own chain only (its secretary), never the level above that decides; the
  round published, within the days allowed, no other appeal of the sheet pending (the
  sheet row is locked while this is checked, so two appeals cannot slip in together);
- decide: APPROVE at the sheet's organization (the level above), never by the account that
  filed the appeal; the appeal row is locked, so two deciders cannot both decide it; the
  decision is recorded;
  an upheld appeal may change the disputed item's points — through the scoring service's
  one write (ScoreChange, audit) — and the round is ranked and graded again.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_round as rules
from dangjian.assess.models import Appeal, AssessRound, RuleItem, ScoreSheet
from dangjian.assess.round_services import appeal_deadline, rank_round
from dangjian.assess.round_sheet_services import parse_points, write_score
from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, may_at, require
from dangjian.orgs.service_base import audit_record

ERRORS = {
    "no_right_submit": _("Only the assessed organization may appeal its result."),
    "no_right_decide": _("Only the level above may decide this appeal."),
    "not_published": _("The round's results are not published yet."),
    "too_late": _("Appeals were accepted until %(until)s (%(days)s days after publication)."),
    "pending": _("An appeal of this sheet is already waiting for its decision."),
    "text": _("Give the grounds of the appeal."),
    "item": _("Choose an item of this sheet's rule set."),
    "decided": _("This appeal was already decided."),
    "own_appeal": _("You filed this appeal: someone else at the level above must decide it."),
    "status": _("Uphold or reject the appeal."),
    "decision": _("Record the decision and its reasons."),
    "points_without_item": _("The appeal names no item: no points can be changed."),
    "too_long": _("%(chars)s characters; at most %(limit)s are accepted."),
}
DECIDED_SUBJECT = _("Your appeal about %(org)s in %(round)s was decided: %(status)s")


def _text(errors: dict, name: str, text: str, empty) -> None:
    if not text:
        errors[name] = [empty]
    elif len(text) > rules.TEXT_MAX_CHARS:
        params = {"chars": len(text), "limit": rules.TEXT_MAX_CHARS}
        errors[name] = [ValidationError(ERRORS["too_long"], params=params)]


@transaction.atomic
def appeal_submit(
    *,
    actor: User,
    sheet: ScoreSheet,
    text: str,
    item: RuleItem | None = None,
    today=None,
) -> Appeal:
    require(actor, Action.CHANGE, sheet, str(ERRORS["no_right_submit"]))
    if not may_file(actor, sheet):
        raise PermissionDenied(ERRORS["no_right_submit"])
    ScoreSheet.objects.unscoped("the sheet being appealed, checked above").select_for_update(
        of=("self",)
    ).filter(pk=sheet.pk).first()
    round_ = sheet.round
    if round_.status != AssessRound.Status.PUBLISHED:
        raise ValidationError(ERRORS["not_published"])
    today = today or timezone.localdate()
    until = appeal_deadline(round_)
    if until is not None and today > until:
        params = {"until": date_format(until), "days": rules.APPEAL_DAYS}
        raise ValidationError(ValidationError(ERRORS["too_late"], params=params))
    text = (text or "").strip()
    errors: dict[str, list] = {}
    _text(errors, "text", text, ERRORS["text"])
    if item is not None and item.ruleset_id != sheet.ruleset_id:
        errors["item"] = [ERRORS["item"]]
    pending = Appeal.objects.unscoped("one pending appeal per sheet").filter(
        sheet=sheet, status=Appeal.Status.PENDING
    )
    if pending.exists():
        errors["text"] = [ERRORS["pending"]]
    if errors:
        raise ValidationError(errors)
    appeal = Appeal.objects.create(sheet=sheet, item=item, text=text, submitted_by=actor)
    audit_record(
        actor=actor,
        action="assess.appeal.submit",
        target=appeal,
        item=item.code if item else None,
    )
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    actor: User,
    appeal: Appeal,
    status: str,
    decision: str,
    points=None,
) -> Appeal:
    """Uphold or reject; an upheld appeal of an item may set the item's new points (the
    scoring service's write, its reason the decision), then the round is ranked again."""
    sheet = appeal.sheet
    require(actor, Action.APPROVE, sheet, str(ERRORS["no_right_decide"]))
    appeal = (
        Appeal.objects.unscoped("the appeal being decided, checked above")
        .select_for_update(of=("self",))
        .select_related("sheet__round", "sheet__org", "item", "submitted_by")
        .get(pk=appeal.pk)
    )
    sheet = appeal.sheet
    if appeal.submitted_by_id is not None and appeal.submitted_by_id == actor.pk:
        raise PermissionDenied(ERRORS["own_appeal"])
    if appeal.status != Appeal.Status.PENDING:
        raise ValidationError(ERRORS["decided"])
    decision = (decision or "").strip()
    errors: dict[str, list] = {}
    if status not in (Appeal.Status.UPHELD, Appeal.Status.REJECTED):
        errors["status"] = [ERRORS["status"]]
    _text(errors, "decision", decision, ERRORS["decision"])
    change = points not in (None, "") and status == Appeal.Status.UPHELD
    if change and appeal.item is None:
        errors["points"] = [ERRORS["points_without_item"]]
    elif change:
        try:  # a number refused before anything is saved (9e999999 is a form error)
            points = parse_points(points, appeal.item.max_points)
        except ValidationError as error:
            errors |= error.message_dict
    if errors:
        raise ValidationError(errors)
    appeal.status, appeal.decision = status, decision
    appeal.decided_by, appeal.decided_at = actor, timezone.now()
    appeal.save(update_fields=["status", "decision", "decided_by", "decided_at"])
    if change:
        write_score(
            actor=actor,
            sheet=sheet,
            item=appeal.item,
            points=points,
            reason=decision,
            action="assess.score.appeal",
            appeal=appeal.pk,
        )
        rank_round(sheet.round)
    audit_record(
        actor=actor,
        action="assess.appeal.decide",
        target=appeal,
        status=status,
        points=None if not change else str(points),
    )
    author = appeal.submitted_by
    if author is not None:
        from dangjian.notices.services import notice_send

        params = {
            "org": sheet.org.name,
            "round": sheet.round.name,
            "status": appeal.get_status_display(),
        }
        subject = gettext_now(DECIDED_SUBJECT) % params
        link = reverse("assess:round-appeal", args=[appeal.pk])
        transaction.on_commit(
            lambda: notice_send(
                recipients=[author], subject=subject, link=link, key=f"assess-appeal-{appeal.pk}"
            )
        )
    return appeal


def may_file(user: User, sheet: ScoreSheet) -> bool:
    """The assessed organization's own chain: CHANGE at its organization, and not the level
    above (APPROVE there) that decides its appeals."""
    path = sheet.org.path
    return may_at(user, Action.CHANGE, path) and not may_at(user, Action.APPROVE, path)


def may_decide(user: User, appeal: Appeal) -> bool:
    return may_at(user, Action.APPROVE, appeal.sheet.org.path) and (
        appeal.submitted_by_id is None or appeal.submitted_by_id != user.pk
    )
