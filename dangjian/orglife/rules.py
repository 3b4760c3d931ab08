"""Rules of organization life, each with the regulation and article it comes from.

Each part keeps its rules in its own section below (or in `rules_<part>.py` when long), as
named constants a county can read and adjust.
"""
