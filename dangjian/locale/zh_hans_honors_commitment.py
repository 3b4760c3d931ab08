"""Simplified Chinese texts of the honors commitment part."""

ZH: dict[str, str] = {}
