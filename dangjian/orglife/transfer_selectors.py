"""Reads of 组织关系转接, scoped: a transfer is visible from either end (`TransferQuerySet`),
so the receiving secretary sees the person arriving though the person is not yet theirs."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from dangjian.orglife import rules_transfers as rules
from dangjian.orglife.models import Transfer
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, may_at
from dangjian.orgs.selectors import org_choices


def transfer_queryset(user: User, action: str = Action.VIEW) -> QuerySet[Transfer]:
    return Transfer.objects.visible_to(user, action).select_related(
        "person", "from_org", "to_org", "issued_by", "decided_by"
    )


def transfer_get(user: User, pk: int) -> Transfer:
    """A transfer the user may see from either end; 404 otherwise."""
    transfer = transfer_queryset(user).filter(pk=pk).first()
    if transfer is None:
        raise Http404("no such transfer")
    return transfer


def _under(transfers: QuerySet[Transfer], org: Organization | None) -> QuerySet[Transfer]:
    if org is None:
        return transfers
    return transfers.filter(
        Q(from_org__path__startswith=org.path) | Q(to_org__path__startswith=org.path)
    )


def transfers_pending(user: User, org: Organization | None = None) -> QuerySet[Transfer]:
    """转接中: letters issued and not yet decided, at either end in reach (expired ones too,
    until the sender cancels them)."""
    pending = transfer_queryset(user).filter(status=Transfer.Status.ISSUED)
    return _under(pending, org).order_by("issued_on", "pk")


def transfers_history(
    user: User, org: Organization | None = None, direction: str = ""
) -> QuerySet[Transfer]:
    """Decided transfers (accepted, returned, cancelled, registered from outside), newest
    first: the sender's read-only record of who left and when, and the receiver's arrivals.
    With `org`, `direction` "out" keeps the transfers that left its subtree, "in" those that
    arrived in it."""
    done = transfer_queryset(user).exclude(status=Transfer.Status.ISSUED)
    if org is not None and direction == "out":
        done = done.filter(from_org__path__startswith=org.path)
    elif org is not None and direction == "in":
        done = done.filter(to_org__path__startswith=org.path)
    else:
        done = _under(done, org)
    return done.order_by("-issued_on", "-pk")


def transfers_out(user: User, org: Organization) -> QuerySet[Transfer]:
    """Who left `org`'s subtree, and when: accepted transfers out (the 转出 record)."""
    return (
        transfer_queryset(user)
        .filter(status=Transfer.Status.ACCEPTED, from_org__path__startswith=org.path)
        .order_by("-accepted_on", "-pk")
    )


def sides(user: User, transfer: Transfer) -> dict[str, bool]:
    """Which end the user acts for (no query: the grants are read once per request)."""
    sender = transfer.from_org_id is not None and may_at(
        user, Action.CHANGE, transfer.from_org.path
    )
    receiver = transfer.to_org_id is not None and may_at(user, Action.CHANGE, transfer.to_org.path)
    return {"sender": sender, "receiver": receiver}


def transferable_people(user: User, org: Organization) -> QuerySet[Person]:
    """The sending branch's active members the user may transfer (the issue form's list)."""
    return (
        Person.objects.visible_to(user, Action.CHANGE)
        .filter(primary_org=org, is_active=True, party_status__in=rules.TRANSFERABLE_STATUSES)
        .order_by("name", "pk")
    )


def receiving_choices(user: User) -> QuerySet[Organization]:
    """Branches in the user's reach that accept members (registering arrivals)."""
    return org_choices(user, Action.CHANGE).filter(org_type__in=rules.ACCEPTING_ORG_TYPES)


def sending_choices(user: User) -> QuerySet[Organization]:
    """Organizations in reach whose people the user may transfer."""
    return org_choices(user, Action.CHANGE).exclude(org_type="group").order_by("path")
