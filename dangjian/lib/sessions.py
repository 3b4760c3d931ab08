"""Database sessions with a sliding idle timeout, written at most once a minute.

`SESSION_SAVE_EVERY_REQUEST` makes Django rewrite the session row on every request (an
UPDATE in its own transaction: half the SQL of a page, and a write lock on SQLite) only to
push its expiry forward. This store skips that write while the stored expiry is less than
`REFRESH` behind the one a save would set, so a session still ends after
`SESSION_COOKIE_AGE` of idleness (at most `REFRESH` sooner). A changed session (login,
messages, language…) is saved at once as always.

Why not the `cached_db` engine: it removes the read but still writes through on every
request, and with a per-process cache a session ended in one gunicorn worker stays valid in
the others until their cache expires. Signed-cookie sessions cannot be ended on the server.
"""

from __future__ import annotations

import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

REFRESH = datetime.timedelta(seconds=60)


class SessionStore(DatabaseSessionStore):
    _stored_expiry: datetime.datetime | None = None

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        self._stored_expiry = session.expire_date if session is not None else None
        return session

    def save(self, must_create: bool = False) -> None:
        stored = self._stored_expiry
        if (
            not must_create
            and not self.modified
            and stored is not None
            and self.get_expiry_date() - stored < REFRESH
        ):
            return
        super().save(must_create=must_create)
        self._stored_expiry = None
