"""Logging a failure a client can repeat at will (a request that breaks the page cache's front, a Redis
that is full or gone) once a minute per kind and place, not once a request: the log stays readable and
cannot be filled by one client."""

from __future__ import annotations

import logging
import threading
import time

QUIET_SECONDS = 60
REMEMBERED = 100  # kinds and places remembered at most; then it starts again


class Quiet:
    """When each key was last let through: a key is due again QUIET_SECONDS later."""

    def __init__(self, seconds: float = QUIET_SECONDS):
        self.seconds = seconds
        self.logged: dict[str, float] = {}
        self.lock = threading.Lock()

    def due(self, key: str) -> bool:
        now = time.monotonic()
        with self.lock:
            if now - self.logged.get(key, -self.seconds) < self.seconds:
                return False
            if len(self.logged) >= REMEMBERED:
                self.logged.clear()
            self.logged[key] = now
        return True


class QuietLog:
    def __init__(self, logger: logging.Logger, seconds: float = QUIET_SECONDS):
        self.logger = logger
        self.quiet = Quiet(seconds)

    def log(self, level: int, message: str, error: BaseException) -> bool:
        """Log `message` with `error`'s traceback unless the same kind of error from the same line was logged
        within the last QUIET_SECONDS. Returns whether it was logged."""
        traceback = error.__traceback__
        while traceback is not None and traceback.tb_next is not None:
            traceback = traceback.tb_next
        place = f"{traceback.tb_frame.f_code.co_filename}:{traceback.tb_lineno}" if traceback else ""
        if not self.quiet.due(f"{type(error).__name__}:{place}:{message}"):
            return False
        self.logger.log(level, message, exc_info=error)
        return True

    def error(self, message: str, error: BaseException) -> bool:
        return self.log(logging.ERROR, message, error)

    def warning(self, message: str, error: BaseException) -> bool:
        return self.log(logging.WARNING, message, error)


class OnceAMinute(logging.Filter):
    """A logging filter letting each message (with its exception's kind) through once per QUIET_SECONDS:
    for loggers of libraries that log a failure on every call (django-redis's ignored errors)."""

    def __init__(self, name: str = ""):
        super().__init__(name)
        self.quiet = Quiet()

    def filter(self, record: logging.LogRecord) -> bool:
        kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        return self.quiet.due(f"{record.name}:{record.msg}:{kind}")
