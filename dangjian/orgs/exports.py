"""Spreadsheet exports as background jobs: a county's 30,000 people take seconds to write, so
the page shows progress and the file waits for its creator to download it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from dangjian.orgs import filters as filters_for
from dangjian.orgs import selectors, spreadsheets
from dangjian.orgs.models import ExportJob, User
from dangjian.orgs.services import audit_record

# Progress is written once per this many rows: often enough for the bar, rarely enough to
# cost nothing next to the spreadsheet itself.
PROGRESS_EVERY = 1000


def _parse(actor: User, kind: str, query: QueryDict):
    parse = filters_for.org_filters if kind == ExportJob.Kind.ORGS else filters_for.person_filters
    form, filters = parse(actor, query)
    if form.errors:
        # Keyed by the field's label: the 400 names the filter as the list page shows it.
        raise ValidationError(
            {
                str(form.fields[name].label if name in form.fields else name): list(errors)
                for name, errors in form.errors.items()
            }
        )
    return filters


@transaction.atomic
def export_job_create(*, actor: User, kind: str, query: QueryDict) -> ExportJob:
    """Queue an export of the list `query` selects; a bad filter is refused now, by name."""
    _parse(actor, kind, query)
    job = ExportJob.objects.create(
        kind=kind,
        created_by=actor,
        scope_org=selectors.home_org(actor),
        query=query.urlencode()[:500],
        result_name=(_("organizations") if kind == ExportJob.Kind.ORGS else _("people")) + ".xlsx",
    )
    audit_record(actor=actor, action="orgs.export.create", target=job, kind=kind, query=job.query)
    from dangjian.orgs.tasks import run_export

    transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


def export_run(job: ExportJob) -> ExportJob:
    """Write the spreadsheet with the creator's reach as it is now (a role revoked since the
    job was queued is not exported)."""
    job.mark_running()
    actor = job.created_by
    filters = _parse(actor, job.kind, QueryDict(job.query))
    if job.kind == ExportJob.Kind.ORGS:
        rows = selectors.org_list(actor, filters)
    else:
        rows = selectors.person_list(actor, filters)
    total = rows.count()
    job.report_progress(0, total)
    counted = _counting(rows.iterator(chunk_size=2000), job, total)
    if job.kind == ExportJob.Kind.ORGS:
        content = spreadsheets.export_orgs(counted)
    else:
        content = spreadsheets.export_people(counted, viewer=actor)
    job.mark_done(result=content, progress_done=total, progress_total=total)
    return job


def _counting(rows: Iterable, job: ExportJob, total: int) -> Iterator:
    for number, row in enumerate(rows, start=1):
        yield row
        if number % PROGRESS_EVERY == 0:
            job.report_progress(number, total)
