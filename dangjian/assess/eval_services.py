"""Writes of 群众评议 (evaluation by the people served): a unit's evaluation point (评议点),
one-time codes (评议码), a public evaluation (评议) and the moderation of its comment.

Who may do what:
- setting up a point, making codes, moderating comments: CHANGE at the unit (its secretary,
  the township above, the department); audited (codes once per batch);
- submitting an evaluation: anyone, without an account — eval_submit_services.py.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_eval as rules
from dangjian.assess.models import Evaluation, EvaluationCode, EvaluationPoint
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, may_at, require
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

ERRORS = {
    "no_right": _("You may not manage the public evaluation of %(org)s."),
    "inactive": _("%(org)s is no longer active."),
    "mode": _("Choose open or code mode."),
    "intro_long": _("%(chars)s characters; at most %(limit)s are accepted."),
    "count": _("Make between 1 and %(max)s codes at a time."),
    "period": _("Codes can be made for the months from %(first)s to %(last)s."),
    "overall": _("Choose satisfied, basically satisfied or dissatisfied."),
    "dimensions_unknown": _("Unknown dimensions: %(names)s."),
    "dimension_value": _("%(name)s: choose satisfied, basically satisfied or dissatisfied."),
    "dimensions_type": _("Give the dimensions as an object of name → rating."),
    "comment_long": _("The comment has %(chars)s characters; at most %(limit)s are accepted."),
    "contact_long": _("The contact has %(chars)s characters; at most %(limit)s are accepted."),
    "code_required": _("Enter the code printed on your slip."),
    "code_unknown": _("No such code. Check the code printed on your slip."),
    "used": _(
        "This code has already been used: each code counts once. Thank you — your evaluation "
        "was already received."
    ),
    "closed": _("This unit is not accepting evaluations at the moment."),
    "not_open_mode": _("This unit takes evaluations with the codes on its slips."),
    "device_twice": _(
        "This device has already evaluated %(org)s this month. Thank you — each device counts "
        "once a month."
    ),
    "ip_limit": _(
        "Too many evaluations came from your network within the hour. Please try again later."
    ),
    "guessing": _("Too many unknown codes were entered from your network. Please try again later."),
    "honeypot": _("Your evaluation could not be accepted."),
    "decision": _("Choose approve or reject."),
    "code_past": _(
        "This code was for %(month)s, whose evaluation has closed; codes count only in their "
        "own month. Thank you all the same."
    ),
    "code_future": _("This code is for %(month)s: please use it in that month."),
    "no_device": _(
        "Your evaluation could not be matched to this device. Please open the page again "
        "and send the form from there."
    ),
    "dimensions_many": _("At most %(max)s dimensions are asked; unknown: %(names)s."),
    "no_comment": _("This evaluation has no comment to moderate."),
}


# ---- codes ---------------------------------------------------------------------------------


def normalize_code(text: str) -> str:
    """What a person typed → the stored form: upper case, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -\t\n")[:32]


def display_code(code: str) -> str:
    """ABCDEFGHJK → ABCDE-FGHJK (as printed on the slip)."""
    size = rules.CODE_GROUP
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def _new_code() -> str:
    return "".join(secrets.choice(rules.CODE_ALPHABET) for _ in range(rules.CODE_LENGTH))


def period_bounds(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = last = today.replace(day=1)
    for _step in range(rules.CODE_MONTHS_AHEAD):
        last = (last + datetime.timedelta(days=32)).replace(day=1)
    return first, last


def evaluation_codes_create(
    *, actor: User, org: Organization, count: int, period: datetime.date
) -> list[EvaluationCode]:
    """评议码: `count` new one-time codes for `org` and the month of `period` (bulk-written,
    audited once for the batch)."""
    period = period.replace(day=1)
    if not may_at(actor, Action.CHANGE, org.path):
        require(actor, Action.CHANGE, org, str(ERRORS["no_right"] % {"org": org.name}))
    errors: dict[str, list] = {}
    if not isinstance(count, int) or not 1 <= count <= rules.MAX_CODES_PER_REQUEST:
        errors["count"] = [
            ValidationError(ERRORS["count"], params={"max": rules.MAX_CODES_PER_REQUEST})
        ]
    first, last = period_bounds(timezone.localdate())
    if not first <= period <= last:
        params = {"first": first.strftime("%Y-%m"), "last": last.strftime("%Y-%m")}
        errors["period"] = [ValidationError(ERRORS["period"], params=params)]
    if not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive"], params={"org": org.name})]
    if errors:
        raise ValidationError(errors)
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(_new_code())
        if len(codes) == count:  # drop any already issued (vanishingly rare), then refill
            taken = EvaluationCode.objects.unscoped("uniqueness of new codes, any unit")
            codes -= set(taken.filter(code__in=codes).values_list("code", flat=True))
    rows = [EvaluationCode(org=org, period=period, code=code, created_by=actor) for code in codes]
    with transaction.atomic():
        EvaluationCode.objects.bulk_create(rows, batch_size=500)
        audit_record(
            actor=actor,
            action="assess.evaluation_codes_create",
            target=rows[0],
            org=org.pk,
            period=period.strftime("%Y-%m"),
            count=count,
        )
    return rows


# ---- points --------------------------------------------------------------------------------


def point_save(
    *,
    actor: User,
    org: Organization,
    mode: str = EvaluationPoint.Mode.CODE,
    is_open: bool = True,
    intro: str = "",
) -> EvaluationPoint:
    """Set up or change `org`'s evaluation point (评议点); a new one gets its random public
    key (the QR code's address), which never changes afterwards."""
    if not may_at(actor, Action.CHANGE, org.path):
        require(actor, Action.CHANGE, org, str(ERRORS["no_right"] % {"org": org.name}))
    errors: dict[str, list] = {}
    if mode not in EvaluationPoint.Mode.values:
        errors["mode"] = [ERRORS["mode"]]
    intro = (intro or "").strip()
    if len(intro) > rules.INTRO_MAX_CHARS:
        params = {"chars": len(intro), "limit": rules.INTRO_MAX_CHARS}
        errors["intro"] = [ValidationError(ERRORS["intro_long"], params=params)]
    if not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive"], params={"org": org.name})]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        point = (
            EvaluationPoint.objects.visible_to(actor, Action.CHANGE)
            .select_for_update()
            .filter(org=org)
            .first()
        )
        if point is None:
            point = EvaluationPoint(org=org, public_key=secrets.token_urlsafe(16))
            old = None
        else:
            old = {"mode": point.mode, "is_open": point.is_open, "intro": point.intro}
        point.mode, point.is_open, point.intro = mode, bool(is_open), intro
        point.save()
        ensure_still_in_scope(actor, point)
        new = {"mode": point.mode, "is_open": point.is_open, "intro": point.intro}
        changes = {k: [old[k], v] for k, v in new.items() if old and old[k] != v}
        audit_record(
            actor=actor,
            action=f"assess.evaluation_point_{'create' if old is None else 'update'}",
            target=point,
            **(new if old is None else {"changes": changes}),
        )
    return point


# ---- moderation ----------------------------------------------------------------------------


def evaluation_moderate(*, actor: User, evaluation: Evaluation, decision: str) -> Evaluation:
    """Approve (shown on the public page) or reject a comment; CHANGE at the unit; audited."""
    message = str(ERRORS["no_right"] % {"org": evaluation.org.name})
    require(actor, Action.CHANGE, evaluation, message)
    if decision not in ("approve", "reject"):
        raise ValidationError({"decision": [ERRORS["decision"]]})
    if not evaluation.comment:
        raise ValidationError({"decision": [ERRORS["no_comment"]]})
    new = (
        Evaluation.Moderation.APPROVED if decision == "approve" else Evaluation.Moderation.REJECTED
    )
    with transaction.atomic():
        old = evaluation.moderation
        evaluation.moderation = new
        evaluation.moderated_by = actor
        evaluation.moderated_at = timezone.now()
        evaluation.save(update_fields=["moderation", "moderated_by", "moderated_at"])
        audit_record(
            actor=actor,
            action="assess.evaluation_moderate",
            target=evaluation,
            moderation=[old, new],
        )
    return evaluation
