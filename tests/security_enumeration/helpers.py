"""What the registration and password-reset tests share: passwords, reading pages and
finding the confirmation link in a mail."""

import re

STRONG = "Fjallbacka-Regn-2026"
OTHER_STRONG = "Sommarstuga-Vid-Havet-7"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/konto/registrera/bekrafta/[^/\s]+/)")


def page_text(response) -> str:
    """The page without its per-request CSRF tokens, to compare two answers."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def confirmation_path(message) -> str:
    """The path of the confirmation link in a mail (fails the test if there is none)."""
    found = CONFIRM_LINK.search(message.body)
    assert found, f"no confirmation link in:\n{message.body}"
    return found.group(1)
