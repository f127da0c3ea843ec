"""WSGI entry point, e.g. ``gunicorn cop_site.wsgi`` (and ``manage.py runserver``, through
settings.WSGI_APPLICATION)."""

import os

from django.core.wsgi import get_wsgi_application

from cop_site.middleware import RefuseBadHeaders

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_site.settings")
# 400 for a control character in a header, before Django parses the request (see the class).
application = RefuseBadHeaders(get_wsgi_application())
