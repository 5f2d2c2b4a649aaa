"""Each staff member chooses which notices also come by e-mail, on the profile page."""

import pytest
from django.urls import reverse

from kundcenter.mail.preferences import preferences_for

pytestmark = pytest.mark.django_db


def test_staff_choose_mention_and_assignment_mail_on_the_profile(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="notify-mentions"' in page and 'name="notify-assignments"' in page
    client.post(
        reverse("mail:notification_preferences"),
        {"notify-replies": "on", "notify-mentions": "on"},  # assignments left unticked
    )
    preference = preferences_for(specialist_hantverk)
    assert preference.mentions is True
    assert preference.assignments is False


def test_customers_are_not_offered_staff_notices(client, superuser_a):
    client.force_login(superuser_a)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "notify-mentions" not in page and "notify-assignments" not in page
