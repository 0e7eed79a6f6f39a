"""The page cache: what anonymous readers get, stored once and replayed before the rest of the stack runs.

    policy.py        which requests may be answered from a stored page, and under which key
    parameters.py    the query parameters that key a page, as the apps register them
    store.py         the stored pages (shared cache + this worker's bounded copies)
    generation.py    the content generation, held in each worker, moved on over Redis pub/sub
    invalidation.py  what makes every stored page stale: one bump and one front cache purge per transaction;
                     invalidates(), with which each app names its models in its AppConfig.ready()
    tags.py          the tags a front cache files public responses under (make_public writes them)
    purges.py        the front cache's purge by tag: a task (django-tasks, database queue), retried
    purge_report.py  a failed purge on the admin's dashboard (guides/wagtail_hooks.py says to whom)
    replay.py        a stored page as a response: the one replay path (conditional requests included)
    front.py         the WSGI application in front of Django that answers hits (helpcenter/wsgi.py)
    middleware.py    inside Django: stores what may be stored; the render budget of anonymous clients

No module here imports a domain model at import time, nor names one by string: `invalidation` imports
Wagtail's models and is loaded by `HelpcenterConfig.ready()` once the apps are ready, `purge_report` the task
queue's results and is loaded by an admin hook; the others need only Django's settings.
README "Page cache and HTTP caching" says what is stored, for how long and how memory is bounded.
"""
