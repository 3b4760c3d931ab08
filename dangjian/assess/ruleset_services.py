"""Writes of the rule sets (百分考核细则): create (from a tree), install the four default rule
sets, a new version, the draft's items (add, change, delete, or the whole tree replaced from
an .xlsx), activate. Each checks CHANGE at the issuing organization, validates, audits.

A draft may be incomplete while it is edited item by item (the detail page shows its
totals); a tree given whole (create, the API, an import, the defaults) must obey every rule of
ruleset_checks, and so must a draft before it is activated. An active or superseded rule set
is never changed: rounds were scored against it; a change is a new version.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.assess import rules_ruleset as rules
from dangjian.assess import ruleset_defaults
from dangjian.assess.models import RuleItem, RuleSet
from dangjian.assess.ruleset_checks import (
    ItemSpec,
    TreeError,
    check_tree,
    flatten,
)
from dangjian.lib.indicators import registered
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, may_at, require
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

ERRORS = {
    "no_right": _("You may not change the rule sets issued by %(org)s."),
    "not_draft": _(
        "%(name)s is %(status)s: a rule set in force or superseded is never changed, rounds "
        "were scored against it. Make a new version."
    ),
    "year_range": _("Enter a year between %(min)s and %(max)s."),
    "category_bad": _("The category is township, rural, county_unit or enterprise."),
    "name_missing": _("Enter a name."),
    "name_too_long": _("A name has at most %(max)s characters."),
    "defaults_exist": _(
        "%(org)s already has rule sets for %(year)s in every category: make a new version of "
        "one instead."
    ),
    "parent_bad": _(
        "A sub-item goes under a top-level indicator of this rule set that is scored through "
        "its sub-items."
    ),
    "has_children": _(
        "%(item)s has sub-items: it stays a manual indicator; change or delete its sub-items first."
    ),
    "delete_has_children": _("%(item)s has sub-items: delete them first."),
}


def known_indicators() -> set[str]:
    """The codes of the indicators registered in this installation (lib.indicators)."""
    return set(registered())


_known = known_indicators


def require_draft_change(actor: User, ruleset: RuleSet) -> None:
    """CHANGE at the issuer (403/404) and a draft (403): asked before reading an upload."""
    _require_change(actor, ruleset)
    _require_draft(ruleset)


def _require_change(actor: User, ruleset: RuleSet) -> None:
    """CHANGE at the issuer; else 403 for a rule set the actor may read (rules are published
    below their issuer, beyond the kernel's view scope), 404 for one they may not."""
    from dangjian.assess.ruleset_selectors import rulesets_for

    if may_at(actor, Action.CHANGE, ruleset.org.path):
        return
    if rulesets_for(actor).filter(pk=ruleset.pk).exists():
        raise PermissionDenied(str(ERRORS["no_right"]) % {"org": ruleset.org.name})
    raise RuleSet.DoesNotExist(f"RuleSet {ruleset.pk} is out of reach")


def _require_draft(ruleset: RuleSet) -> None:
    if ruleset.status != RuleSet.Status.DRAFT:
        params = {"name": str(ruleset), "status": ruleset.get_status_display()}
        raise PermissionDenied(str(ERRORS["not_draft"]) % params)


def _field_errors(year, category: str, name: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    latest = timezone.localdate().year + rules.YEAR_MAX_AHEAD
    if not isinstance(year, int) or not rules.YEAR_MIN <= year <= latest:
        errors["year"] = [str(ERRORS["year_range"]) % {"min": rules.YEAR_MIN, "max": latest}]
    if category not in rules.CATEGORIES:
        errors["category"] = [str(ERRORS["category_bad"])]
    if not name.strip():
        errors["name"] = [str(ERRORS["name_missing"])]
    elif len(name.strip()) > 120:
        errors["name"] = [str(ERRORS["name_too_long"]) % {"max": 120}]
    return errors


def _next_version(org: Organization, year: int, category: str) -> int:
    rows = RuleSet.objects.unscoped("version numbers run across every version of the rules")
    rows = rows.filter(org=org, year=year, category=category)
    return (rows.aggregate(top=Max("version"))["top"] or 0) + 1


def _save_tree(ruleset: RuleSet, top: list[ItemSpec]) -> list[RuleItem]:
    """Parents first (one insert), then their children (one insert)."""

    def row(spec: ItemSpec, parent: RuleItem | None) -> RuleItem:
        return RuleItem(
            ruleset=ruleset,
            parent=parent,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            max_points=spec.max_points,
            scoring=spec.scoring,
            auto_indicator=spec.auto_indicator,
            guidance=spec.guidance,
            position=spec.position,
        )

    parents = RuleItem.objects.bulk_create([row(spec, None) for spec in top])
    children = [
        row(kid, parent) for spec, parent in zip(top, parents, strict=True) for kid in spec.children
    ]
    return parents + RuleItem.objects.bulk_create(children)


def _checked(indicators: list[dict], others: dict[str, list[str]] | None = None) -> list[ItemSpec]:
    try:
        top = check_tree(indicators, known=_known())
    except TreeError as error:
        raise TreeError(error.message_dict["indicators"], error.totals, others) from None
    if others:
        raise ValidationError(others)
    return top


@transaction.atomic
def ruleset_create(
    *,
    actor: User,
    org: Organization,
    year: int,
    category: str,
    name: str,
    indicators: list[dict],
    source: str = "tree",
) -> RuleSet:
    """A new draft issued by `org` (CHANGE there) with the tree `indicators` (nested, the
    API's shape), checked whole. Its version follows the org's versions for the year and
    category (1 for the first)."""
    require(actor, Action.CHANGE, org, str(ERRORS["no_right"]) % {"org": org.name})
    top = _checked(indicators, _field_errors(year, category, name))
    ruleset = RuleSet.objects.create(
        org=org,
        year=year,
        category=category,
        name=name.strip(),
        version=_next_version(org, year, category),
        created_by=actor,
    )
    ensure_still_in_scope(actor, ruleset)
    items = _save_tree(ruleset, top)
    audit_record(
        actor=actor,
        action="assess.ruleset.create",
        target=ruleset,
        year=year,
        category=category,
        version=ruleset.version,
        items=len(items),
        source=source,
    )
    return ruleset


@transaction.atomic
def ruleset_install_defaults(
    *, actor: User, org: Organization, year: int
) -> tuple[list[RuleSet], dict[str, list[str]]]:
    """Drafts of the four categories' default rule sets (ruleset_defaults) for `year`, issued
    by `org`, for each category `org` has no rule set of that year yet. Returns the drafts
    and, per category, the items made manual because their indicator is not registered."""
    require(actor, Action.CHANGE, org, str(ERRORS["no_right"]) % {"org": org.name})
    errors = _field_errors(year, "township", "-")
    if errors:
        raise ValidationError(errors)
    taken = set(
        RuleSet.objects.unscoped("which categories the organization already issued")
        .filter(org=org, year=year)
        .values_list("category", flat=True)
    )
    missing = [category for category in rules.CATEGORIES if category not in taken]
    if not missing:
        params = {"org": org.name, "year": year}
        raise ValidationError({"year": [str(ERRORS["defaults_exist"]) % params]})
    created, downgraded = [], {}
    for category in missing:
        tree, manual = ruleset_defaults.tree(category, _known())
        created.append(
            ruleset_create(
                actor=actor,
                org=org,
                year=year,
                category=category,
                name=f"{year}年度{ruleset_defaults.name(category)}",
                indicators=tree,
                source="defaults",
            )
        )
        if manual:
            downgraded[category] = manual
    return created, downgraded


def stored_tree(ruleset: RuleSet) -> list[dict]:
    """The rule set's items as the API's nested tree (one query)."""
    rows = RuleItem.objects.unscoped("the items of a rule set the caller holds").filter(
        ruleset=ruleset
    )
    items = list(rows.order_by("position", "pk"))
    tops = [item for item in items if item.parent_id is None]
    kids: dict[int, list[RuleItem]] = {}
    for item in items:
        if item.parent_id is not None:
            kids.setdefault(item.parent_id, []).append(item)

    def as_dict(item: RuleItem) -> dict:
        return {
            "code": item.code,
            "name": item.name,
            "kind": item.kind,
            "max_points": item.max_points,
            "scoring": item.scoring,
            "auto_indicator": item.auto_indicator,
            "guidance": item.guidance,
            "children": [as_dict(kid) for kid in kids.get(item.pk, [])],
        }

    return [as_dict(item) for item in tops]


@transaction.atomic
def ruleset_new_version(*, actor: User, ruleset: RuleSet) -> RuleSet:
    """A draft copy of `ruleset` (any status), version = the next free number."""
    _require_change(actor, ruleset)
    tree = stored_tree(ruleset)
    copy = RuleSet.objects.create(
        org=ruleset.org,
        year=ruleset.year,
        category=ruleset.category,
        name=ruleset.name,
        version=_next_version(ruleset.org, ruleset.year, ruleset.category),
        based_on=ruleset,
        created_by=actor,
    )
    ensure_still_in_scope(actor, copy)
    # Copied as stored, not re-checked: an indicator since withdrawn is caught on activation.
    top = [_spec(raw, "") for raw in tree]
    for spec, raw in zip(top, tree, strict=True):
        spec.children = [_spec(kid, spec.code) for kid in raw["children"]]
    for position, spec in enumerate(flatten(top), start=1):
        spec.position = position
    _save_tree(copy, top)
    audit_record(
        actor=actor,
        action="assess.ruleset.new_version",
        target=copy,
        based_on=ruleset.pk,
        version=copy.version,
    )
    return copy


def _spec(raw: dict, parent: str) -> ItemSpec:
    fields = {key: raw[key] for key in raw if key != "children"}
    return ItemSpec(parent=parent, **fields)


@transaction.atomic
def ruleset_replace_items(
    *, actor: User, ruleset: RuleSet, indicators: list[dict], source: str = "tree"
) -> RuleSet:
    """The draft's whole tree replaced by `indicators` (checked whole, e.g. an .xlsx)."""
    _require_change(actor, ruleset)
    _require_draft(ruleset)
    top = _checked(indicators)
    rows = RuleItem.objects.unscoped("the items of a draft being replaced, checked above")
    before = rows.filter(ruleset=ruleset).count()
    rows.filter(ruleset=ruleset, parent__isnull=False).delete()
    rows.filter(ruleset=ruleset).delete()
    items = _save_tree(ruleset, top)
    audit_record(
        actor=actor,
        action="assess.ruleset.replace_items",
        target=ruleset,
        before=before,
        after=len(items),
        source=source,
    )
    return ruleset


# ---- activation ---------------------------------------------------------------------------


@transaction.atomic
def ruleset_activate(*, actor: User, ruleset: RuleSet) -> RuleSet:
    """The draft comes into force, once its tree obeys every rule; the version in force for
    the same organization, year and category (if any) is superseded."""
    _require_change(actor, ruleset)
    _require_draft(ruleset)
    # Locked: two activations at once cannot leave two versions in force.
    locked = RuleSet.objects.unscoped("the versions being switched, checked above")
    locked = locked.select_for_update().filter(
        org=ruleset.org_id, year=ruleset.year, category=ruleset.category
    )
    list(locked.values_list("pk", flat=True))
    _checked(stored_tree(ruleset))
    now = timezone.now()
    previous = list(locked.filter(status=RuleSet.Status.ACTIVE))
    for old in previous:
        old.status = RuleSet.Status.RETIRED
        old.save(update_fields=["status"])
        audit_record(
            actor=actor, action="assess.ruleset.retire", target=old, replaced_by=ruleset.pk
        )
    ruleset.status = RuleSet.Status.ACTIVE
    ruleset.activated_at = now
    ruleset.save(update_fields=["status", "activated_at"])
    audit_record(
        actor=actor,
        action="assess.ruleset.activate",
        target=ruleset,
        version=ruleset.version,
        retired=[old.pk for old in previous],
    )
    return ruleset
