"""One way to start the help center on a fresh database, for everything that runs it as a server: the
browser tests, the multi-worker tests and `make bench`.

The database is built once by the real commands (`migrate`, `load_content`) and each server gets a copy
of the file; the static files are collected once (production storage) and shared read-only. Several test
processes may ask at the same time (pytest-xdist): the first builds under a file lock, the others wait.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from filelock import FileLock

ROOT = Path(__file__).resolve().parents[1]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
BUILD_DATABASE = (
    "from django.core.management import call_command\n"
    "call_command('migrate', interactive=False, verbosity=0)\n"
    "call_command('load_content')\n"
)


def manage(env: dict, *args: str, timeout: int = 300) -> str:
    done = subprocess.run(MANAGE + list(args), env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _quiet_environ(**values: str) -> dict:
    """The environment of a build: no shared cache, so building publishes nothing to a running site."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "PAGE_CACHE_REDIS_URL")}
    return {**env, **values}


class FreshSite:
    """Builds in `build_dir` (shared by the processes of one run) and hands out copies."""

    def __init__(self, build_dir: Path):
        self.build_dir = Path(build_dir)

    def _once(self, name: str, build) -> Path:
        self.build_dir.mkdir(parents=True, exist_ok=True)
        target = self.build_dir / name
        with FileLock(str(self.build_dir / f"{name}.lock")):
            if not (self.build_dir / f"{name}.done").exists():
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir()
                build(target)
                (self.build_dir / f"{name}.done").touch()
        return target

    def _build_database(self, target: Path) -> None:
        env = _quiet_environ(
            DJANGO_SETTINGS_MODULE="helpcenter.settings.test", DATABASE_URL=f"sqlite:///{target / 'site.sqlite3'}"
        )
        # the real commands, in one process: one start of Django fewer on the path every test waits on
        manage(env, "shell", "--no-imports", "-c", BUILD_DATABASE)

    def _build_static(self, target: Path) -> None:
        env = _quiet_environ(
            DJANGO_SETTINGS_MODULE="helpcenter.settings.production",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=f"sqlite:///{target / 'unused.sqlite3'}",
            STATIC_ROOT=str(target),
        )
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    def prepare(self) -> None:
        """Build the database and the static files now, side by side, if not built yet (the others then
        only wait)."""
        static = threading.Thread(target=self._once, args=("static", self._build_static), name="fresh-static")
        static.start()
        self._once("database", self._build_database)
        static.join()

    def database(self, destination: Path) -> str:
        """A copy of the freshly loaded database at `destination`; returns its DATABASE_URL."""
        built = self._once("database", self._build_database) / "site.sqlite3"
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, destination)
        return f"sqlite:///{destination}"

    def static_root(self) -> str:
        """The collected static files (manifest storage, as production serves them); read them, never write."""
        return str(self._once("static", self._build_static))

    def environ(self, workdir: Path, env: dict, *, static: bool = False) -> dict:
        """`env` for a server on a fresh copy of the site in `workdir`: with DATABASE_URL, the search index
        beside it (and STATIC_ROOT)."""
        env = {
            **env,
            "DATABASE_URL": self.database(Path(workdir) / "site.sqlite3"),
            "SEARCH_INDEX_DIR": str(Path(workdir) / "search-index"),
        }
        if static:
            env["STATIC_ROOT"] = self.static_root()
        return env
