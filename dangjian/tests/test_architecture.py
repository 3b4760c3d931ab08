"""The layering the guide promises, read from the source: the kernel (orgs, lib, notices)
imports no feature app — menus, indicators, notices and demo steps are registered by each
app — and assessment reaches the other systems only through registered indicators
(lib.indicators), never by importing them. Tests may import anything (to build records)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FEATURE_APPS = ("study", "orglife", "work", "assess", "originality", "honors")
KERNEL = ("orgs", "lib", "notices")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "tests" not in path.relative_to(ROOT / app).parts:
            yield path


def _offending(app: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _sources(app)
        for name in sorted(_imports(path))
        if any(name == f"dangjian.{f}" or name.startswith(f"dangjian.{f}.") for f in forbidden)
    ]


@pytest.mark.parametrize("app", KERNEL)
def test_the_kernel_imports_no_feature_app(app):
    assert _offending(app, FEATURE_APPS) == []


def test_assessment_imports_no_other_feature_app():
    others = tuple(name for name in FEATURE_APPS if name != "assess")
    assert _offending("assess", others) == []


def test_the_check_sees_an_import(tmp_path):
    # The walker must notice both import forms, or the tests above pass on anything.
    source = tmp_path / "m.py"
    source.write_text("import dangjian.work.models\nfrom dangjian.study import services\n")
    assert _imports(source) == {"dangjian.work.models", "dangjian.study"}


def test_honors_reaches_only_assessment_and_the_learning_hall():
    # Star ratings read assessment's results (its selectors); awarded deeds are published to
    # study's learning hall (its services). Everything else through registered indicators.
    others = tuple(name for name in FEATURE_APPS if name not in ("honors", "assess", "study"))
    assert _offending("honors", others) == []


def test_every_private_storage_is_redirected_in_tests():
    # conftest.private_files keeps test uploads out of var/: a new storage must be listed.
    from django.apps import apps

    from dangjian.conftest import PRIVATE_FILE_SETTINGS
    from dangjian.lib.files import PrivateStorage

    found = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            storage = getattr(field, "storage", None)
            if isinstance(storage, PrivateStorage):
                found.add(storage.SETTING)
    assert found and found <= set(PRIVATE_FILE_SETTINGS)
