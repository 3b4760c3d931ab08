"""Background work of the orgs app (django-tasks)."""

from __future__ import annotations

import dataclasses
import logging

from django.utils.translation import gettext, gettext_noop
from django_tasks import task

from dangjian.lib.db import analyze
from dangjian.orgs import people_import, spreadsheets
from dangjian.orgs.models import ImportJob, Membership, Organization, Person
from dangjian.orgs.spreadsheets import RowError

UNEXPECTED_EXPORT = gettext_noop(
    "The export failed unexpectedly. Please tell the system administrator."
)
logger = logging.getLogger(__name__)
TASK = "a task works on the job it was queued for"
UNEXPECTED = gettext_noop(
    "The import failed unexpectedly; nothing was saved. Please tell the system administrator."
)


def _finish(
    job: ImportJob, *, errors: list, created: int = 0, updated: int = 0, unchanged: int = 0
) -> None:
    rows = [dataclasses.asdict(error) for error in errors]
    if errors:
        job.mark_failed(rows[0]["message"], errors=rows, created_count=created)
    else:
        job.mark_done(
            errors=[], created_count=created, updated_count=updated, unchanged_count=unchanged
        )


@task()
def run_import(job_id: int) -> int:
    """Check every row of an uploaded sheet; save them all in one transaction, or none."""
    job = ImportJob.objects.unscoped(TASK).select_related("created_by").get(pk=job_id)
    try:
        return _import(job)
    except Exception:
        # Whatever went wrong, the job must not stay "running" with a page polling forever.
        logger.exception("import job %s failed", job.pk)
        _finish(job, errors=[RowError(0, "", gettext(UNEXPECTED))])
        raise


def _import(job: ImportJob) -> int:
    job.mark_running()
    actor = job.created_by
    parsed = spreadsheets.parse_sheet(job.kind, bytes(job.content), job.report_progress)
    if job.kind == ImportJob.Kind.ORGS:
        ordered = spreadsheets.check_orgs(parsed, actor)
    else:
        orgs = people_import.check_people(parsed, actor, job.mode)
    if parsed.errors:
        _finish(job, errors=sorted(parsed.errors, key=lambda e: (e.row, e.column)))
        return 0
    counts = people_import.PeopleCounts()
    try:
        if job.kind == ImportJob.Kind.ORGS:
            counts.created = spreadsheets.save_orgs(ordered, actor)
        else:
            counts = people_import.save_people(parsed.rows, orgs, actor, job.mode)
    except spreadsheets.RowValidationError as exc:
        _finish(job, errors=exc.row_errors(job.kind))
        return 0
    created = counts.created
    _finish(job, errors=[], created=created, updated=counts.updated, unchanged=counts.unchanged)
    analyze(Organization, Person, Membership)  # a large import changes the planner's picture
    return created


@task()
def run_export(job_id: int) -> int:
    from dangjian.orgs import exports
    from dangjian.orgs.models import ExportJob

    job = ExportJob.objects.unscoped(TASK).select_related("created_by").get(pk=job_id)
    try:
        return exports.export_run(job).progress_total
    except Exception as error:
        logger.exception("export job %s failed", job.pk)
        job.mark_failed(gettext(UNEXPECTED_EXPORT) + f" ({type(error).__name__})")
        raise
