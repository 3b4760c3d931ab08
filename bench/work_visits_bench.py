"""Village contact and visits (包村 / 下基层) on the benchmark county (1,000 orgs / 30,000
members): the visit part's demo year timed alone, then the coverage report (page and API) and
the visit log as the county administrator and as a township secretary.

    .venv/bin/python bench/work_visits_bench.py [--orgs 1000 --members 30000 --repeat 10]

Builds the county without the other systems' demo rows (build_county(app_data=False)) in a
temporary SQLite database (DANGJIAN_VAR_DIR), then this part's rows (demo_visit.build, the
call dangjian.work.demo makes); requests each page through Django's test client (full
middleware, no network) and prints median and p95 times and the queries of the last request.
"""

import random
import time

import scratch  # bench/ is the script's folder, first on sys.path


def main() -> int:
    args = scratch.county_arguments(__doc__)
    return scratch.in_scratch_database("dangjian-visits-bench-", lambda: _run(args))


def _run(args) -> int:
    import page_timing  # bench/ is the script's folder, first on sys.path
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from dangjian.orgs.demo import build_county
    from dangjian.orgs.models import Organization, RoleAssignment
    from dangjian.work import demo_visit

    started = time.perf_counter()
    build_county(
        orgs=args.orgs,
        members=args.members,
        seed=1,
        password="bench",
        progress=False,
        app_data=False,
    )
    county_built = time.perf_counter() - started
    root = Organization.objects.unscoped("bench").get(depth=0)
    today = timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        line = demo_visit.build(root, rng=random.Random("1:dangjian.work.demo_visit"), today=today)
    visits_built = time.perf_counter() - started
    print(
        f"{args.orgs:,} orgs / {args.members:,} members, SQLite: county (no app rows) "
        f"{county_built:.1f} s; the visit part's demo year {visits_built:.2f} s — {line}"
    )
    month = today.strftime("%Y-%m")
    town = RoleAssignment.objects.unscoped("bench").get(user__username="township1").org
    pages = {
        "county": [
            ("coverage", reverse("work:visit-coverage") + f"?month={month}"),
            ("api coverage", f"/api/v1/work/visits/coverage?month={month}"),
            ("visit log", reverse("work:visit-list")),
            ("api visits", "/api/v1/work/visits"),
            ("assignments", reverse("work:visit-assignment-list")),
        ],
        "township1": [
            ("coverage", reverse("work:visit-coverage") + f"?month={month}"),
            ("api coverage", f"/api/v1/work/visits/coverage?month={month}&org={town.pk}"),
            ("visit log", reverse("work:visit-list")),
        ],
    }
    page_timing.print_pages(pages, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
