"""Questions the sheet services ask before a write: is a fill job of the round pending or
running (submit and publish wait for it), and four eyes — did this account submit the sheet
or enter a score on it (then it may not approve it)."""

from __future__ import annotations

from dangjian.assess.models import RoundFillJob, Score, ScoreSheet
from dangjian.orgs.models import AuditEntry, User


def fill_pending(round_id: int) -> bool:
    """Whether a fill job of the round is waiting or running."""
    return (
        RoundFillJob.objects.unscoped("is the round being filled")
        .filter(
            round_id=round_id,
            status__in=(RoundFillJob.Status.PENDING, RoundFillJob.Status.RUNNING),
        )
        .exists()
    )


def submitter_id(sheet: ScoreSheet) -> int | None:
    """The account that last submitted the sheet (the audit log keeps it)."""
    return (
        AuditEntry.objects.unscoped("who submitted the sheet")
        .filter(
            action="assess.sheet.submit",
            target_type=ScoreSheet._meta.label,
            target_id=str(sheet.pk),
        )
        .order_by("-at", "-pk")
        .values_list("actor_id", flat=True)
        .first()
    )


def is_own_sheet(user: User, sheet: ScoreSheet) -> bool:
    """Four eyes: whether the user submitted the sheet or entered a score on it."""
    if submitter_id(sheet) == user.pk:
        return True
    scores = Score.objects.unscoped("who scored the sheet")
    return scores.filter(sheet=sheet, entered_by=user).exists()
