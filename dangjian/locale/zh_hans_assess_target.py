"""Simplified Chinese texts of the assessment target part."""

ZH: dict[str, str] = {}
PLURALS: dict = {}
