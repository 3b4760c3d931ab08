"""The exemplar part's rows of the role × URL matrix (dangjian/tests/test_leak_matrix.py)."""

from __future__ import annotations


def cases() -> list:
    return []
