"""The study system on the benchmark county (1,000 orgs / 30,000 members): review queue,
study status and progress pages, and the time from a note's submit to its finished report.

    .venv/bin/python bench/study_bench.py [--orgs 1000 --members 30000 --repeat 20]

Builds the county (with its demo year of study data) in a temporary SQLite database, requests
each page through Django's test client (full middleware, no network) as the county
administrator and as a township secretary, and prints median and p95 times and the queries.
Then a member submits a 5,000-character note: the time until its originality report is done
(tasks run immediately, so submit → check → report happens inside the one request).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--members", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ["DANGJIAN_VAR_DIR"] = tempfile.mkdtemp(prefix="dangjian-study-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DANGJIAN_TASKS"] = "immediate"
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangjian.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import page_timing  # bench/ is the script's folder, first on sys.path
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from dangjian.orgs.demo import build_county
    from dangjian.orgs.models import Organization, RoleAssignment, User
    from dangjian.study.models import Note

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    build_county(orgs=args.orgs, members=args.members, seed=1, password="bench", progress=False)
    built = time.perf_counter() - started
    notes = Note.objects.unscoped("bench").count()
    print(
        f"{args.orgs:,} orgs / {args.members:,} members, {notes:,} notes, SQLite "
        f"(built in {built:.1f} s); {args.repeat} requests a page"
    )
    month = timezone.localdate().strftime("%Y-%m")
    root = Organization.objects.unscoped("bench").get(code="C001")
    town = RoleAssignment.objects.unscoped("bench").get(user__username="township1").org
    pages = {
        "county": [
            ("review queue", f"/study/reviews/?month={month}"),
            ("status county", f"/study/status/?org={root.pk}&show=missing"),
            ("api progress", f"/api/v1/study/progress?org={root.pk}&month={month}"),
        ],
        "township1": [
            ("review queue", f"/study/reviews/?month={month}"),
            ("status town", f"/study/status/?org={town.pk}&show=missing"),
            ("api progress", f"/api/v1/study/progress?org={town.pk}&month={month}"),
        ],
    }
    print(page_timing.HEADER)
    for username, urls in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        for name, url in urls:
            print(page_timing.row(username, name, page_timing.time_page(client, url, args.repeat)))

    from dangjian.originality.tests.texts import cjk
    from dangjian.study import services

    member = User.objects.get(username="member1")
    times = []
    for i in range(5):
        note = services.note_create(actor=member, title=f"基准笔记{i}", body=cjk(5000, seed=i))
        started = time.perf_counter()
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(member)
        client.post(f"/study/notes/{note.pk}/submit/")
        note.refresh_from_db()
        check = note.latest_version.originality_check
        assert check.status == "done", check.status
        times.append((time.perf_counter() - started) * 1000)
    print(
        f"submit → report done, 5,000 characters: median {statistics.median(times):.0f} ms "
        f"(runs: {', '.join(f'{t:.0f}' for t in times)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
