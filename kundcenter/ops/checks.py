"""Kundcenter's own deployment checks, run by `manage.py check --deploy`.

Django's checks know nothing of what Kundcenter needs from its environment: where it is
reached (links in every mail), who the vendor is (every mail's signature), one secret
key shared by every host, a sender address, the host names it answers to, and a broker
the workers can reach. Each missing piece is reported here, before the first customer
meets it.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from kundcenter.ops.secret_key import MAKE_A_KEY, generated_key_in_production

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
EXAMPLE_DOMAIN = "kundcenter.example"
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
DEFAULT_VENDOR_NAME = "Exempel Software AB"


def _is_example(value: str) -> bool:
    return EXAMPLE_DOMAIN in (value or "").lower()


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    site_url = settings.SITE_URL
    host = site_url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    if site_url == DEFAULT_SITE_URL or host in LOCAL_HOSTS:
        return [
            Error(
                f"SITE_URL is {site_url!r}: every link in every mail would point there.",
                hint="Set SITE_URL to the address customers use, e.g. https://kundcenter.example.se.",
                id="kundcenter.E001",
            )
        ]
    if not site_url.startswith("https://"):
        return [
            Warning(
                f"SITE_URL ({site_url}) is not https: links in mail would send passwords "
                "and session cookies in clear text.",
                id="kundcenter.W002",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_vendor(app_configs=None, **kwargs):
    example = []
    if settings.VENDOR_NAME == DEFAULT_VENDOR_NAME:
        example.append("VENDOR_NAME")
    for name in ("VENDOR_SUPPORT_EMAIL", "VENDOR_BILLING_EMAIL"):
        if _is_example(getattr(settings, name)):
            example.append(name)
    if not example:
        return []
    return [
        Error(
            f"{', '.join(example)} still hold the example vendor's values: mail would be "
            "signed by and answered to an example company.",
            hint="Set the VENDOR_* variables (README, Configuration).",
            id="kundcenter.E003",
        )
    ]


@register(Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs):
    if generated_key_in_production():
        return [
            Error(
                "SECRET_KEY is not set: this host generated its own key in "
                "KUNDCENTER_VAR_DIR/secret_key. Every host would sign sessions and hash the "
                "processing log's addresses with a different key, so the web server "
                "(kundcenter.wsgi) and the Celery worker and beat refuse to start.",
                hint=(
                    "Set SECRET_KEY (or SECRET_KEY_FILE) to one long random value on every "
                    f"host; make one with: {MAKE_A_KEY}"
                ),
                id="kundcenter.E004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_sender(app_configs=None, **kwargs):
    if _is_example(settings.DEFAULT_FROM_EMAIL):
        return [
            Error(
                f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}: mail would be sent "
                "from an address nobody reads and that receiving servers reject.",
                hint='Set DEFAULT_FROM_EMAIL, e.g. "Kundcenter <support@example.se>".',
                id="kundcenter.E005",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_allowed_hosts(app_configs=None, **kwargs):
    hosts = set(settings.ALLOWED_HOSTS)
    if not hosts or hosts <= LOCAL_HOSTS:
        return [
            Error(
                "ALLOWED_HOSTS names only this machine: every request to the site's real "
                "name would be refused (400).",
                hint="Set ALLOWED_HOSTS to the site's host names, comma-separated.",
                id="kundcenter.E006",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_broker(app_configs=None, **kwargs):
    if not settings.REDIS_URL:
        return [
            Warning(
                "REDIS_URL is not set: mail and the periodic jobs run inside the web "
                "process (the embedded mode), one host only.",
                hint="Set REDIS_URL and run the worker and beat units (README, Operations).",
                id="kundcenter.W007",
            )
        ]
    from kundcenter.ops.health import ping_redis

    problem = ping_redis(settings.REDIS_URL)
    if problem:
        return [
            Error(
                f"The broker at REDIS_URL cannot be reached ({problem}).",
                hint="Start Redis or correct REDIS_URL; until then nothing is mailed.",
                id="kundcenter.E008",
            )
        ]
    return []
