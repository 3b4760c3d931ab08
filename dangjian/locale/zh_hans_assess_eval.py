"""Simplified Chinese texts of the assessment eval part."""

ZH: dict[str, str] = {}
PLURALS: dict = {}
