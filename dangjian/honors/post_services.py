"""Writes of 设岗定责 / 党员示范岗: a secretary defines an organization's posts (title, duties,
demonstration flag), assigns a member of the organization's subtree to one, reassigns or
vacates it, and takes a post out of use. CHANGE at the organization; validated field by field;
atomic; audited (a reassignment keeps old → new holder)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.honors import rules_post as rules
from dangjian.honors.commitment_services import clean_text
from dangjian.honors.models import Post
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, require
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

ERRORS = {
    "no_right": _("You may not change the posts of this organization."),
    "inactive_org": _("%(org)s is no longer active."),
    "too_many_posts": _("%(org)s already has %(count)s posts in use; at most %(limit)s."),
    "holder_outside": _("%(name)s is not a member of %(org)s or an organization below it."),
    "holder_inactive": _("%(name)s is no longer an active member."),
    "holder_busy": _("%(name)s already holds %(count)s posts; at most %(limit)s."),
    "since_without_holder": _("A vacant post has no “held since” date."),
    "since_range": _("Enter a date between %(first)s and %(last)s."),
    "post_inactive": _("This post is no longer in use: assign a member to a post in use."),
}

EARLIEST_SINCE = datetime.date(2000, 1, 1)


def local_today() -> datetime.date:
    return timezone.localdate()


def _check_holder(
    actor: User,
    org: Organization,
    person: Person | None,
    since: datetime.date | None,
    errors: dict,
    today: datetime.date,
    exclude: int | None = None,
) -> None:
    if person is None:
        if since is not None:
            errors["since"] = [ERRORS["since_without_holder"]]
        return
    # Out of the actor's reach reads as missing (404), as anywhere else.
    require(actor, Action.CHANGE, person, str(ERRORS["no_right"]))
    # The person's row, locked (the caller is atomic) and read afresh: two assignments of the
    # same member to two posts (each post locked on its own) count one after the other, so
    # the per-person limit holds; a transfer or departure meanwhile is seen too.
    person = (
        Person.objects.unscoped("the holder's row, locked for the per-person post limit")
        .select_for_update(of=("self",))
        .select_related("primary_org")
        .get(pk=person.pk)
    )
    params = {"name": person.name, "org": org.name}
    if not person.primary_org.path.startswith(org.path):
        errors["person"] = [ValidationError(ERRORS["holder_outside"], params=params)]
    elif not person.is_active:
        errors["person"] = [ValidationError(ERRORS["holder_inactive"], params=params)]
    else:
        held = Post.objects.unscoped("the member's posts, counted for the limit").filter(
            person=person, active=True
        )
        if exclude is not None:
            held = held.exclude(pk=exclude)
        count = held.count()
        if count >= rules.POSTS_PER_PERSON_MAX:
            busy = params | {"count": count, "limit": rules.POSTS_PER_PERSON_MAX}
            errors["person"] = [ValidationError(ERRORS["holder_busy"], params=busy)]
    if since is not None and not EARLIEST_SINCE <= since <= today:
        params = {"first": EARLIEST_SINCE.isoformat(), "last": today.isoformat()}
        errors["since"] = [ValidationError(ERRORS["since_range"], params=params)]


def _clean(data: dict, errors: dict) -> dict:
    return {
        "title": clean_text(
            data.get("title"),
            errors,
            "title",
            limit=rules.TITLE_MAX_CHARS,
            minimum=rules.TITLE_MIN_CHARS,
        ),
        "duties": clean_text(
            data.get("duties"), errors, "duties", limit=rules.DUTIES_MAX_CHARS, minimum=1
        ),
        "demonstration": bool(data.get("demonstration")),
    }


@transaction.atomic
def post_create(
    *,
    actor: User,
    org: Organization,
    title: str,
    duties: str,
    demonstration: bool = False,
    person: Person | None = None,
    since: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Post:
    """A post of `org` (CHANGE at it), vacant or held by a member of its subtree from `since`
    (today when not given)."""
    today = today or local_today()
    require(actor, Action.CHANGE, org, str(ERRORS["no_right"]))
    errors: dict[str, list] = {}
    if not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive_org"], params={"org": org.name})]
    cleaned = _clean({"title": title, "duties": duties, "demonstration": demonstration}, errors)
    if person is not None and since is None:
        since = today
    _check_holder(actor, org, person, since, errors, today)
    Organization.objects.unscoped(
        "the organization's row, locked for the limit"
    ).select_for_update().filter(pk=org.pk).first()
    count = (
        Post.objects.unscoped("the organization's posts, counted")
        .filter(org=org, active=True)
        .count()
    )
    if count >= rules.POSTS_PER_ORG_MAX:
        params = {"org": org.name, "count": count, "limit": rules.POSTS_PER_ORG_MAX}
        errors["org"] = [ValidationError(ERRORS["too_many_posts"], params=params)]
    if errors:
        raise ValidationError(errors)
    post = Post.objects.create(org=org, person=person, since=since, **cleaned)
    ensure_still_in_scope(actor, post)
    audit_record(
        actor=actor,
        action="honors.post.create",
        target=post,
        title=post.title,
        demonstration=post.demonstration,
        person=person.pk if person else None,
    )
    return post


def _locked(post: Post) -> Post:
    rows = Post.objects.unscoped("the row being changed, permission checked")
    # Only the post's row: PostgreSQL refuses FOR UPDATE on the nullable side of the outer
    # join to a vacant post's holder.
    return rows.select_for_update(of=("self",)).select_related("org", "person").get(pk=post.pk)


@transaction.atomic
def post_update(
    *,
    actor: User,
    post: Post,
    title: str,
    duties: str,
    demonstration: bool,
    active: bool = True,
) -> Post:
    """Edit a post's title, duties and demonstration flag, or take it out of use (its holder
    leaves it)."""
    require(actor, Action.CHANGE, post, str(ERRORS["no_right"]))
    post = _locked(post)
    errors: dict[str, list] = {}
    cleaned = _clean({"title": title, "duties": duties, "demonstration": demonstration}, errors)
    if errors:
        raise ValidationError(errors)
    cleaned["active"] = bool(active)
    changes = {}
    for field, value in cleaned.items():
        if getattr(post, field) != value:
            changes[field] = [getattr(post, field), value]
            setattr(post, field, value)
    if not post.active and post.person_id is not None:
        changes["person"] = [post.person_id, None]
        post.person, post.since = None, None
    post.save()
    audit_record(actor=actor, action="honors.post.update", target=post, changes=changes)
    return post


@transaction.atomic
def post_assign(
    *,
    actor: User,
    post: Post,
    person: Person | None,
    since: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Post:
    """Give the post to `person` (a member of the organization's subtree) from `since`
    (today when not given), or vacate it (`person` None). Audited as a reassignment or a
    vacancy with the old and new holders."""
    today = today or local_today()
    require(actor, Action.CHANGE, post, str(ERRORS["no_right"]))
    post = _locked(post)
    errors: dict[str, list] = {}
    if not post.active:
        raise ValidationError(ERRORS["post_inactive"])
    if person is not None and since is None:
        since = today
    _check_holder(actor, post.org, person, since, errors, today, exclude=post.pk)
    if errors:
        raise ValidationError(errors)
    old = post.person_id
    post.person, post.since = person, since
    post.save(update_fields=["person", "since", "updated_at"])
    ensure_still_in_scope(actor, post)
    audit_record(
        actor=actor,
        action="honors.post.vacate" if person is None else "honors.post.assign",
        target=post,
        person=[old, person.pk if person else None],
        since=since.isoformat() if since else None,
    )
    return post
