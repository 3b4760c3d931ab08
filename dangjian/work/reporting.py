"""Writing a report (报账) on a deadline-tracked row — a work item or a rectification — the one
way both ledgers do it, once the part's service has checked permission and `tracking`'s rules:
the report row with its evidence (written on commit), the deadline move kept with its reason,
the state after a done report, and the close (注销 / 销号)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from django.core.files.base import File
from django.utils import timezone

from dangjian.lib.files import save_on_commit
from dangjian.orgs.models import User
from dangjian.work import tracking
from dangjian.work.models.tracking import (
    DeadlineChangeBase,
    FileBase,
    Outcome,
    ReportBase,
    Tracked,
    TrackedStatus,
)


def move_deadline(
    *,
    actor: User,
    row: Tracked,
    link: str,
    change_model: type[DeadlineChangeBase],
    new_deadline: datetime.date,
    reason: str,
    report: ReportBase | None = None,
) -> DeadlineChangeBase:
    """Keep the move in the row's deadline history (`link`: the history's field naming the
    row) and set the new deadline (saved by the caller with the row's other changes)."""
    change = change_model.objects.create(
        **{link: row},
        report=report,
        old_deadline=row.deadline,
        new_deadline=new_deadline,
        reason=reason,
        changed_by=actor,
    )
    row.deadline = new_deadline
    # The overdue notice goes out once per deadline: a new deadline may earn a new one.
    row.overdue_noticed_on = None
    return change


def record_report(
    *,
    actor: User,
    row: Tracked,
    link: str,
    report_model: type[ReportBase],
    evidence_model: type[FileBase],
    change_model: type[DeadlineChangeBase],
    on_behalf: bool,
    fields: dict,
    files: Sequence[File],
    folder: str,
    today: datetime.date,
    **extra,
) -> ReportBase:
    """The report of `fields` (outcome, text, reason, measures, new_deadline — already checked
    by tracking.report_errors) on `row`, locked by the caller: overdue-when-reported kept, the
    evidence, the deadline move, and a done report awaiting verification. `link` is the
    report's and the history's field naming the row; `extra` goes to the report row (e.g. the
    milestone met)."""
    was_overdue = tracking.is_overdue(row, today)
    new_deadline = fields.get("new_deadline")
    outcome = fields["outcome"]
    report = report_model.objects.create(
        **{link: row},
        outcome=outcome,
        text=fields["text"].strip(),
        # Kept as sent, also where the rules did not ask for them: nothing sent is dropped.
        reason=fields.get("reason", "").strip(),
        measures=fields.get("measures", "").strip(),
        new_deadline=new_deadline,
        was_overdue=was_overdue,
        reported_by=actor,
        on_behalf=on_behalf,
        **extra,
    )
    for upload in files:
        evidence = evidence_model(report=report, name=Path(upload.name or "").name[:200])
        evidence.uploaded_by = actor
        evidence.size = save_on_commit(evidence.file, upload, f"{folder}/{today:%Y}")
        evidence.save()
    if new_deadline is not None and new_deadline != row.deadline:
        move_deadline(
            actor=actor,
            row=row,
            link=link,
            change_model=change_model,
            new_deadline=new_deadline,
            reason=report.reason or report.text,
            report=report,
        )
    if outcome == Outcome.DONE:
        row.status = TrackedStatus.REPORTED
    row.save(update_fields=["deadline", "overdue_noticed_on", "status"])
    return report


def close(*, actor: User, row: Tracked, **fields) -> None:
    """注销 / 销号: the row reported done is verified and closed (the caller checked who may
    and that it was reported done); `fields` are the part's own (an acceptance note)."""
    row.status = TrackedStatus.CLOSED
    row.closed_at = timezone.now()
    row.closed_by = actor
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=["status", "closed_at", "closed_by", *fields])
