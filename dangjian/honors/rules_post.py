"""Numbers of 设岗定责 / 党员示范岗: our numbers (no regulation fixes them)."""

from __future__ import annotations

TITLE_MIN_CHARS = 2
TITLE_MAX_CHARS = 80  # the model's column
DUTIES_MAX_CHARS = 1000
# Posts in use per organization, and per member (a post is a real duty, not a badge).
POSTS_PER_ORG_MAX = 60
POSTS_PER_PERSON_MAX = 3
PAGE_SIZE = 50
