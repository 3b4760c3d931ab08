"""Page latency and query counts on the benchmark county (1,000 orgs / 30,000 members).

    .venv/bin/python bench/pages_bench.py [--orgs 1000 --members 30000 --repeat 20]

Builds the county in a temporary SQLite database, then requests each page through Django's
test client (the full middleware stack, no network) as the county administrator and as a
township secretary, and prints the median and p95 time and the number of SQL queries.
"""

import argparse
import os
import sys
import tempfile
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
    import page_timing  # bench/ is the script's folder, first on sys.path
    from django.core.management import call_command
    from django.test import Client

    from dangjian.orgs.demo import build_county
    from dangjian.orgs.models import User

    call_command("migrate", verbosity=0)
    build_county(orgs=args.orgs, members=args.members, seed=1, password="bench", progress=False)
    print(f"{args.orgs:,} orgs / {args.members:,} members, SQLite; {args.repeat} requests a page")
    print(page_timing.HEADER)
    for username in ("county", "township1"):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        for name, url in PAGES:
            print(page_timing.row(username, name, page_timing.time_page(client, url, args.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
