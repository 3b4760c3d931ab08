"""Simplified Chinese texts of the assessment ruleset part."""

ZH: dict[str, str] = {}
PLURALS: dict = {}
