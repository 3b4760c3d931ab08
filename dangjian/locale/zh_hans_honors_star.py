"""Simplified Chinese texts of the honors star part."""

ZH: dict[str, str] = {}
