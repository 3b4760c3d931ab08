"""Time the demo county generator on a fresh SQLite database.

    .venv/bin/python bench/demo_county_bench.py            # 1,000 orgs / 30,000 members
    .venv/bin/python bench/demo_county_bench.py --orgs 120 --members 2400 --keep

Creates a temporary DANGJIAN_VAR_DIR (so the SQLite file and secret key live there, never in
var/), runs migrate, then times build_county(), a second (no-op) run and delete_county().
Prints the times, the database size and the peak memory; exits 1 if the build takes longer
than --limit seconds.
"""

import argparse
import os
import platform
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--members", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=90.0, help="seconds allowed for the build")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--progress", action="store_true", help="show the progress bars")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="dangjian-bench-"))
    # Settings read these at import: a fresh SQLite file in the temporary directory.
    os.environ["DANGJIAN_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DANGJIAN_TASKS", "immediate")
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangjian.settings"
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dangjian.orgs.demo import build_county, delete_county

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_s = time.perf_counter() - started

        started = time.perf_counter()
        summary = build_county(
            orgs=args.orgs, members=args.members, seed=args.seed, progress=args.progress
        )
        build_s = time.perf_counter() - started

        with connection.cursor() as cursor:  # fold the WAL into the file before measuring
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db_file = var_dir / "dangjian.sqlite3"
        db_bytes = db_file.stat().st_size

        started = time.perf_counter()
        again = build_county(orgs=args.orgs, members=args.members, seed=args.seed, progress=False)
        rerun_s = time.perf_counter() - started

        started = time.perf_counter()
        deleted = delete_county()
        delete_s = time.perf_counter() - started
        connection.close()

        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"demo county bench — {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"{os.cpu_count()} CPUs"
        )
        print(f"  asked       {args.orgs:,} orgs / {args.members:,} members, seed {args.seed}")
        print(
            f"  built       {summary.orgs:,} orgs / {summary.people:,} people / "
            f"{summary.memberships:,} memberships"
        )
        print(f"  categories  {summary.categories}")
        print(f"  migrate     {migrate_s:6.2f} s")
        print(f"  build       {build_s:6.2f} s   (limit {args.limit:.0f} s)")
        print(f"  second run  {rerun_s:6.2f} s   (created: {again.created})")
        print(
            f"  delete      {delete_s:6.2f} s   ({deleted.orgs:,} orgs, {deleted.people:,} people)"
        )
        print(f"  SQLite file {db_bytes / 1024 / 1024:6.1f} MiB ({db_bytes:,} bytes)")
        print(f"  peak RSS    {peak_mb:6.0f} MiB")
        ok = (
            summary.created
            and not again.created
            and (summary.orgs, summary.people) == (args.orgs, args.members)
            and build_s <= args.limit
        )
        print("  result      " + ("OK" if ok else "FAILED"))
        return 0 if ok else 1
    finally:
        if args.keep:
            print(f"  kept        {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
