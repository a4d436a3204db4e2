"""WSGI entry point."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflictmap.settings")
# A web process: settings give its database connections a statement timeout.
os.environ.setdefault("CONFLICTMAP_WEB", "1")
application = get_wsgi_application()

# What is loaded now (Django, the URLconf, models, GDAL bindings: some hundred thousand objects)
# lives as long as the process. Frozen, the cyclic collector's full passes stop re-scanning it
# (they cost a third of a 100k-event GeoJSON download: bench/bench_geojson.py); with gunicorn's
# preload_app this runs in the master before it forks, so the workers also share those pages
# instead of copying them when the collector would have touched them.
gc.freeze()
