"""The page cache: what anonymous readers get, stored once and replayed before the rest of the stack runs.

    policy.py        which requests may be answered from a stored page, and under which key
    parameters.py    the query parameters that key a page, as the apps register them
    store.py         the stored pages (shared cache + this worker's bounded copies)
    generation.py    the content generation, held in each worker, moved on over Redis pub/sub
    invalidation.py  what makes every stored page stale: one bump per change, one batched purge per transaction
    replay.py        a stored page as a response: the one replay path (conditional requests included)
    front.py         the WSGI application in front of Django that answers hits (helpcenter/wsgi.py)
    middleware.py    inside Django: stores what may be stored; the render budget of anonymous clients

No module here imports a domain model at import time: `invalidation` imports Wagtail's models and is
loaded by `HelpcenterConfig.ready()` once the apps are ready; the others need only Django's settings.
README "Page cache and HTTP caching" says what is stored, for how long and how memory is bounded.
"""
