"""`make bench`'s ceiling: a WSGI application that answers every request with one file's bytes
(BENCH_BODY), in the same gunicorn as the site. What a stored page costs beyond this is the page cache's
own work (the key, the generation, the replay)."""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_BODY"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
