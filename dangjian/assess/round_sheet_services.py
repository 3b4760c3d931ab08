"""Writes of a scoring sheet (评分表): assign its inspector, set a score, submit it, approve
or return it.

Who may do what:
- assign an inspector: CHANGE at the round's issuer; the inspector must hold SCORE at the
  sheet's organization (`may_at(user, "score", org)`);
- set a score and submit: anyone holding SCORE at the sheet's organization — the assigned
  inspector first of all, but a department administrator may step in (an inspector falls
  ill); the ScoreChange rows and the audit log say who scored what;
- approve or return: APPROVE at the sheet's organization (the level above, never the
  organization itself); four eyes: the account that submitted the sheet, or that entered
  any score on it (Score.entered_by), may not approve it.
An inspector's grant AT an organization is where they inspect: the kernel's SCORE reaches
the organization of the grant and below, so an inspector granted at a township scores that
township's own sheet — scoring is not limited to the organizations below the grant, unlike
APPROVE.
Rules of a score: 0 ≤ points ≤ the item's max (a bonus or deduction item's cap); points
below a manual indicator's max are a deduction and need a reason; a deduction item above 0
needs a reason; points other than an automatic item's computed points need a reason (an
automatic item not computed yet is held to the manual rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from dangjian.assess import round_scoring as scoring
from dangjian.assess import rules_round as rules
from dangjian.assess.models import (
    AssessRound,
    RuleItem,
    Score,
    ScoreChange,
    ScoreSheet,
)
from dangjian.assess.round_fill_services import lines_of
from dangjian.assess.round_sheet_checks import fill_pending, is_own_sheet
from dangjian.orgs.models import User
from dangjian.orgs.scoping import Action, may_at, require
from dangjian.orgs.service_base import audit_record

ERRORS = {
    "no_right_assign": _("You may not assign inspectors in this round."),
    "inspector_no_score": _("%(name)s may not score %(org)s: choose an inspector who may."),
    "no_right_score": _("You may not score this organization."),
    "no_right_approve": _("Only the level above may approve or return this sheet."),
    "round_not_scoring": _("This round is not being scored (it is %(status)s)."),
    "sheet_locked": _("This sheet is %(status)s: it can no longer be changed."),
    "own_sheet": _(
        "You submitted this sheet or entered scores on it: someone else must approve it."
    ),
    "fill_running": _("The automatic items are being filled; submit once the job has finished."),
    "not_submitted": _("This sheet is %(status)s, not submitted for approval."),
    "points_range": _("Enter points between 0 and %(max)s."),
    "points_number": _("Enter points as a number, e.g. 8.5."),
    "points_step": _("Points are kept to one decimal place (e.g. 8.5)."),
    "reason_deduction": _(
        "%(points)s of %(max)s is a deduction of %(lost)s points: give the reason."
    ),
    "reason_deduction_item": _("A deduction of %(points)s points needs its reason."),
    "reason_adjust": _("The computed points are %(auto)s: say why you change them to %(points)s."),
    "item_parent": _("%(code)s is scored through its sub-indicators."),
    "not_scored": _("Not scored yet: %(codes)s. Score every item before submitting."),
    "return_reason": _("Say why the sheet is returned."),
    "too_long": _("%(chars)s characters; at most %(limit)s are accepted."),
}
RETURNED_SUBJECT = _("%(org)s's sheet in %(round)s was returned: %(reason)s")


def parse_points(value, max_points=None) -> Decimal:
    """A number of points from a form or a payload (str, int, float, Decimal). A number far
    beyond any item's points (9e999999) or too small to mean anything is refused before it
    is rounded (quantize would raise InvalidOperation). The item's own max is accepted as
    written even where it has two decimals (a max of 19.95)."""
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"points": [ERRORS["points_number"]]}) from None
    if not points.is_finite() or abs(points) >= POINTS_LIMIT:
        raise ValidationError({"points": [ERRORS["points_number"]]})
    if points.is_zero():
        points = Decimal(0)  # "-0" is nought, not "-0 of 40"
    if max_points is not None and points == Decimal(max_points):
        return points
    try:
        step = points.quantize(rules.POINTS_STEP)
    except InvalidOperation:
        raise ValidationError({"points": [ERRORS["points_number"]]}) from None
    if points != step:
        raise ValidationError({"points": [ERRORS["points_step"]]})
    return points


# Above any points a Score can hold (DecimalField max_digits=6, decimal_places=2).
POINTS_LIMIT = Decimal(10000)


def _text_error(errors: dict, name: str, text: str) -> None:
    if len(text) > rules.TEXT_MAX_CHARS:
        params = {"chars": len(text), "limit": rules.TEXT_MAX_CHARS}
        errors[name] = [ValidationError(ERRORS["too_long"], params=params)]


@transaction.atomic
def sheet_assign(*, actor: User, sheet: ScoreSheet, inspector: User | None) -> ScoreSheet:
    require(actor, Action.CHANGE, sheet.round, str(ERRORS["no_right_assign"]))
    if inspector is not None and not may_at(inspector, Action.SCORE, sheet.org.path):
        params = {"name": inspector.get_username(), "org": sheet.org.name}
        raise ValidationError(
            {"inspector": ValidationError(ERRORS["inspector_no_score"], params=params)}
        )
    old = sheet.inspector_id
    sheet.inspector = inspector
    sheet.save(update_fields=["inspector"])
    audit_record(
        actor=actor,
        action="assess.sheet.assign",
        target=sheet,
        old=old,
        new=inspector.pk if inspector else None,
    )
    return sheet


def _score_errors(item: RuleItem, points: Decimal, auto: Decimal | None, reason: str) -> dict:
    errors: dict[str, list] = {}
    top = Decimal(item.max_points)
    if not Decimal(0) <= points <= top:
        params = {"max": scoring.number(top)}
        errors["points"] = [ValidationError(ERRORS["points_range"], params=params)]
        return errors
    if reason:
        return errors
    params = {"points": scoring.number(points), "max": scoring.number(top)}
    if item.kind == RuleItem.Kind.DEDUCTION and points > 0:
        errors["reason"] = [ValidationError(ERRORS["reason_deduction_item"], params=params)]
    elif (
        item.kind == RuleItem.Kind.INDICATOR
        and item.scoring == RuleItem.Scoring.AUTO
        and auto is not None
    ):
        if points != auto:
            params["auto"] = scoring.number(auto)
            errors["reason"] = [ValidationError(ERRORS["reason_adjust"], params=params)]
    elif item.kind == RuleItem.Kind.INDICATOR and points < top:
        params["lost"] = scoring.number(top - points)
        errors["reason"] = [ValidationError(ERRORS["reason_deduction"], params=params)]
    return errors


def recompute_total(sheet: ScoreSheet) -> Decimal:
    items = list(
        RuleItem.objects.unscoped("the items of the sheet's rule set").filter(
            ruleset_id=sheet.ruleset_id
        )
    )
    points = dict(
        Score.objects.unscoped("the scores of the sheet being totalled")
        .filter(sheet=sheet)
        .values_list("item_id", "points")
    )
    total = scoring.total(lines_of(items, points))
    ScoreSheet.objects.unscoped("the sheet being totalled").filter(pk=sheet.pk).update(total=total)
    sheet.total = total
    return total


@dataclass(frozen=True)
class Scored:
    score: Score
    total: Decimal
    created: bool


def write_score(
    *,
    actor: User,
    sheet: ScoreSheet,
    item: RuleItem,
    points,
    reason: str = "",
    evidence: str = "",
    action: str = "assess.score.set",
    **audit,
) -> Scored:
    """The one write of a score, checked by the caller (score_set, an appeal's decision):
    the rules of a score, the Score row, its ScoreChange, the audit entry, the new total."""
    reason, evidence = (reason or "").strip(), (evidence or "").strip()
    if item.ruleset_id != sheet.ruleset_id:
        raise RuleItem.DoesNotExist("the item belongs to another rule set")
    errors: dict[str, list] = {}
    parents = RuleItem.objects.unscoped("does the item have sub-indicators").filter(parent=item)
    if parents.exists():
        params = {"code": item.code}
        raise ValidationError({"indicator": ValidationError(ERRORS["item_parent"], params=params)})
    points = parse_points(points, item.max_points)
    score = (
        Score.objects.unscoped("the score being set, checked by the caller")
        .select_for_update()
        .filter(sheet=sheet, item=item)
        .first()
    )
    errors |= _score_errors(item, points, score.auto_points if score else None, reason)
    _text_error(errors, "reason", reason)
    _text_error(errors, "evidence", evidence)
    if errors:
        raise ValidationError(errors)
    created = score is None
    if created:
        score = Score(sheet=sheet, item=item)
    old = score.points
    score.points, score.reason, score.entered_by = points, reason, actor
    if evidence or created:
        score.evidence = evidence
    score.save()
    ScoreChange.objects.create(
        score=score, old_points=old, new_points=points, reason=reason, changed_by=actor
    )
    audit_record(
        actor=actor,
        action=action,
        target=score,
        item=item.code,
        old=None if old is None else str(old),
        new=str(points),
        reason=reason,
        **audit,
    )
    return Scored(score, recompute_total(sheet), created)


def _require_open(sheet: ScoreSheet) -> None:
    if sheet.round.status != AssessRound.Status.SCORING:
        params = {"status": sheet.round.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["round_not_scoring"], params=params))
    if sheet.status not in (ScoreSheet.Status.OPEN, ScoreSheet.Status.RETURNED):
        params = {"status": sheet.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["sheet_locked"], params=params))


@transaction.atomic
def score_set(
    *,
    actor: User,
    sheet: ScoreSheet,
    item: RuleItem,
    points,
    reason: str = "",
    evidence: str = "",
) -> Scored:
    """An inspector's points for one item of an open sheet (SCORE at the sheet's org)."""
    require(actor, Action.SCORE, sheet, str(ERRORS["no_right_score"]))
    _lock(sheet)
    _require_open(sheet)
    return write_score(
        actor=actor, sheet=sheet, item=item, points=points, reason=reason, evidence=evidence
    )


@transaction.atomic
def sheet_submit(*, actor: User, sheet: ScoreSheet) -> ScoreSheet:
    """Submit for approval once every leaf indicator has points."""
    require(actor, Action.SCORE, sheet, str(ERRORS["no_right_score"]))
    _lock(sheet)
    _require_open(sheet)
    if fill_pending(sheet.round_id):
        raise ValidationError(ERRORS["fill_running"])
    items = list(
        RuleItem.objects.unscoped("the items of the sheet's rule set").filter(
            ruleset_id=sheet.ruleset_id
        )
    )
    scored = set(
        Score.objects.unscoped("the scores of the sheet being submitted")
        .filter(sheet=sheet, points__isnull=False)
        .values_list("item_id", flat=True)
    )
    parents = {item.parent_id for item in items if item.parent_id}
    missing = [
        item.code
        for item in items
        if item.kind == RuleItem.Kind.INDICATOR and item.pk not in parents and item.pk not in scored
    ]
    if missing:
        raise ValidationError(
            ValidationError(ERRORS["not_scored"], params={"codes": "、".join(missing)})
        )
    sheet.status = ScoreSheet.Status.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["status", "submitted_at"])
    audit_record(actor=actor, action="assess.sheet.submit", target=sheet, total=str(sheet.total))
    return sheet


def _lock(sheet: ScoreSheet) -> None:
    """Lock the sheet row and re-read its status (a job or another user may have moved it)."""
    fresh = (
        ScoreSheet.objects.unscoped("the sheet being written, checked by the caller")
        .select_for_update(of=("self",))
        .only("status", "total")
        .get(pk=sheet.pk)
    )
    sheet.status, sheet.total = fresh.status, fresh.total


def _require_submitted(actor: User, sheet: ScoreSheet) -> None:
    require(actor, Action.APPROVE, sheet, str(ERRORS["no_right_approve"]))
    _lock(sheet)
    if sheet.status != ScoreSheet.Status.SUBMITTED:
        params = {"status": sheet.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["not_submitted"], params=params))


@transaction.atomic
def sheet_approve(*, actor: User, sheet: ScoreSheet) -> ScoreSheet:
    _require_submitted(actor, sheet)
    if is_own_sheet(actor, sheet):
        raise PermissionDenied(ERRORS["own_sheet"])
    sheet.status = ScoreSheet.Status.APPROVED
    sheet.approved_by, sheet.approved_at = actor, timezone.now()
    sheet.return_reason = ""
    sheet.save(update_fields=["status", "approved_by", "approved_at", "return_reason"])
    audit_record(actor=actor, action="assess.sheet.approve", target=sheet, total=str(sheet.total))
    return sheet


@transaction.atomic
def sheet_return(*, actor: User, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """Send the sheet back to its inspector with the reason (a notice on commit)."""
    _require_submitted(actor, sheet)
    reason = (reason or "").strip()
    errors: dict[str, list] = {}
    if not reason:
        errors["reason"] = [ERRORS["return_reason"]]
    _text_error(errors, "reason", reason)
    if errors:
        raise ValidationError(errors)
    sheet.status = ScoreSheet.Status.RETURNED
    sheet.return_reason = reason
    sheet.save(update_fields=["status", "return_reason"])
    audit_record(actor=actor, action="assess.sheet.return", target=sheet, reason=reason)
    inspector = sheet.inspector
    if inspector is not None:
        from dangjian.notices.services import notice_send

        params = {"org": sheet.org.name, "round": sheet.round.name, "reason": reason[:80]}
        subject = gettext_now(RETURNED_SUBJECT) % params
        link = reverse("assess:round-sheet", args=[sheet.pk])
        key = f"assess-sheet-returned-{sheet.pk}-{timezone.now().timestamp()}"
        transaction.on_commit(
            lambda: notice_send(recipients=[inspector], subject=subject, link=link, key=key)
        )
    return sheet


def may_score(user: User, sheet: ScoreSheet) -> bool:
    return may_at(user, Action.SCORE, sheet.org.path)


def may_approve(user: User, sheet: ScoreSheet) -> bool:
    return may_at(user, Action.APPROVE, sheet.org.path)


def require_score(user: User, sheet: ScoreSheet) -> None:
    if not may_score(user, sheet):
        raise PermissionDenied(ERRORS["no_right_score"])
