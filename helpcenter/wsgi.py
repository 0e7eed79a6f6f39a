import os

from django.core.wsgi import get_wsgi_application

from helpcenter.page_cache.front import PageCacheApplication

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings.production")

# Stored pages are sent from the front, before Django's stack (helpcenter/page_cache/front.py).
application = PageCacheApplication(get_wsgi_application())
