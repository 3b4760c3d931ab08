"""Background work of the bulletin (django-tasks): write the .docx of a requested bulletin."""

from __future__ import annotations

from django_tasks import task


@task()
def run_bulletin(bulletin_id: int) -> int:
    """督查通报 — compute the month's content and write the document onto the job row."""
    from dangjian.assess.bulletin_services import bulletin_run

    return bulletin_run(bulletin_id)
