"""A benchmark's county in a throw-away SQLite database (DANGJIAN_VAR_DIR in a temporary
folder, tasks run at once), shared by the page benchmarks; removed when the run ends."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def county_arguments(doc: str) -> argparse.Namespace:
    """--orgs, --members (the benchmark county: 1,000 / 30,000) and --repeat."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=1000)
    parser.add_argument("--members", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=10)
    return parser.parse_args()


def in_scratch_database(prefix: str, run: Callable[[], int]) -> int:
    """`run()` with Django set up on a fresh, migrated SQLite database in a temporary folder."""
    var_dir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["DANGJIAN_VAR_DIR"] = str(var_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DANGJIAN_TASKS"] = "immediate"
    os.environ["DJANGO_SETTINGS_MODULE"] = "dangjian.settings"
    sys.path.insert(0, str(ROOT))
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        return run()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
