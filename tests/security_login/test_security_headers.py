"""Every page carries a Content Security Policy that forbids inline scripts, and none of
our pages needs one; over HTTPS, HSTS is sent."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

TEMPLATE_ROOT = Path(django_settings.BASE_DIR) / "kundcenter"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def test_pages_send_a_policy_without_inline_scripts(client, db):
    response = client.get(reverse("accounts:login"))
    csp = _directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src-elem"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("page", ["accounts:login", "accounts:register", "portal:new"])
def test_rendered_pages_have_no_inline_script(client, superuser_a, page):
    if page == "portal:new":
        client.force_login(superuser_a)
    html = client.get(reverse(page)).content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)
    assert 'src="/static/js/kundcenter.js"' in html


def test_no_page_template_has_inline_script_or_event_handlers():
    offenders = []
    for template in TEMPLATE_ROOT.rglob("templates/**/*.html"):
        if "/mail/notifications/" in template.as_posix():
            continue  # e-mails: never run scripts anyway, and no CSP applies
        text = template.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
            offenders.append(str(template.relative_to(TEMPLATE_ROOT)))
    assert offenders == []


def test_https_responses_send_hsts(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in response["Strict-Transport-Security"]
