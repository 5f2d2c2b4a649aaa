"""`check --deploy` names each piece of the environment production needs and lacks:
SITE_URL, the VENDOR_* values, a shared SECRET_KEY, DEFAULT_FROM_EMAIL, ALLOWED_HOSTS and
a reachable broker."""

import pytest
from django.core import checks

PRODUCTION = {
    "DEBUG": False,
    "SECRET_KEY_GENERATED": False,
    "SITE_URL": "https://kundcenter.example.se",
    "VENDOR_NAME": "Leverantören AB",
    "VENDOR_SUPPORT_EMAIL": "support@example.se",
    "VENDOR_BILLING_EMAIL": "ekonomi@example.se",
    "DEFAULT_FROM_EMAIL": "Kundcenter <support@example.se>",
    "ALLOWED_HOSTS": ["kundcenter.example.se"],
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def _ours(settings, **changes):
    for name, value in {**PRODUCTION, **changes}.items():
        setattr(settings, name, value)
    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    return {m.id for m in found if m.id.startswith("kundcenter.")}


def test_a_complete_production_environment_passes(settings):
    assert _ours(settings) == set()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"SITE_URL": "http://127.0.0.1:8000"}, "kundcenter.E001"),
        ({"SITE_URL": "http://kundcenter.example.se"}, "kundcenter.W002"),
        ({"VENDOR_NAME": "Exempel Software AB"}, "kundcenter.E003"),
        ({"VENDOR_SUPPORT_EMAIL": "support@kundcenter.example"}, "kundcenter.E003"),
        ({"SECRET_KEY_GENERATED": True}, "kundcenter.E004"),
        ({"DEFAULT_FROM_EMAIL": "Kundcenter <support@kundcenter.example>"}, "kundcenter.E005"),
        ({"ALLOWED_HOSTS": ["127.0.0.1", "localhost"]}, "kundcenter.E006"),
        ({"REDIS_URL": ""}, "kundcenter.W007"),
        ({"REDIS_URL": "redis://127.0.0.1:1/0"}, "kundcenter.E008"),
    ],
)
def test_each_missing_piece_is_named(settings, change, expected):
    assert _ours(settings, **change) == {expected}


def test_a_generated_key_is_fine_while_debugging(settings):
    assert "kundcenter.E004" not in _ours(settings, SECRET_KEY_GENERATED=True, DEBUG=True)
