"""Simplified Chinese texts of the assessment kpi part."""

ZH: dict[str, str] = {}
PLURALS: dict = {}
