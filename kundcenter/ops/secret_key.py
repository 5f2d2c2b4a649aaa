"""The one rule about SECRET_KEY outside development.

Without SECRET_KEY the settings make a key of this host's own (var/secret_key): right for
the embedded run (`make run`, DEBUG on), wrong in production, where every web host and
worker must sign sessions and hash the processing log's addresses with the same key. With
DEBUG off such a key is therefore refused by the processes that serve the site: the WSGI
application (kundcenter/wsgi.py, what gunicorn loads) and the Celery worker and beat
(kundcenter/celery.py). `manage.py` commands still run, so `check --deploy` can name the
problem (kundcenter.E004, kundcenter/ops/checks.py, which asks the same question).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAKE_A_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def generated_key_in_production() -> bool:
    """True when DEBUG is off and SECRET_KEY was not given: this host made up its own."""
    return bool(getattr(settings, "SECRET_KEY_GENERATED", False)) and not settings.DEBUG


class SecretKeyMissing(ImproperlyConfigured, RuntimeError):
    """SECRET_KEY is missing where it is required. Also a RuntimeError because gunicorn
    prints a RuntimeError raised while it loads the application (contrib/gunicorn.py
    preloads it) as one line, "Error: …", and exits, rather than a traceback."""


def refusal(process: str) -> str:
    """Why `process` will not start without SECRET_KEY, and how to make one (English: it
    is read in a service's log by the operator)."""
    return (
        f"SECRET_KEY is not set and DEBUG is off: the {process} refuses to start with a "
        "key made up on this host alone (every host would sign sessions and hash the "
        "processing log's addresses with a different key). Set SECRET_KEY (or "
        "SECRET_KEY_FILE) to one long random value, the same on every host, e.g. in "
        f"/etc/kundcenter/kundcenter.env; make one with: {MAKE_A_KEY}. "
        "For a development run set DEBUG=1 instead."
    )


def require_secret_key(process: str) -> None:
    """Raise SecretKeyMissing when DEBUG is off and this host generated its own key."""
    if generated_key_in_production():
        raise SecretKeyMissing(refusal(process))
