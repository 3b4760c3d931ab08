"""Simplified Chinese texts of the honors exemplar part."""

ZH: dict[str, str] = {}
