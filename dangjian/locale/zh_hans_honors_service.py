"""Simplified Chinese texts of the honors service part."""

ZH: dict[str, str] = {}
