import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings.production")

django_application = get_wsgi_application()

# Stored pages are sent from here, before Django's stack (helpcenter/http_cache.py). Imported once Django
# is set up: the page cache's module imports models.
from helpcenter.http_cache import PageCacheApplication  # noqa: E402

application = PageCacheApplication(django_application)
