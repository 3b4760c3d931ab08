"""Simplified Chinese texts of the assessment round part."""

ZH: dict[str, str] = {}
PLURALS: dict = {}
