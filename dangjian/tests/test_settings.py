"""Settings come from the environment, strictly; a production environment passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dangjian.lib import env

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("0", False), ("", False)]
)
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("DJ_TEST_FLAG", raw)
    assert env.env_bool("DJ_TEST_FLAG") is expected


def test_env_bool_refuses_a_guess(monkeypatch):
    monkeypatch.setenv("DJ_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DJ_TEST_FLAG"):
        env.env_bool("DJ_TEST_FLAG")


def test_env_int_minimum(monkeypatch):
    monkeypatch.setenv("DJ_TEST_INT", "2")
    with pytest.raises(ImproperlyConfigured, match="at least 5"):
        env.env_int("DJ_TEST_INT", 10, minimum=5)


def test_secret_key_is_generated_once_per_installation(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)
    first = env.secret_key(tmp_path)
    assert len(first) > 40 and env.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_environment_passes_check_deploy(tmp_path):
    production = {
        "PATH": os.environ["PATH"],
        "DANGJIAN_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 20 + "-production-only-" + "y" * 30,
        "ALLOWED_HOSTS": "dangjian.example.gov.cn",
        "DANGJIAN_SSL_REDIRECT": "1",
        "DANGJIAN_HSTS_SECONDS": "31536000",
        "DANGJIAN_HSTS_SUBDOMAINS": "1",
        "DANGJIAN_HSTS_PRELOAD": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
