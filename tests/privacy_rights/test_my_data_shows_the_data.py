""" "My personal data" shows the records themselves, in Swedish, not counts under
model names with "(user)" suffixes."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def test_my_data_shows_my_details_and_my_ticket_in_swedish(
    client, superuser_a, ticket_a, django_assert_max_num_queries
):
    superuser_a.phone = "070-123 45 67"
    superuser_a.save(update_fields=["phone"])
    client.force_login(superuser_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    with translation.override("sv"), django_assert_max_num_queries(80):
        page = client.get(reverse("privacy:my_data"), HTTP_ACCEPT_LANGUAGE="sv")
    text = page.content.decode()
    # The data itself: my name, my phone, the title of the ticket I reported.
    assert superuser_a.full_name in text
    assert "070-123 45 67" in text
    assert ticket_a.title in text
    # Not counts under "Kind (field)" headings.
    assert "(användare)" not in text
    assert "(user)" not in text
    assert "Kopplat till dig som" in text or "Kopplat till ditt konto" in text
    assert "TOTP" not in text
