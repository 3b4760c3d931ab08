"""The rules a report (报账) on a deadline-tracked row obeys — shared by work items and
rectifications (整改事项), so both answer the same way in pages and API.

- Overdue: the row is open (not reported done, not closed) and its deadline lies before
  today's date in Asia/Shanghai (settings.TIME_ZONE). It is computed, never stored: an item
  due on the 31st is overdue from 00:00 on the 1st, local time.
- A not-done report, and any report on an overdue row, must give the reason, the further
  measures and a new deadline (not in the past) — each missing one is named.
- Nothing can be reported on a closed row; a row reported done waits for verification.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from dangjian.work import rules
from dangjian.work.models.tracking import Outcome, Tracked, TrackedStatus

ERRORS = {
    "closed": _("This is closed (注销 / 销号): nothing more can be reported on it."),
    "awaiting": _(
        "This was reported done and awaits verification: it can be reported on again once "
        "the verifier returns it."
    ),
    "outcome": _("Choose completed, partly completed or not completed."),
    "text": _("Say what was done."),
    "explain_overdue": _(
        "The deadline %(deadline)s has passed: give the %(field)s before anything else is reported."
    ),
    "explain_not_done": _("A not-done report needs the %(field)s."),
    "past": _("The new deadline %(date)s is in the past (today is %(today)s)."),
    "not_later": _("The new deadline %(date)s is not after the current one (%(deadline)s)."),
    "too_far": _("The new deadline %(date)s is more than two years away: check the year."),
    "too_long": _("At most %(limit)s characters are accepted (%(chars)s given)."),
}
EXPLANATION_FIELDS = {
    "reason": _("reason it is not completed"),
    "measures": _("further measures"),
    "new_deadline": _("new deadline"),
}


def local_today() -> datetime.date:
    """Today in Asia/Shanghai, whatever the server's clock zone."""
    return timezone.localdate()


def is_overdue(row: Tracked, today: datetime.date | None = None) -> bool:
    return row.status == TrackedStatus.OPEN and row.deadline < (today or local_today())


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": TrackedStatus.OPEN, f"{prefix}deadline__lt": today})


def due_soon_q(today: datetime.date, prefix: str = "") -> Q:
    """Open and due within rules.DUE_SOON_DAYS days from today (today included)."""
    last = today + datetime.timedelta(days=rules.DUE_SOON_DAYS)
    return Q(
        **{
            f"{prefix}status": TrackedStatus.OPEN,
            f"{prefix}deadline__gte": today,
            f"{prefix}deadline__lte": last,
        }
    )


def days_overdue(row: Tracked, today: datetime.date | None = None) -> int:
    """Whole days past the deadline (0 unless overdue): due yesterday → 1."""
    if not is_overdue(row, today):
        return 0
    return ((today or local_today()) - row.deadline).days


def deadline_error(new_deadline: datetime.date, today: datetime.date) -> str | None:
    """Why a new deadline cannot be: in the past, or more than rules.LONGEST_DEADLINE_DAYS
    away (a mistyped year); None when it can."""
    if new_deadline < today:
        return str(
            ERRORS["past"] % {"date": date_format(new_deadline), "today": date_format(today)}
        )
    if new_deadline > today + datetime.timedelta(days=rules.LONGEST_DEADLINE_DAYS):
        return str(ERRORS["too_far"] % {"date": date_format(new_deadline)})
    return None


def length_errors(**texts: str) -> dict[str, list[str]]:
    """The texts longer than rules.REPORT_TEXT_MAX_CHARS, by field."""
    return {
        field: [
            str(ERRORS["too_long"] % {"limit": rules.REPORT_TEXT_MAX_CHARS, "chars": len(text)})
        ]
        for field, text in texts.items()
        if len(text) > rules.REPORT_TEXT_MAX_CHARS
    }


def report_errors(
    row: Tracked, data: Mapping[str, object], today: datetime.date | None = None
) -> dict[str, list[str]]:
    """Every field error of a report on `row` ({} when it may be recorded). `data` holds
    outcome, text, reason, measures and new_deadline (a date or None). Raises
    ValidationError for a row that takes no report at all (closed, awaiting verification)."""
    today = today or local_today()
    if row.status == TrackedStatus.CLOSED:
        raise ValidationError(ERRORS["closed"], code="closed")
    if row.status == TrackedStatus.REPORTED:
        raise ValidationError(ERRORS["awaiting"], code="awaiting")
    errors: dict[str, list[str]] = {}
    outcome = data.get("outcome")
    if outcome not in Outcome.values:
        errors["outcome"] = [str(ERRORS["outcome"])]
    if not str(data.get("text") or "").strip():
        errors["text"] = [str(ERRORS["text"])]
    overdue = is_overdue(row, today)
    if overdue or outcome == Outcome.NOT_DONE:
        for field, label in EXPLANATION_FIELDS.items():
            value = data.get(field)
            if value is None or (isinstance(value, str) and not value.strip()):
                if overdue:
                    message = ERRORS["explain_overdue"] % {
                        "deadline": date_format(row.deadline),
                        "field": label,
                    }
                else:
                    message = ERRORS["explain_not_done"] % {"field": label}
                errors[field] = [str(message)]
    new_deadline = data.get("new_deadline")
    if isinstance(new_deadline, datetime.date) and "new_deadline" not in errors:
        if refusal := deadline_error(new_deadline, today):
            errors["new_deadline"] = [refusal]
        elif not overdue and new_deadline <= row.deadline:
            errors["new_deadline"] = [
                str(
                    ERRORS["not_later"]
                    % {"date": date_format(new_deadline), "deadline": date_format(row.deadline)}
                )
            ]
    texts = {name: str(data.get(name) or "") for name in ("text", "reason", "measures")}
    for field, found in length_errors(**texts).items():
        errors.setdefault(field, found)
    return errors
