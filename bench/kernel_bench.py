"""Kernel figures on the benchmark county: the people export as a job, the API's people list.

    .venv/bin/python bench/kernel_bench.py [--orgs 1000 --members 30000 --repeat 50]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/kernel_bench.py

Builds the county in a temporary SQLite database (or a fresh PostgreSQL database beside the
one DATABASE_URL names, dropped afterwards), then times
- the export job for the whole county (county administrator, 30,000 rows) and for a township;
- `GET /api/v1/people` (50 a page, a bearer token, the full middleware stack through Django's
  test client, no network) as the county administrator and as a township secretary.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fresh_postgres(url: str) -> tuple[str, str]:
    import psycopg

    name = f"dangjian_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name, name


def _drop_postgres(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--members", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    os.environ["DANGJIAN_VAR_DIR"] = tempfile.mkdtemp(prefix="dangjian-kernel-")
    os.environ["DANGJIAN_TASKS"] = "immediate"
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangjian.settings"
    os.environ["DANGJIAN_API_RATE"] = "100000/hour"
    server_url = os.environ.get("DATABASE_URL", "")
    dropped = None
    if server_url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"], dropped = _fresh_postgres(server_url)
    sys.path.insert(0, str(ROOT))
    try:
        return run(args, "PostgreSQL" if dropped else "SQLite")
    finally:
        if dropped:
            from django.db import connections

            connections.close_all()
            _drop_postgres(server_url, dropped)


def run(args, database: str) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.http import QueryDict
    from django.test import Client

    from dangjian.orgs import account_services, exports
    from dangjian.orgs.demo import build_county
    from dangjian.orgs.models import User

    call_command("migrate", verbosity=0)
    build_county(orgs=args.orgs, members=args.members, seed=1, password="bench", progress=False)
    if database == "PostgreSQL":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{args.orgs:,} orgs / {args.members:,} members, {database}")

    for username in ("county", "township1"):
        user = User.objects.get(username=username)
        started = time.perf_counter()
        job = exports.export_job_create(actor=user, kind="people", query=QueryDict())
        job = exports.export_run(job)
        elapsed = time.perf_counter() - started
        size = len(bytes(job.result))
        print(
            f"export job  {username:<10} {job.progress_total:>7,} rows  {elapsed:6.2f} s  "
            f"{size / 1024 / 1024:5.1f} MiB"
        )

    for username in ("county", "township1"):
        user = User.objects.get(username=username)
        _row, token = account_services.api_token_create(actor=user, name="bench")
        client = Client(HTTP_HOST="127.0.0.1", headers={"Authorization": f"Bearer {token}"})
        times = []
        for number in range(args.repeat + 3):
            page = 1 + number % 5
            started = time.perf_counter()
            response = client.get(f"/api/v1/people?page={page}&page_size=50")
            if number >= 3:  # the first requests warm caches and connections
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:200]
        body = response.json()
        print(
            f"API people  {username:<10} count {body['count']:>7,}  p50 "
            f"{statistics.median(times):6.1f} ms  p95 {percentile(times, 0.95):6.1f} ms"
        )
    out = io.StringIO()
    call_command("check", stdout=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
