"""Assessment rounds on the benchmark county (1,000 orgs / 30,000 members): the ranking (page
and API) and a round's sheet table (page and API) of a round over every assessed
organization, as the county administrator and as a township secretary; plus the round demo
step's time, and a new round's creation and automatic filling (the background job's body).

    .venv/bin/python bench/assess_round_bench.py [--orgs 1000 --members 30000 --repeat 10]

Builds the county without the systems' demo rows in a temporary SQLite database
(DANGJIAN_VAR_DIR, bench/scratch.py), writes a rule set per category (18 items: 5 一级, 10
二级, 3 automatic, a bonus and a deduction item), then the rounds' demo year (demo_round).
Requests each page through Django's test client (full middleware, no network) and prints
median and p95 times and the queries of the last request.
"""

import time
from decimal import Decimal

import scratch  # bench/ is the script's folder, first on sys.path

ITEMS = (
    # code, name, points, parent, auto indicator
    ("A", "班子建设", 20, None, ""),
    ("A1", "班子成员配备", 10, "A", ""),
    ("A2", "民主集中制", 10, "A", ""),
    ("B", "组织生活", 25, None, ""),
    ("B1", "三会一课", 15, "B", "orglife.meeting_compliance"),
    ("B2", "党费收缴", 10, "B", "orglife.dues_on_time"),
    ("C", "党员队伍", 20, None, ""),
    ("C1", "发展党员", 10, "C", "orglife.development_timeliness"),
    ("C2", "教育管理", 10, "C", ""),
    ("D", "阵地建设", 15, None, ""),
    ("D1", "活动场所", 8, "D", ""),
    ("D2", "党务公开", 7, "D", ""),
    ("E", "工作实绩", 20, None, ""),
    ("E1", "重点任务", 12, "E", ""),
    ("E2", "群众满意", 8, "E", ""),
)


def main() -> int:
    args = scratch.county_arguments(__doc__)
    return scratch.in_scratch_database("dangjian-assess-round-bench-", lambda: _run(args))


def _rulesets(root, year: int) -> None:
    from dangjian.assess.models import RuleItem, RuleSet

    for category in ("township", "rural", "county_unit", "enterprise"):
        rules = RuleSet.objects.create(
            org=root, year=year, category=category, name=f"{category} 百分考核细则", status="active"
        )
        made = {}
        for position, (code, name, points, parent, auto) in enumerate(ITEMS):
            made[code] = RuleItem.objects.create(
                ruleset=rules,
                parent=made.get(parent),
                code=code,
                name=name,
                max_points=Decimal(points),
                scoring="auto" if auto else "manual",
                auto_indicator=auto,
                position=position,
            )
        RuleItem.objects.create(
            ruleset=rules, code="X", name="创新加分", kind="bonus", max_points=5, position=90
        )
        RuleItem.objects.create(
            ruleset=rules, code="Y", name="负面扣分", kind="deduction", max_points=10, position=91
        )


def _run(args) -> int:
    import random

    import page_timing  # bench/ is the script's folder, first on sys.path
    from django.urls import reverse
    from django.utils import timezone

    from dangjian.assess import demo_round, round_fill_services, round_services
    from dangjian.assess.models import AssessRound, RoundFillJob, ScoreSheet
    from dangjian.orgs.demo import build_county
    from dangjian.orgs.models import Organization, RoleAssignment, User

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
    for year in (today.year - 1, today.year):
        _rulesets(root, year)
    started = time.perf_counter()
    line = demo_round.build(root, rng=random.Random(1), today=today)
    demo = time.perf_counter() - started
    print(
        f"{args.orgs:,} orgs / {args.members:,} members, SQLite, county built in {built:.1f} s "
        f"(no app rows); round demo step {demo:.2f} s: {line}"
    )
    rounds = AssessRound.objects.unscoped("bench").order_by("-period_start")
    published = rounds.filter(status="published").first()
    sheets = ScoreSheet.objects.unscoped("bench").filter(round=published)
    sheet = sheets.order_by("org__path").first()
    print(f"ranked round: {published.name}, {sheets.count():,} sheets")

    town = RoleAssignment.objects.unscoped("bench").get(user__username="township1").org
    town_sheet = sheets.filter(org__path__startswith=town.path).order_by("org__path").first()
    pages = {
        "county": [
            ("ranking", reverse("assess:round-ranking", args=[published.pk])),
            ("api ranking", reverse("api:assess-round-ranking", args=[published.pk])),
            ("round sheets", reverse("assess:round-detail", args=[published.pk])),
            ("api round", reverse("api:assess-round-detail", args=[published.pk])),
            ("sheet", reverse("assess:round-sheet", args=[sheet.pk])),
        ],
        "township1": [
            ("ranking", reverse("assess:round-ranking", args=[published.pk])),
            ("round sheets", reverse("assess:round-detail", args=[published.pk])),
            ("sheet", reverse("assess:round-sheet", args=[town_sheet.pk])),
        ],
    }
    page_timing.print_pages(pages, args.repeat)

    admin = User.objects.get(username="county")
    started = time.perf_counter()
    row = round_services.round_create(
        actor=admin,
        org=root,
        name="基准测试考核",
        period_kind="month",
        year=today.year,
        number=today.month,
    )
    created = time.perf_counter() - started
    job = RoundFillJob.objects.create(round=row, requested_by=admin)
    AssessRound.objects.unscoped("bench").filter(pk=row.pk).update(status="scoring")
    started = time.perf_counter()
    filled = round_fill_services.fill_run(job)
    fill = time.perf_counter() - started
    print(
        f"round_create over {ScoreSheet.objects.unscoped('bench').filter(round=row).count():,} "
        f"organizations: {created:.2f} s; fill job ({filled:,} sheets, 3 automatic items "
        f"each, no app rows): {fill:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
