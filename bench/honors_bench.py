"""党员百时奉献 on the benchmark county (1,000 orgs / 30,000 members): the service demo step's
time (a year of activities, check-ins and self-reported records), then the per-organization
progress page (members' rows with verified/pending hours, totals, sub-organizations) of a
township for its secretary and of the whole county for the administrator, and the API's
progress page.

    .venv/bin/python bench/honors_bench.py [--orgs 1000 --members 30000 --repeat 10]

Builds the county without the systems' demo rows in a temporary SQLite database
(DANGJIAN_VAR_DIR, bench/scratch.py), runs demo_service.build as of today, and requests each
page through Django's test client (full middleware, no network); prints median and p95 times
and the queries of the last request.
"""

import time

import scratch  # bench/ is the script's folder, first on sys.path


def main() -> int:
    args = scratch.county_arguments(__doc__)
    return scratch.in_scratch_database("dangjian-honors-bench-", lambda: _run(args))


def _run(args) -> int:
    import random

    import page_timing  # bench/ is the script's folder, first on sys.path
    from django.urls import reverse
    from django.utils import timezone

    from dangjian.honors import demo_service
    from dangjian.honors.models import ServiceRecord
    from dangjian.orgs.demo import build_county
    from dangjian.orgs.models import Organization, Person, RoleAssignment

    started = time.perf_counter()
    build_county(
        orgs=args.orgs,
        members=args.members,
        seed=1,
        password="bench",
        progress=False,
        app_data=False,
    )
    built = time.perf_counter() - started
    root = Organization.objects.unscoped("bench").get(depth=0)
    today = timezone.localdate()
    started = time.perf_counter()
    line = demo_service.build(root, rng=random.Random(1), today=today)
    demo = time.perf_counter() - started
    print(
        f"{args.orgs:,} orgs / {args.members:,} members, SQLite, county built in {built:.1f} s "
        f"(no app rows); service demo step {demo:.2f} s: {line}"
    )
    town = RoleAssignment.objects.unscoped("bench").get(user__username="township1").org
    members = (
        Person.objects.unscoped("bench")
        .filter(primary_org__path__startswith=town.path, is_active=True)
        .count()
    )
    records = ServiceRecord.objects.unscoped("bench").filter(org__path__startswith=town.path)
    print(f"township1: {town.name}, {members:,} people, {records.count():,} service records")
    progress = reverse("honors:service-progress")
    pages = {
        "township1": [
            ("progress", progress + f"?org={town.pk}"),
            ("progress page 3", progress + f"?org={town.pk}&page=3"),
            ("api progress", reverse("api:honors-service-progress")),
            ("queue", reverse("honors:service-queue")),
        ],
        "county": [("progress county", progress)],
    }
    page_timing.print_pages(pages, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
