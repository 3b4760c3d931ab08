"""The shared job base: progress, a worker killed mid-job, a job nobody picks up, exports."""

from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.conftest import download_export
from dangjian.lib.jobs import STALE_AFTER, JobStatus
from dangjian.orgs import exports, services
from dangjian.orgs.models import ExportJob, ImportJob
from dangjian.originality import services as originality
from dangjian.originality.models import Check


def _stuck_check(county, *, beat_ago: datetime.timedelta) -> Check:
    submission = originality.submission_create(
        actor=county.secretary_a, org=county.village_a1, title="心得", text="学习" * 30
    )
    check = originality.check_request(actor=county.secretary_a, submission=submission)
    check.mark_running()
    Check.objects.unscoped("test").filter(pk=check.pk).update(
        heartbeat_at=timezone.now() - beat_ago
    )
    return check


def test_a_job_whose_worker_was_killed_ends_failed_with_a_message(county, client):
    stale = _stuck_check(county, beat_ago=STALE_AFTER + datetime.timedelta(seconds=5))
    alive = _stuck_check(county, beat_ago=datetime.timedelta(seconds=10))
    out = io.StringIO()
    call_command("jobs_reap", stdout=out)
    stale.refresh_from_db()
    alive.refresh_from_db()
    assert (
        stale.status == JobStatus.FAILED and "后台任务" in stale.error
    ) or "worker" in stale.error
    assert stale.finished_at is not None and alive.status == JobStatus.RUNNING
    assert f"#{stale.pk}" in out.getvalue()
    client.force_login(county.secretary_a)
    page = client.get(reverse("originality:check-detail", args=[stale.pk])).content.decode()
    assert stale.error in page


def test_a_job_nobody_picked_up_says_no_worker_runs(county, client):
    job = services.import_job_create(
        actor=county.secretary_a, kind="orgs", filename="a.xlsx", content=b""
    )
    client.force_login(county.secretary_a)
    url = reverse("orgs:import-status", args=[job.pk])
    assert "alert-warning" not in client.get(url).content.decode()
    ImportJob.objects.unscoped("test").filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    assert "alert-warning" in client.get(url).content.decode()


def test_export_job_reports_progress_and_only_its_creator_downloads(county, client, monkeypatch):
    from dangjian.conftest import make_person

    for n in range(5):
        make_person(county.superuser, county.village_a1, f"甲村{n}号")
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    beats = []
    original = ExportJob.report_progress
    monkeypatch.setattr(
        ExportJob, "report_progress", lambda self, d, t: (beats.append(d), original(self, d, t))
    )
    job = exports.export_job_create(actor=county.secretary_a, kind="people", query=QueryDict())
    job = exports.export_run(job)
    assert beats == [0, 2, 4, 6] and job.status == JobStatus.DONE and job.progress_total == 6
    names = [
        row[0]
        for row in load_workbook(io.BytesIO(bytes(job.result))).active.iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert len(names) == 6 and county.person_b.name not in names
    client.force_login(county.dept_admin)
    assert client.get(reverse("orgs:export-download", args=[job.pk])).status_code == 404
    client.force_login(county.secretary_a)
    assert client.get(reverse("orgs:export-download", args=[job.pk])).status_code == 200


def test_export_uses_the_creators_reach_when_it_runs(county, client):
    client.force_login(county.secretary_b)
    content = download_export(client, reverse("orgs:person-export"))
    names = [
        r[0]
        for r in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert names == [county.person_b.name]
