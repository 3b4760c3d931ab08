"""Background work of the originality check (django-tasks)."""

from django_tasks import task

from dangjian.originality import services
from dangjian.originality.models import Check


@task()
def run_check(check_id: int) -> float | None:
    check = (
        Check.objects.unscoped("a task runs the check it was queued for")
        .select_related("submission__author", "submission__org")
        .get(pk=check_id)
    )
    return services.check_run(check).total_ratio
