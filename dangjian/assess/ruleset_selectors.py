"""Reads of the rule sets (百分考核细则).

Who sees a rule set (`rulesets_for`):
- every rule set issued by an organization in the user's view scope (the kernel's scoping);
- every rule set issued by an ancestor of an organization the user holds a grant at or
  belongs to (primary organization): rules are published to the organizations they apply to,
  so a village secretary reads the county's rules. This part is an `unscoped` query bounded
  by those ancestors' ids, read from the grants' and the person's materialized paths;
- drafts only where the user may change the issuer (CHANGE): a draft is not yet published.

For the round and kpi parts: `ruleset_tree(ruleset)` (the items in order, each 一级 item with
its `subitems`, one query) and `active_ruleset(org, year, category)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from dangjian.assess import rules_ruleset as rules
from dangjian.assess.models import RuleItem, RuleSet
from dangjian.orgs.models import Organization, Person, User
from dangjian.orgs.scoping import Action, grants, scope_prefixes, scope_q

PUBLISHED_REASON = (
    "rule sets are published to the organizations they apply to: the non-draft rule sets "
    "issued by an ancestor of the user's organizations (ids from their paths), and what the "
    "kernel's view and change scopes give"
)


def _path_ids(path: str) -> set[int]:
    return {int(part) for part in path.strip("/").split("/") if part}


def ancestor_ids(user: User) -> set[int]:
    """The organizations above (and at) each organization the user holds a grant at or
    belongs to: read from the materialized paths (one query, for the person's own)."""
    ids: set[int] = set()
    for grant in grants(user):
        ids |= _path_ids(grant.org_path)
    own = (
        Person.objects.unscoped("the account's own person record: its organization's path")
        .filter(user=user, is_active=True)
        .values_list("primary_org__path", flat=True)
        .first()
        if user.is_authenticated
        else None
    )
    if own:
        ids |= _path_ids(own)
    return ids


def rulesets_for(user: User) -> QuerySet[RuleSet]:
    """Every rule set the user may read (see the module's docstring)."""
    if not user.is_authenticated or not user.is_active:
        return RuleSet.objects.visible_to(user)  # nothing: the kernel's scope is empty
    if user.is_superuser:
        return RuleSet.objects.visible_to(user)
    changeable = RuleSet.objects.visible_to(user, Action.CHANGE).values("pk")
    published = scope_q(user, RuleSet, Action.VIEW) | Q(org_id__in=ancestor_ids(user))
    return RuleSet.objects.unscoped(PUBLISHED_REASON).filter(
        Q(pk__in=changeable) | (~Q(status=RuleSet.Status.DRAFT) & published)
    )


@dataclass(frozen=True)
class RuleSetFilters:
    year: int | None = None
    category: str = ""


def ruleset_list(user: User, filters: RuleSetFilters | None = None) -> QuerySet[RuleSet]:
    filters = filters or RuleSetFilters()
    rows = rulesets_for(user).select_related("org").annotate(item_count=Count("items"))
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.category:
        rows = rows.filter(category=filters.category)
    return rows.order_by("-year", "category", "org__path", "-version")


def ruleset_get(user: User, pk: int) -> RuleSet:
    """A rule set the user may read, else 404."""
    return get_object_or_404(rulesets_for(user).select_related("org", "based_on"), pk=pk)


def item_get(user: User, pk: int) -> RuleItem:
    """An item of a rule set the user may read, else 404."""
    rows = RuleItem.objects.unscoped("bounded by the rule sets the user may read")
    return get_object_or_404(
        rows.select_related("ruleset__org", "parent"),
        pk=pk,
        ruleset__in=rulesets_for(user).values("pk"),
    )


def ruleset_tree(ruleset: RuleSet) -> list[RuleItem]:
    """The 一级 items in order (bonus and deduction items too), each with `subitems`, its 二级
    items in order (one query). The caller has already checked who may read the rule set."""
    rows = RuleItem.objects.unscoped("the items of a rule set the caller holds")
    items = list(rows.filter(ruleset=ruleset).order_by("position", "pk"))
    top = [item for item in items if item.parent_id is None]
    by_pk = {item.pk: item for item in top}
    for item in items:
        item.subitems = []
    for item in items:
        if item.parent_id is not None and item.parent_id in by_pk:
            by_pk[item.parent_id].subitems.append(item)
    return top


def ruleset_items(ruleset: RuleSet) -> list[RuleItem]:
    """Every item in tree order (each 一级 item followed by its 二级 items), with `level`."""
    out = []
    for item in ruleset_tree(ruleset):
        item.level = 1
        out.append(item)
        for kid in item.subitems:
            kid.level = 2
            out.append(kid)
    return out


@dataclass(frozen=True)
class Totals:
    top: Decimal  # the 一级 indicators' points
    expected: Decimal  # rules.TOTAL_POINTS
    bonus: Decimal  # the bonus items' caps
    deduction: Decimal  # the deduction items' caps
    # 一级 items whose 二级 items do not add up to them: (item, their sum)
    unbalanced: tuple[tuple[RuleItem, Decimal], ...]

    @property
    def complete(self) -> bool:
        return self.top == self.expected and not self.unbalanced


def totals(top: list[RuleItem]) -> Totals:
    """Each level's totals of a tree from `ruleset_tree` (no query)."""

    def total(kind: str) -> Decimal:
        return sum((item.max_points for item in top if item.kind == kind), Decimal(0))

    unbalanced = []
    for item in top:
        item.children_total = sum((kid.max_points for kid in item.subitems), Decimal(0))
        if item.subitems and item.children_total != item.max_points:
            unbalanced.append((item, item.children_total))
    return Totals(
        top=total(RuleItem.Kind.INDICATOR),
        expected=rules.TOTAL_POINTS,
        bonus=total(RuleItem.Kind.BONUS),
        deduction=total(RuleItem.Kind.DEDUCTION),
        unbalanced=tuple(unbalanced),
    )


def active_ruleset(org_issuer: Organization, year: int, category: str) -> RuleSet | None:
    """The version in force issued by `org_issuer` for the year and category, or None. The
    caller decides who may read it (rounds: their organizations' issuer)."""
    rows = RuleSet.objects.unscoped("the rule set in force, read for a round or a KPI link")
    return (
        rows.filter(org=org_issuer, year=year, category=category, status=RuleSet.Status.ACTIVE)
        .order_by("-version")
        .first()
    )


def issuers(user: User) -> list[Organization]:
    """The organizations the user may issue rule sets for: the top of each subtree they may
    change (a superuser: the roots)."""
    if not user.is_authenticated:
        return []
    rows = Organization.objects.visible_to(user, Action.CHANGE).filter(is_active=True)
    if user.is_superuser:
        rows = rows.filter(parent__isnull=True)
    else:
        rows = rows.filter(path__in=scope_prefixes(user, Action.CHANGE))
    return list(rows.order_by("path"))


def may_issue(user: User) -> bool:
    return bool(issuers(user))
