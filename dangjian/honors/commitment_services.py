"""Writes of 公开承诺 / 践诺评议: a member writes their own yearly items, a secretary writes
the organization's items (person empty) and members' items on their behalf; draft → publish
(public); dated progress updates by the owner or the secretary; the year-end evaluation by the
level that holds the commitment's organization, never by the person themself. Every write
checks permission, validates each field with its own message, saves atomically and is
audited."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.honors import rules_commitment as rules
from dangjian.honors.models import Commitment, CommitmentUpdate
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, can, person_id_of, require
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

ERRORS = {
    "no_right": _("You may not change the commitments of this organization."),
    "no_right_person": _("You may not write commitments for this member."),
    "not_yours": _("Only the member or their organization's secretary may change this commitment."),
    "no_right_evaluate": _(
        "Commitments are evaluated by the organization that holds them (its secretary or the "
        "level above); an organization's own commitments by the level above."
    ),
    "not_self": _("You may not evaluate your own commitment."),
    "inactive_org": _("%(org)s is no longer active."),
    "inactive_person": _("%(name)s is no longer an active member."),
    "required": _("This field is required."),
    "too_short": _("At least %(limit)s characters."),
    "too_long": _("%(chars)s characters; at most %(limit)s are accepted."),
    "year_range": _("Commitments are written for %(first)s or %(last)s."),
    "due_outside_year": _("The date lies outside %(year)s, the commitment's year."),
    "too_many_member": _(
        "%(name)s already has %(count)s commitments for %(year)s; at most %(limit)s a year."
    ),
    "too_many_org": _(
        "%(org)s already has %(count)s commitments of its own for %(year)s; at most %(limit)s a "
        "year."
    ),
    "not_draft": _("Only a draft can be changed; this commitment is already public."),
    "already_published": _("This commitment is already public."),
    "not_published": _("Progress and evaluation are recorded on public commitments only."),
    "evaluated": _("This commitment has been evaluated: no more progress is recorded."),
    "too_many_updates": _("This commitment already has %(limit)s progress notes."),
    "update_date_range": _("Enter a date between %(first)s and %(last)s."),
    "window_closed": _(
        "The commitments of %(year)s are evaluated from %(opens)s to %(closes)s (today is "
        "%(today)s)."
    ),
    "verdict": _("Choose one of: %(choices)s."),
}

VERDICTS = (Commitment.Verdict.KEPT, Commitment.Verdict.PARTLY, Commitment.Verdict.NOT_KEPT)


def local_today() -> datetime.date:
    return timezone.localdate()


def clean_text(value, errors: dict, field: str, *, limit: int, minimum: int = 0) -> str:
    """Stripped text; a missing, too short or too long one puts its message in `errors`."""
    value = (value or "").strip() if isinstance(value, str) else ""
    if minimum and not value:
        errors[field] = [ERRORS["required"]]
    elif len(value) < minimum:
        errors[field] = [ValidationError(ERRORS["too_short"], params={"limit": minimum})]
    elif len(value) > limit:
        params = {"chars": f"{len(value):,}", "limit": f"{limit:,}"}
        errors[field] = [ValidationError(ERRORS["too_long"], params=params)]
    return value


def _clean_fields(data: dict, year: int, errors: dict) -> dict:
    cleaned = {
        "title": clean_text(
            data.get("title"),
            errors,
            "title",
            limit=rules.TITLE_MAX_CHARS,
            minimum=rules.TITLE_MIN_CHARS,
        ),
        "detail": clean_text(data.get("detail"), errors, "detail", limit=rules.DETAIL_MAX_CHARS),
        "due": data.get("due"),
    }
    due = cleaned["due"]
    if due is not None and due.year != year:
        errors["due"] = [ValidationError(ERRORS["due_outside_year"], params={"year": year})]
    return cleaned


def is_own(actor: User, commitment: Commitment) -> bool:
    return commitment.person_id is not None and commitment.person_id == person_id_of(actor)


def require_writer(actor: User, commitment: Commitment) -> bool:
    """The owner (True) or someone with CHANGE at the commitment's organization (False);
    others get 403 (they see it) or 404."""
    if is_own(actor, commitment) and can(actor, Action.VIEW, commitment):
        return True
    require(actor, Action.CHANGE, commitment, str(ERRORS["not_yours"]))
    return False


def _lock_owner(org: Organization, person: Person | None) -> None:
    """Serialize creates of one owner, so that two at once cannot pass the yearly limit."""
    if person is not None:
        Person.objects.unscoped("the owner's row, locked").select_for_update().filter(
            pk=person.pk
        ).first()
    else:
        Organization.objects.unscoped("the owner's row, locked").select_for_update().filter(
            pk=org.pk
        ).first()


def _check_count(org: Organization, person: Person | None, year: int, errors: dict) -> None:
    rows = Commitment.objects.unscoped("the owner's count for the yearly limit")
    rows = rows.filter(year=year, person=person)
    if person is None:
        rows = rows.filter(org=org)
    count = rows.count()
    if person is not None and count >= rules.ITEMS_PER_MEMBER_YEAR_MAX:
        params = {
            "name": person.name,
            "count": count,
            "year": year,
            "limit": rules.ITEMS_PER_MEMBER_YEAR_MAX,
        }
        errors["year"] = [ValidationError(ERRORS["too_many_member"], params=params)]
    elif person is None and count >= rules.ITEMS_PER_ORG_YEAR_MAX:
        params = {
            "org": org.name,
            "count": count,
            "year": year,
            "limit": rules.ITEMS_PER_ORG_YEAR_MAX,
        }
        errors["year"] = [ValidationError(ERRORS["too_many_org"], params=params)]


@transaction.atomic
def commitment_create(
    *,
    actor: User,
    year: int,
    title: str,
    detail: str = "",
    due: datetime.date | None = None,
    person: Person | None = None,
    org: Organization | None = None,
    today: datetime.date | None = None,
) -> Commitment:
    """A draft commitment: a member's own (`person` is the actor's person), a member's on
    their behalf (CHANGE at the member's organization, audited as such) or an organization's
    own (`person` None, CHANGE at `org`). A member's item belongs to their organization."""
    today = today or local_today()
    own = person is not None and person.pk == person_id_of(actor)
    if person is not None:
        if not own:
            require(actor, Action.CHANGE, person, str(ERRORS["no_right_person"]))
        org = person.primary_org
    elif org is None:
        raise ValidationError({"org": [ERRORS["required"]]})
    else:
        require(actor, Action.CHANGE, org, str(ERRORS["no_right"]))
    errors: dict[str, list] = {}
    if not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive_org"], params={"org": org.name})]
    if person is not None and not person.is_active:
        params = {"name": person.name}
        errors["person"] = [ValidationError(ERRORS["inactive_person"], params=params)]
    first, last = today.year, today.year + rules.YEARS_AHEAD
    if not isinstance(year, int) or not first <= year <= last:
        errors["year"] = [
            ValidationError(ERRORS["year_range"], params={"first": first, "last": last})
        ]
        year = first
    cleaned = _clean_fields({"title": title, "detail": detail, "due": due}, year, errors)
    if not errors:
        _lock_owner(org, person)
        _check_count(org, person, year, errors)
    if errors:
        raise ValidationError(errors)
    commitment = Commitment.objects.create(
        org=org, person=person, year=year, created_by=actor, **cleaned
    )
    ensure_still_in_scope(actor, commitment, Action.VIEW if own else Action.CHANGE)
    audit_record(
        actor=actor,
        action="honors.commitment.create",
        target=commitment,
        year=year,
        title=commitment.title,
        person=person.pk if person else None,
        on_behalf=person is not None and not own,
    )
    return commitment


def locked(commitment: Commitment) -> Commitment:
    rows = Commitment.objects.unscoped("the row being changed, permission checked")
    return rows.select_for_update().select_related("org").get(pk=commitment.pk)


@transaction.atomic
def commitment_update(
    *,
    actor: User,
    commitment: Commitment,
    title: str,
    detail: str = "",
    due: datetime.date | None = None,
) -> Commitment:
    """Edit a draft (the owner or the secretary); a public commitment stays as published."""
    own = require_writer(actor, commitment)
    commitment = locked(commitment)
    if commitment.status != Commitment.Status.DRAFT:
        raise ValidationError(ERRORS["not_draft"])
    errors: dict[str, list] = {}
    cleaned = _clean_fields({"title": title, "detail": detail, "due": due}, commitment.year, errors)
    if errors:
        raise ValidationError(errors)
    changes = {}
    for field, value in cleaned.items():
        old = getattr(commitment, field)
        if old != value:
            changes[field] = [_text(old), _text(value)]
            setattr(commitment, field, value)
    commitment.save(update_fields=["title", "detail", "due"])
    audit_record(
        actor=actor,
        action="honors.commitment.update",
        target=commitment,
        changes=changes,
        on_behalf=commitment.person_id is not None and not own,
    )
    return commitment


def _text(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def commitment_publish(*, actor: User, commitment: Commitment) -> Commitment:
    """Make a draft public (公开承诺): from now on it shows on the organization's page."""
    own = require_writer(actor, commitment)
    commitment = locked(commitment)
    if commitment.status != Commitment.Status.DRAFT:
        raise ValidationError(ERRORS["already_published"])
    if not commitment.org.is_active:
        params = {"org": commitment.org.name}
        raise ValidationError({"org": [ValidationError(ERRORS["inactive_org"], params=params)]})
    commitment.status = Commitment.Status.PUBLISHED
    commitment.published_at = timezone.now()
    commitment.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action="honors.commitment.publish",
        target=commitment,
        title=commitment.title,
        on_behalf=commitment.person_id is not None and not own,
    )
    return commitment


@transaction.atomic
def update_add(
    *,
    actor: User,
    commitment: Commitment,
    date: datetime.date | None,
    text: str,
    today: datetime.date | None = None,
) -> CommitmentUpdate:
    """A dated progress note (践诺进展) on a public commitment not yet evaluated, dated within
    the commitment's year and not after today."""
    today = today or local_today()
    own = require_writer(actor, commitment)
    commitment = locked(commitment)
    if commitment.status == Commitment.Status.DRAFT:
        raise ValidationError(ERRORS["not_published"])
    if commitment.status == Commitment.Status.EVALUATED:
        raise ValidationError(ERRORS["evaluated"])
    errors: dict[str, list] = {}
    first = datetime.date(commitment.year, 1, 1)
    last = min(today, datetime.date(commitment.year, 12, 31))
    if date is None:
        errors["date"] = [ERRORS["required"]]
    elif not first <= date <= last:
        params = {"first": first.isoformat(), "last": last.isoformat()}
        errors["date"] = [ValidationError(ERRORS["update_date_range"], params=params)]
    text = clean_text(text, errors, "text", limit=rules.UPDATE_MAX_CHARS, minimum=1)
    count = CommitmentUpdate.objects.unscoped("the commitment's own notes, counted").filter(
        commitment=commitment
    )
    if count.count() >= rules.UPDATES_PER_COMMITMENT_MAX:
        params = {"limit": rules.UPDATES_PER_COMMITMENT_MAX}
        errors["text"] = [ValidationError(ERRORS["too_many_updates"], params=params)]
    if errors:
        raise ValidationError(errors)
    update = CommitmentUpdate.objects.create(
        commitment=commitment, date=date, text=text, created_by=actor
    )
    audit_record(
        actor=actor,
        action="honors.commitment.progress",
        target=commitment,
        update=update.pk,
        date=date.isoformat(),
        on_behalf=commitment.person_id is not None and not own,
    )
    return update
