"""Organization life on the benchmark county (1,000 orgs / 30,000 members): the county build
with every system's demo year, then the compliance view, the development pipeline and the
other lists a county department and a township secretary open.

    .venv/bin/python bench/orglife_bench.py [--orgs 1000 --members 30000 --repeat 10]

Builds the county in a temporary SQLite database (DANGJIAN_VAR_DIR), requests each page
through Django's test client (full middleware, no network) as the county administrator and as
a township secretary, and prints median and p95 times and the queries of the last request.
"""

import time

import scratch  # bench/ is the script's folder, first on sys.path


def main() -> int:
    args = scratch.county_arguments(__doc__)
    return scratch.in_scratch_database("dangjian-orglife-bench-", lambda: _run(args))


def _run(args) -> int:
    import page_timing  # bench/ is the script's folder, first on sys.path
    from django.urls import reverse
    from django.utils import timezone

    from dangjian.orglife.models import DevelopmentStep, Meeting, Transfer
    from dangjian.orgs.demo import build_county
    from dangjian.orgs.models import Organization, RoleAssignment

    started = time.perf_counter()
    summary = build_county(
        orgs=args.orgs, members=args.members, seed=1, password="bench", progress=False
    )
    built = time.perf_counter() - started
    counts = {
        "meetings": Meeting.objects.unscoped("bench").count(),
        "development steps": DevelopmentStep.objects.unscoped("bench").count(),
        "transfers": Transfer.objects.unscoped("bench").count(),
    }
    print(
        f"{args.orgs:,} orgs / {args.members:,} members, SQLite, built with every system's "
        f"demo year in {built:.1f} s; " + ", ".join(f"{n:,} {what}" for what, n in counts.items())
    )
    for line in summary.app_lines:
        print(f"  {line}")
    month = timezone.localdate().strftime("%Y-%m")
    root = Organization.objects.unscoped("bench").get(depth=0)
    town = RoleAssignment.objects.unscoped("bench").get(user__username="township1").org
    pages = {
        "county": [
            ("compliance", reverse("orglife:meeting-compliance") + f"?month={month}"),
            ("compliance missing", reverse("orglife:meeting-compliance") + "?sort=-missing"),
            ("api compliance", f"/api/v1/orglife/compliance?org={root.pk}&month={month}"),
            ("pipeline", reverse("orglife:development-pipeline")),
            ("dev alerts", reverse("orglife:development-alerts")),
            ("transfers", reverse("orglife:transfer-list")),
            ("dues home", reverse("orglife:dues-home")),
        ],
        "township1": [
            ("compliance", reverse("orglife:meeting-compliance") + f"?month={month}"),
            ("api compliance", f"/api/v1/orglife/compliance?org={town.pk}&month={month}"),
            ("pipeline", reverse("orglife:development-pipeline")),
            ("dev alerts", reverse("orglife:development-alerts")),
            ("meeting ledger", reverse("orglife:meeting-list")),
            ("dues home", reverse("orglife:dues-home")),
        ],
    }
    page_timing.print_pages(pages, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
