"""The engine must stay usable outside Django: no module under textreuse imports it."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO_ROOT

SCRIPT = """
import importlib, pkgutil, sys
import textreuse
names = [m.name for m in pkgutil.walk_packages(textreuse.__path__, "textreuse.")
         if m.name != "textreuse.__main__"]
for name in names:
    importlib.import_module(name)
assert "textreuse.cli" in sys.modules and "textreuse.store_sql" in sys.modules
assert "textreuse.tests.test_cli" in sys.modules
leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(len(names), leaked)
sys.exit(1 if leaked else 0)
"""


def test_no_textreuse_module_imports_django() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("[]")


def test_module_entry_point_runs_without_django() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "textreuse", "--help"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0
    assert "index" in done.stdout and "check" in done.stdout
    assert " django" not in done.stderr  # -X importtime lists every imported module
