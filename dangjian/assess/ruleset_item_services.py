"""Writes of one item of a draft rule set (考核细则): add, change, delete. A draft may be
incomplete while it is edited item by item (its page shows the totals); activation checks the
whole tree (ruleset_services.ruleset_activate)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from dangjian.assess.models import RuleItem, RuleSet
from dangjian.assess.ruleset_checks import ERRORS as TREE_ERRORS
from dangjian.assess.ruleset_checks import ItemSpec, check_item, points_text
from dangjian.assess.ruleset_services import (
    ERRORS,
    _require_change,
    _require_draft,
    known_indicators,
)
from dangjian.orgs.models import User
from dangjian.orgs.service_base import audit_record


def _item_rows(ruleset: RuleSet):
    return RuleItem.objects.unscoped("the items of a draft the actor may change").filter(
        ruleset=ruleset
    )


def _item_checked(
    ruleset: RuleSet, data: dict, parent: RuleItem | None, item: RuleItem | None
) -> ItemSpec:
    errors: dict[str, list[str]] = {}
    if parent is not None and (
        parent.ruleset_id != ruleset.pk
        or parent.parent_id is not None
        or parent.kind != RuleItem.Kind.INDICATOR
        or parent.scoring != RuleItem.Scoring.MANUAL
        or (item is not None and parent.pk == item.pk)
    ):
        errors["parent"] = [str(ERRORS["parent_bad"])]
    spec, found = check_item(data, known=known_indicators(), level=2 if parent else 1)
    for name, texts in found.items():
        errors.setdefault(name, []).extend(texts)
    if spec.code and "code" not in errors:
        twin = _item_rows(ruleset).filter(code=spec.code)
        if item is not None:
            twin = twin.exclude(pk=item.pk)
        if twin.exists():
            errors["code"] = [str(TREE_ERRORS["code_twice"]) % {"code": spec.code}]
    if item is not None:
        has_children = _item_rows(ruleset).filter(parent=item).exists()
        changes_shape = parent is not None or spec.kind != "indicator" or spec.scoring == "auto"
        if has_children and changes_shape:
            errors["scoring"] = [str(ERRORS["has_children"]) % {"item": str(item)}]
    if errors:
        raise ValidationError(errors)
    return spec


@transaction.atomic
def item_add(
    *, actor: User, ruleset: RuleSet, data: dict, parent: RuleItem | None = None
) -> RuleItem:
    """One item added to a draft: at the top level, or under the 一级 item `parent` (placed
    after its last sub-item)."""
    _require_change(actor, ruleset)
    _require_draft(ruleset)
    spec = _item_checked(ruleset, data, parent, None)
    rows = _item_rows(ruleset)
    if parent is None:
        position = (rows.aggregate(top=Max("position"))["top"] or 0) + 1
    else:
        last = rows.filter(parent=parent).aggregate(top=Max("position"))["top"]
        position = (last or parent.position) + 1
        rows.filter(position__gte=position).update(position=F("position") + 1)
    item = RuleItem.objects.create(
        ruleset=ruleset,
        parent=parent,
        code=spec.code,
        name=spec.name,
        kind=spec.kind,
        max_points=spec.max_points,
        scoring=spec.scoring,
        auto_indicator=spec.auto_indicator,
        guidance=spec.guidance,
        position=position,
    )
    audit_record(
        actor=actor,
        action="assess.ruleset.item_add",
        target=item,
        code=item.code,
        parent=parent.code if parent else "",
        max_points=str(item.max_points),
    )
    return item


ITEM_FIELDS = ("code", "name", "kind", "max_points", "scoring", "auto_indicator", "guidance")


@transaction.atomic
def item_change(*, actor: User, item: RuleItem, data: dict) -> RuleItem:
    """A draft's item changed in place (its level stays)."""
    ruleset = item.ruleset
    _require_change(actor, ruleset)
    _require_draft(ruleset)
    parent = item.parent
    spec = _item_checked(ruleset, data, parent, item)
    changes = {}
    for name in ITEM_FIELDS:
        old, new = getattr(item, name), getattr(spec, name)
        if old != new:
            changes[name] = [_audit_text(old), _audit_text(new)]
            setattr(item, name, new)
    item.save()
    audit_record(actor=actor, action="assess.ruleset.item_change", target=item, changes=changes)
    return item


def _audit_text(value) -> str:
    return points_text(value) if isinstance(value, Decimal) else str(value)


@transaction.atomic
def item_delete(*, actor: User, item: RuleItem) -> None:
    ruleset = item.ruleset
    _require_change(actor, ruleset)
    _require_draft(ruleset)
    if _item_rows(ruleset).filter(parent=item).exists():
        raise ValidationError(str(ERRORS["delete_has_children"]) % {"item": str(item)})
    audit_record(
        actor=actor,
        action="assess.ruleset.item_delete",
        target=item,
        code=item.code,
        name=item.name,
        max_points=str(item.max_points),
    )
    _item_rows(ruleset).filter(pk=item.pk).delete()
