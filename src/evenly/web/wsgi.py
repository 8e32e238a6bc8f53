"""WSGI entry point: ``gunicorn evenly.web.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evenly.web.settings")
application = get_wsgi_application()
