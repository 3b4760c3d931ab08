"""党费 writes: declaring a member's income base, recording payments (one per month, in
advance allowed), and importing bases from .xlsx (all rows or none).

Each service checks the actor's Action.CHANGE on the member's organization, validates with a
specific message, writes in one transaction and audits.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangjian.orglife import rules_dues as rules
from dangjian.orglife.dues_calc import add_months, due_fen, month_start, months_between, yuan
from dangjian.orglife.dues_selectors import MEMBER_STATUSES, base_due, base_in_force
from dangjian.orglife.models import DuesBase, DuesCategory, DuesPayment
from dangjian.orgs.models import Person, User
from dangjian.orgs.scoping import Action, may_at
from dangjian.orgs.services import audit_record

ERRORS = {
    "no_right": _("You may not manage the dues of this organization."),
    "not_member": _("%(person)s is not an active full or probationary member: no dues are due."),
    "income_needed": _(
        "Enter the monthly income after tax: dues of this category are a share of it."
    ),
    "income_negative": _("The income base cannot be negative."),
    "farmer_range": _("Farmers pay between %(min)s and %(max)s yuan a month."),
    "no_base": _(
        "%(person)s has no dues base in force in %(month)s: declare the income base first."
    ),
    "twice": _(
        "%(person)s has already paid the dues of %(month)s (%(amount)s yuan on %(date)s): a "
        "month is paid once."
    ),
    "too_little": _(
        "The dues of %(month)s are %(due)s yuan: record at least that amount (paying less needs "
        "the approval of the level above, 第十四条)."
    ),
    "too_far_ahead": _("Dues may be paid in advance for at most %(months)s months ahead."),
    "paid_in_future": _("The payment date cannot lie in the future."),
    "months_range": _("Pay for 1 to %(max)s months at once."),
}


def _require_change(actor: User, person: Person) -> None:
    if not may_at(actor, Action.CHANGE, person.primary_org.path):
        raise PermissionDenied(ERRORS["no_right"])


def _check_member(person: Person) -> None:
    if not person.is_active or person.party_status not in MEMBER_STATUSES:
        raise ValidationError({"person": ERRORS["not_member"] % {"person": person.name}})


def base_errors(category: str, income_fen, fixed_fen) -> dict[str, str]:
    """The problems of a declaration's figures (also used by the import, row by row)."""
    errors = {}
    if category not in DuesCategory.values:
        errors["category"] = str(_("Choose a category."))
    if category in (DuesCategory.EMPLOYED, DuesCategory.RETIRED) and income_fen is None:
        errors["income_fen"] = str(ERRORS["income_needed"])
    elif income_fen is not None and income_fen < 0:
        errors["income_fen"] = str(ERRORS["income_negative"])
    farmer = category == DuesCategory.FARMER and fixed_fen is not None
    if farmer and not rules.FARMER_MIN_FEN <= fixed_fen <= rules.FARMER_MAX_FEN:
        errors["fixed_fen"] = str(
            ERRORS["farmer_range"]
            % {"min": yuan(rules.FARMER_MIN_FEN), "max": yuan(rules.FARMER_MAX_FEN)}
        )
    return errors


def _base_row(
    actor, person, category, income_fen, fixed_fen, effective_from
) -> tuple[DuesBase, bool]:
    """The declaration for the month (a correction replaces that month's own row)."""
    month = month_start(effective_from)
    row = (
        DuesBase.objects.unscoped("the member's own declaration of that month, actor checked")
        .filter(person=person, effective_from=month)
        .first()
    )
    created = row is None
    row = row or DuesBase(person=person, effective_from=month)
    row.org = person.primary_org
    row.category = category
    keeps_income = category in (DuesCategory.EMPLOYED, DuesCategory.RETIRED)
    row.income_fen = (income_fen or 0) if keeps_income else 0
    row.fixed_fen = (
        (fixed_fen if fixed_fen is not None else rules.FARMER_DEFAULT_FEN)
        if category == DuesCategory.FARMER
        else None
    )
    row.declared_by = actor
    return row, created


@transaction.atomic
def base_declare(
    *,
    actor: User,
    person: Person,
    category: str,
    income_fen: int | None,
    effective_from: datetime.date,
    fixed_fen: int | None = None,
) -> DuesBase:
    """党费基数申报: the base in force from `effective_from`'s month (第十条); earlier
    declarations stay. A second declaration for the same month corrects it."""
    _require_change(actor, person)
    _check_member(person)
    errors = base_errors(category, income_fen, fixed_fen)
    if errors:
        raise ValidationError(errors)
    row, created = _base_row(actor, person, category, income_fen, fixed_fen, effective_from)
    row.save()
    audit_record(
        actor=actor,
        action="orglife.dues.base" if created else "orglife.dues.base.correct",
        target=row,
        month=row.effective_from.isoformat(),
        category=category,
        due_fen=base_due(row),
    )
    return row


@transaction.atomic
def payment_record(
    *,
    actor: User,
    person: Person,
    month: datetime.date,
    paid_on: datetime.date,
    amount_fen: int | None = None,
    months: int = 1,
) -> list[DuesPayment]:
    """党费收缴: `months` consecutive months from `month` (several: paid in advance or
    quarterly, 第十二条), each at its due or, for one month, `amount_fen` (voluntary extra,
    第十一条). A month already paid refuses the whole payment."""
    _require_change(actor, person)
    _check_member(person)
    today = timezone.localdate()
    if paid_on > today:
        raise ValidationError({"paid_on": ERRORS["paid_in_future"]})
    if not 1 <= months <= rules.ADVANCE_MAX_MONTHS:
        raise ValidationError(
            {"months": ERRORS["months_range"] % {"max": rules.ADVANCE_MAX_MONTHS}}
        )
    first = month_start(month)
    wanted = [add_months(first, index) for index in range(months)]
    if months_between(today, wanted[-1]) > rules.ADVANCE_MAX_MONTHS:
        raise ValidationError(
            {"month": ERRORS["too_far_ahead"] % {"months": rules.ADVANCE_MAX_MONTHS}}
        )
    # Locks the member's row: two clerks recording the same month at once meet here, and the
    # second one gets the message below rather than the database's constraint error.
    Person.objects.unscoped("lock the member being paid for").select_for_update().get(pk=person.pk)
    paid = {
        payment.month: payment
        for payment in DuesPayment.objects.unscoped(
            "the member's own payments, actor checked"
        ).filter(person=person, month__in=wanted)
    }
    bases = list(
        DuesBase.objects.unscoped("the member's own bases, actor checked")
        .filter(person=person, effective_from__lte=wanted[-1])
        .order_by("effective_from")
    )
    rows = []
    for each in wanted:
        label = f"{each:%Y-%m}"
        if each in paid:
            earlier = paid[each]
            raise ValidationError(
                {
                    "month": ERRORS["twice"]
                    % {
                        "person": person.name,
                        "month": label,
                        "amount": yuan(earlier.amount_fen),
                        "date": earlier.paid_on.isoformat(),
                    }
                },
                code="twice",
            )
        due = base_due(base_in_force(bases, each))
        if due is None:
            raise ValidationError(
                {"month": ERRORS["no_base"] % {"person": person.name, "month": label}}
            )
        amount = due if amount_fen is None or months > 1 else amount_fen
        if amount < due or amount < 1:
            raise ValidationError(
                {"amount_fen": ERRORS["too_little"] % {"month": label, "due": yuan(due)}}
            )
        rows.append(
            DuesPayment(
                person=person,
                org=person.primary_org,
                month=each,
                due_fen=due,
                amount_fen=amount,
                paid_on=paid_on,
                recorded_by=actor,
            )
        )
    for row in rows:
        row.save()
        audit_record(
            actor=actor,
            action="orglife.dues.pay",
            target=row,
            month=f"{row.month:%Y-%m}",
            amount_fen=row.amount_fen,
            due_fen=row.due_fen,
        )
    return rows


def due_for(person: Person, month: datetime.date) -> int | None:
    """The member's dues for `month` from the base in force then (None: no base)."""
    bases = list(
        DuesBase.objects.unscoped("the dues of a member in reach")
        .filter(person=person, effective_from__lte=month_start(month))
        .order_by("effective_from")
    )
    base = base_in_force(bases, month_start(month))
    return None if base is None else due_fen(base.category, base.income_fen, base.fixed_fen)
