"""Work tracking on the benchmark county (1,000 orgs / 30,000 members): the overdue and
due-soon lists of work items (pages and API), as the county administrator and as a township
secretary.

    .venv/bin/python bench/work_bench.py [--orgs 1000 --members 30000 --repeat 10]

Builds the county with every system's demo year in a temporary SQLite database
(DANGJIAN_VAR_DIR, bench/scratch.py). Requests each page through Django's test client (full
middleware, no network) and prints median and p95 times and the queries of the last request.
"""

import time

import scratch  # bench/ is the script's folder, first on sys.path


def main() -> int:
    args = scratch.county_arguments(__doc__)
    return scratch.in_scratch_database("dangjian-work-bench-", lambda: _run(args))


def _run(args) -> int:
    import page_timing  # bench/ is the script's folder, first on sys.path
    from django.urls import reverse
    from django.utils import timezone

    from dangjian.orgs.demo import build_county
    from dangjian.orgs.models import Organization, RoleAssignment
    from dangjian.work import tracking
    from dangjian.work.models import WorkItem

    started = time.perf_counter()
    summary = build_county(
        orgs=args.orgs, members=args.members, seed=1, password="bench", progress=False
    )
    built = time.perf_counter() - started
    root = Organization.objects.unscoped("bench").get(depth=0)
    today = timezone.localdate()
    items = WorkItem.objects.unscoped("bench")
    overdue = items.filter(tracking.overdue_q(today)).count()
    soon = items.filter(tracking.due_soon_q(today)).count()
    print(
        f"{args.orgs:,} orgs / {args.members:,} members, SQLite, built with every system's "
        f"demo year in {built:.1f} s; {items.count():,} work items, {overdue:,} overdue, "
        f"{soon:,} due soon"
    )
    for line in summary.app_lines:
        print(f"  {line}")
    town = RoleAssignment.objects.unscoped("bench").get(user__username="township1").org
    api = reverse("api:work-item-list")
    pages = {
        "county": [
            ("overdue", reverse("work:item-overdue")),
            ("overdue by org", reverse("work:item-overdue") + "?sort=org"),
            ("due soon", reverse("work:item-due-soon")),
            ("api overdue", f"{api}?status=overdue&org={root.pk}"),
            ("api due soon", f"{api}?status=due_soon&org={root.pk}"),
        ],
        "township1": [
            ("overdue", reverse("work:item-overdue")),
            ("due soon", reverse("work:item-due-soon")),
            ("api overdue", f"{api}?status=overdue&org={town.pk}"),
            ("api due soon", f"{api}?status=due_soon&org={town.pk}"),
        ],
    }
    page_timing.print_pages(pages, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
