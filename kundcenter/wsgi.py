"""The WSGI application gunicorn serves (contrib/gunicorn.py, contrib/kundcenter-web.service).

With DEBUG off it refuses to load without SECRET_KEY (kundcenter.ops.secret_key): a key
made up on one host would differ on every other.
"""

import os

from django.core.wsgi import get_wsgi_application

from kundcenter.ops.secret_key import require_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kundcenter.settings")
require_secret_key("web server (kundcenter.wsgi)")
application = get_wsgi_application()
