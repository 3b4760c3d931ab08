"""Background work of the round part (django-tasks): filling a round's automatic items."""

from __future__ import annotations

import logging

from django.utils.translation import gettext
from django_tasks import task

from dangjian.assess.models import RoundFillJob

logger = logging.getLogger(__name__)


@task()
def fill_round(job_id: int) -> int:
    """Fill every open sheet of the job's round (round_fill_services.fill_run)."""
    from dangjian.assess import round_fill_services

    job = (
        RoundFillJob.objects.unscoped("a task works on the job it was queued for")
        .select_related("round")
        .get(pk=job_id)
    )
    try:
        return round_fill_services.fill_run(job)
    except Exception:
        # Whatever went wrong, the job must not stay "running" with a page polling forever.
        logger.exception("round fill job %s failed", job.pk)
        job.mark_failed(gettext(round_fill_services.FILL_UNEXPECTED))
        raise
