"""One base for background jobs (imports, checks, exports): status, progress, heartbeat,
error and result file, written once.

A job that runs beats its heart whenever it reports progress; `manage.py jobs_reap` (run by
a timer every minute, see README) fails every job whose heart stopped for STALE_AFTER — its
worker was killed — so no page polls "running" forever. A job nobody picked up within
UNPICKED_AFTER is shown with a warning that no worker is running.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A worker beats at least every few seconds while it reports progress; two minutes of
# silence means it is gone (killed, out of memory, machine restarted).
STALE_AFTER = datetime.timedelta(minutes=2)
# A queued job that no worker has taken for this long: the worker is probably not running.
UNPICKED_AFTER = datetime.timedelta(minutes=1)
ERROR_MAX_CHARS = 500


class JobStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """Abstract base of every background job."""

    Status = JobStatus

    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=ERROR_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.BinaryField(null=True, blank=True, editable=False)
    result_name = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True

    @property
    def running(self) -> bool:
        return self.status in (JobStatus.PENDING, JobStatus.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def unpicked(self) -> bool:
        """Queued for over a minute and nobody took it: no worker is running."""
        return (
            self.status == JobStatus.PENDING and timezone.now() - self.created_at > UNPICKED_AFTER
        )

    # The job's own row is updated with queryset.update(): a task holds a possibly stale
    # instance, and these writes must not overwrite what a page or the reaper wrote.
    def _rows(self):
        return _all_rows(type(self), "a job updates itself").filter(pk=self.pk)

    def mark_running(self) -> None:
        now = timezone.now()
        self._rows().update(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now)
        self.status, self.started_at, self.heartbeat_at = JobStatus.RUNNING, now, now

    def report_progress(self, done: int, total: int) -> None:
        now = timezone.now()
        self._rows().update(progress_done=done, progress_total=total, heartbeat_at=now)
        self.progress_done, self.progress_total, self.heartbeat_at = done, total, now

    def mark_done(self, **fields) -> None:
        fields |= {"status": JobStatus.DONE, "finished_at": timezone.now()}
        self._rows().update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)

    def mark_failed(self, message: str, **fields) -> None:
        fields |= {
            "status": JobStatus.FAILED,
            "error": str(message)[:ERROR_MAX_CHARS],
            "finished_at": timezone.now(),
        }
        self._rows().update(**fields)
        for name, value in fields.items():
            setattr(self, name, value)


def _all_rows(model: type[Job], reason: str):
    """Every row: org-owned jobs say why (their manager fails closed), others need not."""
    manager = model._default_manager
    return manager.unscoped(reason) if hasattr(manager, "unscoped") else manager.all()


def job_models() -> Iterator[type[Job]]:
    for model in apps.get_models():
        if issubclass(model, Job):
            yield model


WORKER_GONE = _(
    "The background worker stopped while this job ran (no sign of life since %(since)s). "
    "Nothing was saved; please start it again."
)


def reap_stale_jobs(
    now: datetime.datetime | None = None, log: Callable[[str], None] = print
) -> int:
    """Fail every running job whose heartbeat stopped; returns how many."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    now = now or timezone.now()
    reaped = 0
    for model in job_models():
        rows = _all_rows(model, "the reaper looks at every job")
        stale = rows.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        for job in stale:
            since = date_format(timezone.localtime(job.heartbeat_at), "Y-m-d H:i:s")
            job.mark_failed(gettext(WORKER_GONE) % {"since": since})
            log(f"{model._meta.label} #{job.pk}: failed, no heartbeat since {since}")
            reaped += 1
    return reaped
