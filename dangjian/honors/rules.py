"""Honors' numbers shared by its parts, named, with their source. Each part keeps its own in
`rules_<part>.py`."""
