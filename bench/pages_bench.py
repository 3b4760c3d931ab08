"""Page latency and query counts on the benchmark county (1,000 orgs / 30,000 members).

    .venv/bin/python bench/pages_bench.py [--orgs 1000 --members 30000 --repeat 20]

Builds the county in a temporary SQLite database, then requests each page through Django's
test client (the full middleware stack, no network) as the county administrator and as a
township secretary, and prints the median and p95 time and the number of SQL queries.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [
    ("home", "/"),
    ("org tree", "/orgs/"),
    ("org search", "/orgs/?q=村"),
    ("people list", "/people/"),
    ("people search", "/people/?q=王"),
    ("terms due", "/orgs/terms/"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--members", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ["DANGJIAN_VAR_DIR"] = tempfile.mkdtemp(prefix="dangjian-pages-")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DANGJIAN_TASKS"] = "immediate"
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangjian.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dangjian.orgs.demo import build_county
    from dangjian.orgs.models import User

    call_command("migrate", verbosity=0)
    build_county(orgs=args.orgs, members=args.members, seed=1, password="bench", progress=False)
    print(f"{args.orgs:,} orgs / {args.members:,} members, SQLite; {args.repeat} requests a page")
    print(f"{'user':<10} {'page':<14} {'median ms':>9} {'p95 ms':>7} {'queries':>7}")
    for username in ("county", "township1"):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        for name, url in PAGES:
            repeat = args.repeat
            times = []
            for _ in range(repeat):
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(
                f"{username:<10} {name:<14} {statistics.median(times):>9.1f} {p95:>7.1f} "
                f"{len(queries.captured_queries):>7}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
