"""The WSGI application of the bare project `bench_throughput` compares the site with
(kundcenter.demo.bare_settings); only the benchmark's own gunicorn loads it."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "kundcenter.demo.bare_settings"
application = get_wsgi_application()
