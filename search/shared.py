"""One search index per language on disk, shared by the workers of a host (SEARCH_INDEX_DIR).

The engine's folder and the state that goes with it (the documents, the vocabulary, the content generation
they are current with: search/index.py) are written together, by one worker at a time, under a lock on a
file; every other worker reads the state when it has changed and reopens the engine. A worker that starts
(a deploy, a restart) reads what another wrote instead of building every page again, and a publish is
indexed once per host, not once per worker.

The folder is keyed by the database and the release: a copy of the site on another database, or another
version of the code, never reads this one's documents. A state that cannot be read is built again."""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from helpcenter.page_cache.policy import release

STATE_FORMAT = 2  # 2: the documents without their texts (the engine stores them)
STATE_NAME = "state.pickle"


def root() -> Path | None:
    """This site's folder of shared indexes, or None: each worker keeps its index in memory."""
    if not settings.SEARCH_INDEX_DIR:
        return None
    database = connection.settings_dict
    key = "|".join(
        str(part) for part in (database["ENGINE"], database["NAME"], database.get("HOST"), database.get("PORT"))
    )
    digest = hashlib.sha256(f"{key}|{release()}|{STATE_FORMAT}".encode()).hexdigest()[:20]
    return Path(settings.SEARCH_INDEX_DIR) / digest


def built_languages() -> list[str]:
    """The languages whose shared index this host has built (a state is on disk), in settings order."""
    folder = root()
    if folder is None:
        return []
    return [lang for lang, _name in settings.LANGUAGES if (folder / lang / STATE_NAME).exists()]


class SharedLanguage:
    """The files of one language's shared index."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.engine_folder = folder / "engine"
        self.state_file = folder / STATE_NAME
        self.lock_file = folder / "lock"
        self.read_version: tuple | None = None  # (mtime, size, inode) of the state this worker last read

    @contextmanager
    def locked(self):
        with open(self.lock_file, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def version(self) -> tuple | None:
        try:
            stat = self.state_file.stat()
        except FileNotFoundError:
            return None
        return (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    def changed(self) -> bool:
        """Another worker wrote a state since this one last read or wrote it."""
        version = self.version()
        return version is not None and version != self.read_version

    def read(self) -> dict | None:
        version = self.version()
        try:
            with open(self.state_file, "rb") as handle:
                state = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            return None
        self.read_version = version
        return state if isinstance(state, dict) and state.get("format") == STATE_FORMAT else None

    def write(self, state: dict) -> None:
        temporary = self.state_file.with_name(f"state.{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump({**state, "format": STATE_FORMAT}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.state_file)
        self.read_version = self.version()
