"""Simplified Chinese texts of the honors post part."""

ZH: dict[str, str] = {}
