"""`manage.py check --deploy` is clean with production settings from the environment."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def _production_env(**extra):
    env = {**os.environ, "DEBUG": "0", "KUNDCENTER_TESTING": "0", **extra}
    # Set by the browser tests in this process (Playwright); never set in production.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.pop("SECURE_COOKIES", None)
    return env


def test_check_deploy_reports_nothing(tmp_path):
    env = {
        **_production_env(),
        "DEBUG": "0",
        "KUNDCENTER_TESTING": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "kundcenter.example.se",
        "SITE_URL": "https://kundcenter.example.se",
        "VENDOR_NAME": "Leverantören AB",
        "VENDOR_SUPPORT_EMAIL": "support@example.se",
        "VENDOR_BILLING_EMAIL": "ekonomi@example.se",
        "DEFAULT_FROM_EMAIL": "Kundcenter <support@example.se>",
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "KUNDCENTER_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output


def test_production_settings_use_argon2_axes_and_secure_cookies(tmp_path):
    env = {
        **_production_env(),
        "DEBUG": "0",
        "KUNDCENTER_TESTING": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "KUNDCENTER_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "kundcenter.settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.PASSWORD_HASHERS[0], s.AXES_ENABLED, s.RATELIMIT_ENABLED, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.AUTHENTICATION_BACKENDS[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "True",
        "True",
        "True",
        "True",
        "31536000",
        "axes.backends.AxesStandaloneBackend",
    ]
