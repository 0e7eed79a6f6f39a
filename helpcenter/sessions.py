"""Sessions whose keys say they were handed out here (settings SESSION_ENGINE).

Django's cached_db store, with one change: each new key ends in a keyed hash of its random part
(SECRET_KEY, or one of SECRET_KEY_FALLBACKS). A key without a valid hash is a made-up cookie: it is read
as "no session" without asking the cache or the database. So a client sending a new random `sessionid`
with every request costs no lookup, in the page cache's policy (which must know whether a session is
real before it may answer from a stored page) or anywhere else.

A key still has 32 of Django's key characters (lower-case letters and digits): 22 random (113 bits)
and 10 of the hash (51 bits). Sessions from before this store have no hash and end with it: their
holders sign in again once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

RANDOM_LENGTH = 22
TAG_LENGTH = 10
SALT = "helpcenter.sessions.key"


def tag(random_part: str, secret: str) -> str:
    digest = int.from_bytes(salted_hmac(SALT, random_part, secret=secret, algorithm="sha256").digest(), "big")
    characters = []
    for _ in range(TAG_LENGTH):
        digest, remainder = divmod(digest, len(VALID_KEY_CHARS))
        characters.append(VALID_KEY_CHARS[remainder])
    return "".join(characters)


def issued_here(key: str) -> bool:
    """Whether `key` is one this site handed out (not whether its session still exists)."""
    if len(key) != RANDOM_LENGTH + TAG_LENGTH:
        return False
    random_part, given = key[:RANDOM_LENGTH], key[RANDOM_LENGTH:]
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return any(constant_time_compare(tag(random_part, secret), given) for secret in secrets)


class SessionStore(CachedDbStore):
    def _get_new_session_key(self):
        while True:
            random_part = get_random_string(RANDOM_LENGTH, VALID_KEY_CHARS)
            key = random_part + tag(random_part, settings.SECRET_KEY)
            if not self.exists(key):
                return key

    def load(self):
        if self.session_key is None or not issued_here(self.session_key):
            self._session_key = None
            return {}
        return super().load()

    def exists(self, session_key):
        return issued_here(session_key) and super().exists(session_key)
