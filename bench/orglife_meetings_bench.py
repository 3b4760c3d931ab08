"""Time the meeting ledger's demo build and its compliance view on a demo county.

    .venv/bin/python bench/orglife_meetings_bench.py                      # 1,000 / 30,000
    .venv/bin/python bench/orglife_meetings_bench.py --orgs 120 --members 2400

Builds the county without the systems' demo rows in a temporary DANGJIAN_VAR_DIR (SQLite),
then times `demo_meeting.build` alone, the compliance selector over the whole county, the
compliance page and its .xlsx export as a department administrator, and the ledger page.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--members", type=int, default=30000)
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="dangjian-meetings-bench-"))
    os.environ["DANGJIAN_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DANGJIAN_TASKS", "immediate")
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangjian.settings"
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import transaction
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from dangjian.orglife import demo_meeting
        from dangjian.orglife.meeting_selectors import meeting_compliance
        from dangjian.orgs import demo
        from dangjian.orgs.models import Organization, RoleAssignment, User

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        demo.build_county(
            orgs=args.orgs, members=args.members, seed=1, progress=False, app_data=False
        )
        print(f"county without app data: {time.perf_counter() - started:.1f} s")
        root = Organization.objects.unscoped("bench").get(depth=0)
        today = timezone.localdate()
        started, cpu = time.perf_counter(), time.process_time()
        with transaction.atomic():  # as build_county runs it: one commit
            line = demo_meeting.build(root, rng=random.Random(32), today=today)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"demo_meeting.build: {wall:.2f} s wall, {cpu:.2f} s CPU ({line})")
        started = time.perf_counter()
        rows = meeting_compliance(root, today)
        elapsed = time.perf_counter() - started
        print(f"meeting_compliance(county): {elapsed:.3f} s, {len(rows)} orgs")
        admin = User.objects.create_user(username="bench_admin", password="x")
        RoleAssignment.objects.create(user=admin, role="dept_admin", org=root)
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client()
        client.force_login(admin)
        for name, url in (
            ("compliance page", reverse("orglife:meeting-compliance") + "?sort=-missing"),
            ("compliance .xlsx", reverse("orglife:meeting-compliance-export")),
            ("ledger page", reverse("orglife:meeting-list")),
        ):
            client.get(url)  # warm
            started = time.perf_counter()
            response = client.get(url)
            assert response.status_code == 200, (name, response.status_code)
            print(f"{name}: {time.perf_counter() - started:.3f} s, {len(response.content):,} bytes")
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
