"""The vendored front-end assets match dangjian/static/vendor/manifest.json (offline)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "dangjian" / "static" / "vendor" / "manifest.json"


def test_vendored_files_match_manifest():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update-assets"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_manifest_lists_front_end_packages():
    packages = {entry["package"] for entry in json.loads(MANIFEST.read_text())}
    assert {"htmx.org", "echarts", "bootstrap"} <= packages
