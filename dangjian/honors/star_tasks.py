"""Background work of the star part (django-tasks): a rating run over an issuer's subtree."""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils.translation import gettext
from django_tasks import task

from dangjian.honors.models import StarRunJob

logger = logging.getLogger(__name__)


@task()
def run_ratings(job_id: int) -> int:
    """Rate every grassroots organization below the job's issuer (star_services.run_job)."""
    from dangjian.honors import star_services

    job = (
        StarRunJob.objects.unscoped("a task works on the job it was queued for")
        .select_related("issuer", "requested_by")
        .get(pk=job_id)
    )
    try:
        summary = star_services.run_job(job)
    except ValidationError as error:
        # Checked when queued; the criteria or the organizations changed since: say so.
        job.mark_failed("; ".join(error.messages))
        return 0
    except (PermissionDenied, ObjectDoesNotExist):
        # The requester lost the right to rate for the issuer since queuing.
        job.mark_failed(gettext(star_services.ERRORS["no_right"]))
        return 0
    except Exception:
        # Whatever went wrong, the job must not stay "running" with a page polling forever.
        logger.exception("star rating job %s failed", job.pk)
        job.mark_failed(gettext(star_services.ERRORS["run_failed"]))
        raise
    return summary.rated
