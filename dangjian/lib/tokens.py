"""API tokens: made from 32 random bytes, stored as a SHA-256 digest, shown once."""

import hashlib
import secrets

TOKEN_PREFIX = "dj_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
