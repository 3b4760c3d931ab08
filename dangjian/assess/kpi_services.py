"""Writes of department KPIs (业绩评价指标): create, edit and deactivate a unit's KPI, and
enter a period's value. Every write needs CHANGE at the unit, validates each field with its
own message, saves atomically and is audited; a second value for a period replaces the first
and the audit entry keeps old → new. The .xlsx import (kpi_sheet_services) builds and checks
each row with the same functions.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.assess import kpi_periods as periods
from dangjian.assess import kpi_selectors as selectors
from dangjian.assess import rules_kpi as rules
from dangjian.assess.models import Kpi, KpiValue, RuleItem
from dangjian.orgs.models import Organization, User
from dangjian.orgs.scoping import Action, require
from dangjian.orgs.service_base import audit_record, ensure_still_in_scope

ERRORS = {
    "no_right": _("You may not change the performance indicators of this unit."),
    "not_a_unit": _(
        "%(org)s keeps no performance indicators: they are for county departments, townships "
        "and enterprises (a Party committee or branch, not a Party group)."
    ),
    "inactive_org": _("%(org)s is no longer active."),
    "required": _("This field is required."),
    "too_long": _("%(chars)s characters; at most %(limit)s are accepted."),
    "name_taken": _("%(org)s already has a performance indicator named “%(name)s”."),
    "choice": _("Choose one of: %(choices)s."),
    "number": _("“%(value)s” is not a number."),
    "decimals": _("At most %(decimals)s decimals."),
    "too_large": _("The number is beyond ±%(max)s."),
    "rule_item": _("No such rule-set item for this unit."),
    "frequency_has_values": _(
        "Values are already entered by %(frequency)s: the frequency of an indicator with values "
        "cannot change (add a new indicator instead)."
    ),
    "kpi_inactive": _("This indicator is no longer in use: no values are entered for it."),
    "already_inactive": _("This indicator is already out of use."),
    "period_future": _(
        "The period %(period)s has not begun yet (today is %(today)s): enter a value once the "
        "period is under way."
    ),
    "period_too_early": _("The period %(period)s is before %(earliest)s: too long ago to enter."),
    "period_format": _(
        "Write the period as %(format)s (this indicator's values are %(frequency)s)."
    ),
}


def local_today() -> datetime.date:
    return timezone.localdate()


def is_unit(org: Organization) -> bool:
    return org.category in rules.UNIT_CATEGORIES and org.org_type in rules.UNIT_ORG_TYPES


def number(value, errors: dict, field: str) -> Decimal | None:
    """A value or a target: a finite number within ±rules.VALUE_MAX with at most two
    decimals; the problem goes into `errors[field]`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        errors[field] = [ERRORS["required"]]
        return None
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        params = {"value": str(value)[:40]}
        errors[field] = [ValidationError(ERRORS["number"], params=params)]
        return None
    if abs(amount) > rules.VALUE_MAX:
        errors[field] = [ValidationError(ERRORS["too_large"], params={"max": rules.VALUE_MAX})]
        return None
    if amount != amount.quantize(Decimal(1).scaleb(-rules.VALUE_DECIMALS)):
        params = {"decimals": rules.VALUE_DECIMALS}
        errors[field] = [ValidationError(ERRORS["decimals"], params=params)]
        return None
    return amount


def clean_text(value: str, limit: int, errors: dict, field: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = [ERRORS["required"]]
    elif len(value) > limit:
        params = {"chars": f"{len(value):,}", "limit": f"{limit:,}"}
        errors[field] = [ValidationError(ERRORS["too_long"], params=params)]
    return value


def _choice(value: str, choices, errors: dict, field: str) -> str:
    if value not in choices.values:
        params = {"choices": ", ".join(choices.values)}
        errors[field] = [ValidationError(ERRORS["choice"], params=params)]
    return value


def _check_rule_item(
    actor: User, org: Organization, item: RuleItem | None, errors: dict, kept: int | None = None
) -> None:
    """An item of kpi_selectors.rule_items_for (read by the actor, issued at or above the
    unit, in force, of its category) or the KPI's link unchanged (`kept`); anything else is
    refused with one message that names nothing."""
    if item is None or (kept is not None and item.pk == kept):
        return
    if not selectors.rule_items_for(actor, org, local_today()).filter(pk=item.pk).exists():
        errors["rule_item"] = [ERRORS["rule_item"]]


def _check_name(org: Organization, name: str, errors: dict, exclude: int | None = None) -> None:
    if "name" in errors:
        return
    twins = Kpi.objects.unscoped("a unit's names are unique among its indicators in use")
    twins = twins.filter(org=org, name=name, is_active=True)
    if exclude is not None:
        twins = twins.exclude(pk=exclude)
    if twins.exists():
        params = {"org": org.name, "name": name}
        errors["name"] = [ValidationError(ERRORS["name_taken"], params=params)]


def _clean(
    actor: User,
    org: Organization,
    data: dict,
    errors: dict,
    exclude: int | None = None,
    active: bool = True,
    kept_item: int | None = None,
) -> dict:
    cleaned = {
        "name": clean_text(
            data.get("name", ""), rules.NAME_MAX_CHARS, errors, "name", required=True
        ),
        "unit_of_measure": clean_text(
            data.get("unit_of_measure", ""),
            rules.UNIT_OF_MEASURE_MAX_CHARS,
            errors,
            "unit_of_measure",
            required=True,
        ),
        "direction": _choice(data.get("direction", ""), Kpi.Direction, errors, "direction"),
        "frequency": _choice(data.get("frequency", ""), Kpi.Frequency, errors, "frequency"),
        "target": number(data.get("target"), errors, "target"),
        "rule_item": data.get("rule_item"),
    }
    if active:  # an indicator out of use may share its name with the one that replaced it
        _check_name(org, cleaned["name"], errors, exclude)
    _check_rule_item(actor, org, cleaned["rule_item"], errors, kept_item)
    return cleaned


@transaction.atomic
def kpi_create(
    *,
    actor: User,
    org: Organization,
    name: str,
    unit_of_measure: str,
    direction: str,
    target,
    frequency: str,
    rule_item: RuleItem | None = None,
) -> Kpi:
    """A new KPI of the unit `org` (CHANGE at `org`)."""
    require(actor, Action.CHANGE, org, str(ERRORS["no_right"]))
    errors: dict[str, list] = {}
    if not is_unit(org):
        errors["org"] = [ValidationError(ERRORS["not_a_unit"], params={"org": org.name})]
    elif not org.is_active:
        errors["org"] = [ValidationError(ERRORS["inactive_org"], params={"org": org.name})]
    data = {
        "name": name,
        "unit_of_measure": unit_of_measure,
        "direction": direction,
        "frequency": frequency,
        "target": target,
        "rule_item": rule_item,
    }
    cleaned = _clean(actor, org, data, errors)
    if errors:
        raise ValidationError(errors)
    last = (
        Kpi.objects.unscoped("the unit's next position, checked above")
        .filter(org=org)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    kpi = Kpi.objects.create(org=org, position=(last or 0) + 1, **cleaned)
    ensure_still_in_scope(actor, kpi)
    audit_record(
        actor=actor,
        action="assess.kpi.create",
        target=kpi,
        name=kpi.name,
        unit_of_measure=kpi.unit_of_measure,
        direction=kpi.direction,
        target_value=amount_text(kpi.target),
        frequency=kpi.frequency,
        rule_item=rule_item.pk if rule_item else None,
    )
    return kpi


def amount_text(amount: Decimal) -> str:
    """A value or target as stored (two decimals): "95.00"."""
    return f"{amount:.{rules.VALUE_DECIMALS}f}"


def _audit_value(value):
    if isinstance(value, Decimal):
        return amount_text(value)
    if isinstance(value, RuleItem):
        return value.pk
    return value


@transaction.atomic
def kpi_update(
    *,
    actor: User,
    kpi: Kpi,
    name: str,
    unit_of_measure: str,
    direction: str,
    target,
    frequency: str,
    rule_item: RuleItem | None = None,
) -> Kpi:
    """Edit a KPI (CHANGE at its unit); the audit entry keeps each changed field old → new.
    The frequency stays once values are entered (they are stored by its periods)."""
    require(actor, Action.CHANGE, kpi, str(ERRORS["no_right"]))
    errors: dict[str, list] = {}
    data = {
        "name": name,
        "unit_of_measure": unit_of_measure,
        "direction": direction,
        "frequency": frequency,
        "target": target,
        "rule_item": rule_item,
    }
    cleaned = _clean(
        actor,
        kpi.org,
        data,
        errors,
        exclude=kpi.pk,
        active=kpi.is_active,
        kept_item=kpi.rule_item_id,
    )
    if "frequency" not in errors and cleaned["frequency"] != kpi.frequency:
        has_values = KpiValue.objects.unscoped("the indicator being changed, checked above")
        if has_values.filter(kpi=kpi).exists():
            params = {"frequency": kpi.get_frequency_display()}
            errors["frequency"] = [ValidationError(ERRORS["frequency_has_values"], params=params)]
    if errors:
        raise ValidationError(errors)
    old = {
        "name": kpi.name,
        "unit_of_measure": kpi.unit_of_measure,
        "direction": kpi.direction,
        "frequency": kpi.frequency,
        "target": kpi.target,
        "rule_item": kpi.rule_item_id,
    }
    new = cleaned | {"rule_item": rule_item.pk if rule_item else None}
    changes = {
        field: [_audit_value(old[field]), _audit_value(new[field])]
        for field in old
        if old[field] != new[field]
    }
    for field, value in cleaned.items():
        setattr(kpi, field, value)
    kpi.save()
    ensure_still_in_scope(actor, kpi)
    audit_record(actor=actor, action="assess.kpi.update", target=kpi, changes=changes)
    return kpi


@transaction.atomic
def kpi_deactivate(*, actor: User, kpi: Kpi) -> Kpi:
    """Take a KPI out of use: its values stay (the trend, the indicator of past periods), no
    new value is entered, its name is free for a new one."""
    require(actor, Action.CHANGE, kpi, str(ERRORS["no_right"]))
    if not kpi.is_active:
        raise ValidationError(ERRORS["already_inactive"])
    kpi.is_active = False
    kpi.save(update_fields=["is_active"])
    audit_record(actor=actor, action="assess.kpi.deactivate", target=kpi, name=kpi.name)
    return kpi


def period_errors(
    kpi: Kpi, start: datetime.date, today: datetime.date, errors: dict, field: str = "period"
) -> None:
    """A period may be entered once it has begun, and back to rules.EARLIEST_YEARS_BACK."""
    shown = periods.text(start, kpi.frequency)
    earliest = datetime.date(today.year - rules.EARLIEST_YEARS_BACK, 1, 1)
    if start > today:
        params = {"period": shown, "today": today.isoformat()}
        errors[field] = [ValidationError(ERRORS["period_future"], params=params)]
    elif start < earliest:
        params = {"period": shown, "earliest": earliest.isoformat()}
        errors[field] = [ValidationError(ERRORS["period_too_early"], params=params)]


def parse_period(kpi: Kpi, value: str, errors: dict, field: str = "period") -> datetime.date | None:
    """ "2026-03" | "2026-Q1" | "2026", as the KPI's frequency writes it; else the field's
    error naming the format."""
    start = periods.parse(value, kpi.frequency)
    if start is None:
        params = {
            "format": periods.FORMATS[kpi.frequency],
            "frequency": kpi.get_frequency_display(),
        }
        errors[field] = [ValidationError(ERRORS["period_format"], params=params)]
    return start


def save_value(
    actor: User, kpi: Kpi, start: datetime.date, amount: Decimal, note: str
) -> tuple[KpiValue, dict]:
    """Insert or replace the period's value (the row locked); returns it and its audit data."""
    rows = KpiValue.objects.unscoped("the indicator's own period, checked by the caller")
    row = rows.select_for_update().filter(kpi=kpi, period_start=start).first()
    data: dict = {"period": periods.text(start, kpi.frequency)}
    if row is None:
        row = KpiValue(kpi=kpi, period_start=start)
        data |= {"value": [None, amount_text(amount)], "note": [None, note]}
    else:
        old = amount_text(row.value)
        data |= {"value": [old, amount_text(amount)], "note": [row.note, note], "replaced": True}
    row.value, row.note, row.entered_by = amount, note, actor
    row.save()
    return row, data


@transaction.atomic
def value_enter(
    *,
    actor: User,
    kpi: Kpi,
    period_start: datetime.date,
    value,
    note: str = "",
    today: datetime.date | None = None,
) -> KpiValue:
    """The value of one period (`period_start` is normalized to the first day of its month,
    quarter or year by the KPI's frequency). A second entry for the period replaces the first;
    the audit entry keeps old → new."""
    require(actor, Action.CHANGE, kpi, str(ERRORS["no_right"]))
    today = today or local_today()
    errors: dict[str, list] = {}
    if not kpi.is_active:
        raise ValidationError(ERRORS["kpi_inactive"])
    start = periods.normalize(period_start, kpi.frequency)
    period_errors(kpi, start, today, errors)
    amount = number(value, errors, "value")
    note = clean_text(note, rules.NOTE_MAX_CHARS, errors, "note", required=False)
    if errors:
        raise ValidationError(errors)
    row, data = save_value(actor, kpi, start, amount, note)
    audit_record(actor=actor, action="assess.kpi.value", target=row, **data)
    return row
