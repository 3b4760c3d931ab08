"""Writes of 评先树优 up to the committee's review: opening a round, nominating with the
deeds (事迹材料), photos and documents, withdrawing, closing nominations, and the committee's
review. Each service checks who may, validates every field with its own message, saves
atomically, audits, and leaves files to be written on commit (lib.files).

Who is the committee: the round's organization; its reviewers hold CHANGE there, or APPROVE
(the level above). Nominating organizations are the committee's direct children (each Party
committee puts forward its own exemplars, issue 22); their secretaries nominate.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.honors import rules_exemplar as rules
from dangjian.honors.models import (
    ExemplarRound,
    Nomination,
)
from dangjian.orgs.models import Organization, OrgType, User
from dangjian.orgs.scoping import Action, may_at, person_id_of
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

ERRORS = {
    "no_right": _("You may not open exemplar rounds for this organization."),
    "not_committee": _(
        "%(org)s is not a Party committee: rounds are opened by a committee (党委, 党组)."
    ),
    "inactive_org": _("%(org)s is no longer active."),
    "kind": _("Choose monthly or yearly (两优一先)."),
    "period_range": _("Choose a period between %(min)s and %(max)s."),
    "round_taken": _("%(org)s already has a round for %(period)s: “%(title)s”."),
    "title_long": _("The title has %(chars)s characters; at most %(limit)s are accepted."),
    "notice_days": _("The notice lasts between %(min)s and %(max)s working days."),
    "not_committee_reviewer": _("Only the committee that runs this round may do this."),
    "nominations_closed": _("This round no longer takes nominations (%(status)s)."),
    "not_nominating_org": _(
        "%(org)s cannot nominate in this round: nominations come from the organizations "
        "directly below %(committee)s."
    ),
    "no_nominate_right": _("You may not nominate for %(org)s."),
    "category": _("Choose one of: %(choices)s."),
    "nominee_org_missing": _("Choose the organization nominated."),
    "nominee_person_missing": _("Choose the Party member nominated."),
    "nominee_org_outside": _("%(nominee)s is not in %(org)s or below it: choose one of yours."),
    "nominee_person_outside": _(
        "%(nominee)s is not a member of %(org)s or an organization below it."
    ),
    "nominee_not_member": _("%(nominee)s is not a full or probationary Party member (%(status)s)."),
    "nominee_inactive": _("%(nominee)s is no longer active."),
    "nominee_twice": _("%(nominee)s is already nominated in this round."),
    "limit": _(
        "%(org)s has already nominated %(count)s for “%(category)s” in this round; at most "
        "%(limit)s per category (withdraw the earlier one to replace it)."
    ),
    "deeds_short": _(
        "The deeds have %(chars)s characters; write at least %(limit)s (what was done, when, "
        "with what result)."
    ),
    "deeds_long": _("The deeds have %(chars)s characters; at most %(limit)s are accepted."),
    "summary_missing": _("Write a one-line summary of the deeds."),
    "summary_long": _("The summary has %(chars)s characters; at most %(limit)s are accepted."),
    "photos_many": _("At most %(limit)s photos; %(count)s were sent."),
    "document_content": _("“%(name)s” is not a real %(type)s file."),
    "document_unpacked": _(
        "“%(name)s” unpacks to more than %(limit)s MB or %(members)s parts: it is not accepted "
        "as a Word document."
    ),
    "withdraw_state": _("Only a nomination not yet reviewed can be withdrawn (%(status)s)."),
    "review_own": _(
        "You nominated %(nominee)s yourself: another member of the committee reviews it."
    ),
    "own_nomination": _(
        "%(nominee)s is you: nobody reviews or decides their own nomination, or answers the "
        "objections to it; another member of the committee does."
    ),
    "self_nomination": _(
        "%(nominee)s is you: nobody nominates themselves; another secretary of %(org)s puts "
        "the nomination forward."
    ),
    "review_state": _("This nomination cannot be reviewed now (%(status)s)."),
    "review_round_state": _("Reviews end when the public notice starts (%(status)s)."),
    "decision": _("Choose approve or reject."),
    "reject_note": _("Say why the nomination is not passed."),
    "note_long": _("The note has %(chars)s characters; at most %(limit)s are accepted."),
    "close_state": _("Only a round taking nominations can be closed (%(status)s)."),
}


def local_today() -> datetime.date:
    return timezone.localdate()


def categories_of(kind: str) -> tuple[str, ...]:
    return (
        rules.YEARLY_CATEGORIES if kind == ExemplarRound.Kind.YEARLY else rules.MONTHLY_CATEGORIES
    )


def committee_may(user: User, round_: ExemplarRound) -> bool:
    """Whether the user reviews, starts the notice and decides for the round's committee."""
    path = round_.org.path
    return may_at(user, Action.CHANGE, path) or may_at(user, Action.APPROVE, path)


def require_committee(user: User, round_: ExemplarRound) -> None:
    if not committee_may(user, round_):
        raise PermissionDenied(ERRORS["not_committee_reviewer"])


def is_own_nomination(user: User, nomination: Nomination) -> bool:
    """Whether the account is the Party member nominated (the nominee may sit on the
    committee: a township secretary's membership is usually in a branch below it)."""
    person_id = person_id_of(user)
    return person_id is not None and nomination.nominee_person_id == person_id


def require_not_own(user: User, nomination: Nomination) -> None:
    """Nobody reviews or decides their own nomination, or answers the objections to it."""
    if is_own_nomination(user, nomination):
        params = {"nominee": nominee_name(nomination)}
        raise PermissionDenied(ERRORS["own_nomination"] % params)


def default_title(kind: str, period: datetime.date) -> str:
    if kind == ExemplarRound.Kind.YEARLY:
        return rules.YEARLY_TITLE.format(year=period.year)
    return rules.MONTHLY_TITLE.format(year=period.year, month=period.month)


def _too_long(key: str, text: str, limit: int) -> ValidationError:
    return ValidationError(ERRORS[key], params={"chars": len(text), "limit": limit})


# ---- rounds ---------------------------------------------------------------------------------


def round_create(
    *,
    actor: User,
    org: Organization,
    kind: str,
    period: datetime.date,
    title: str = "",
    notice_days: int = rules.NOTICE_WORKING_DAYS,
) -> ExemplarRound:
    """Open a round of the committee `org` for the month (monthly) or year (两优一先) of
    `period`; one per committee, kind and period."""
    if not may_at(actor, Action.CHANGE, org.path):
        raise PermissionDenied(ERRORS["no_right"])
    errors: dict[str, list] = {}
    if org.org_type != OrgType.COMMITTEE:
        errors["org"] = [ValidationError(ERRORS["not_committee"], params={"org": org.name})]
    elif not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive_org"], params={"org": org.name})]
    if kind not in ExemplarRound.Kind.values:
        errors["kind"] = [ERRORS["kind"]]
    if not rules.YEAR_MIN <= period.year <= rules.YEAR_MAX:
        params = {"min": rules.YEAR_MIN, "max": rules.YEAR_MAX}
        errors["period"] = [ValidationError(ERRORS["period_range"], params=params)]
    period = period.replace(month=1, day=1) if kind == ExemplarRound.Kind.YEARLY else period
    period = period.replace(day=1)
    title = (title or "").strip() or default_title(kind, period)
    if len(title) > rules.TITLE_MAX_CHARS:
        errors["title"] = [_too_long("title_long", title, rules.TITLE_MAX_CHARS)]
    if not rules.NOTICE_DAYS_MIN <= notice_days <= rules.NOTICE_DAYS_MAX:
        params = {"min": rules.NOTICE_DAYS_MIN, "max": rules.NOTICE_DAYS_MAX}
        errors["notice_days"] = [ValidationError(ERRORS["notice_days"], params=params)]
    if not errors:
        taken = (
            ExemplarRound.objects.unscoped("one round per committee, kind and period")
            .filter(org=org, kind=kind, period=period)
            .first()
        )
        if taken is not None:
            label = f"{period:%Y}" if kind == ExemplarRound.Kind.YEARLY else f"{period:%Y-%m}"
            params = {"org": org.name, "period": label, "title": taken.title}
            errors["period"] = [ValidationError(ERRORS["round_taken"], params=params)]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        round_ = ExemplarRound.objects.create(
            org=org,
            kind=kind,
            period=period,
            title=title,
            notice_days=notice_days,
            public_key=secrets.token_urlsafe(16)[:22],
            created_by=actor,
        )
        ensure_still_in_scope(actor, round_)
        audit_record(actor=actor, action="honors.round.create", target=round_, title=title)
    return round_


def round_close(*, actor: User, round_: ExemplarRound) -> ExemplarRound:
    """Stop taking nominations: the committee reviews what came in."""
    require_committee(actor, round_)
    if round_.status != ExemplarRound.Status.NOMINATING:
        params = {"status": round_.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["close_state"], params=params))
    with transaction.atomic():
        round_.status = ExemplarRound.Status.REVIEWING
        round_.save(update_fields=["status"])
        audit_record(actor=actor, action="honors.round.close", target=round_)
    return round_


# ---- nominations ----------------------------------------------------------------------------


def nominee_name(nomination: Nomination) -> str:
    if nomination.nominee_person_id:
        return nomination.nominee_person.name
    return nomination.nominee_org.name if nomination.nominee_org_id else ""


def nomination_review(
    *, actor: User, nomination: Nomination, decision: str, note: str = ""
) -> Nomination:
    """审核 — the committee passes the nomination into the public notice, or does not (with
    the reason). Never by the account that nominated, nor by the nominee; a review may be
    changed until the notice starts."""
    round_ = nomination.round
    require_committee(actor, round_)
    require_not_own(actor, nomination)
    if nomination.created_by_id == actor.pk:
        params = {"nominee": nominee_name(nomination)}
        raise PermissionDenied(ERRORS["review_own"] % params)
    reviewable = (
        Nomination.Status.NOMINATED,
        Nomination.Status.APPROVED,
        Nomination.Status.REJECTED,
    )
    if nomination.status not in reviewable:
        params = {"status": nomination.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["review_state"], params=params))
    if round_.status not in (ExemplarRound.Status.NOMINATING, ExemplarRound.Status.REVIEWING):
        params = {"status": round_.get_status_display()}
        raise ValidationError(ValidationError(ERRORS["review_round_state"], params=params))
    note = (note or "").strip()
    errors: dict[str, list] = {}
    if decision not in ("approve", "reject"):
        errors["decision"] = [ERRORS["decision"]]
    elif decision == "reject" and not note:
        errors["note"] = [ERRORS["reject_note"]]
    if len(note) > rules.NOTE_MAX_CHARS:
        errors["note"] = [_too_long("note_long", note, rules.NOTE_MAX_CHARS)]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        nomination.status = (
            Nomination.Status.APPROVED if decision == "approve" else Nomination.Status.REJECTED
        )
        nomination.review_note = note
        nomination.reviewed_by = actor
        nomination.reviewed_at = timezone.now()
        nomination.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
        audit_record(
            actor=actor, action="honors.nomination.review", target=nomination, decision=decision
        )
    return nomination
