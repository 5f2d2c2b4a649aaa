"""Each person can turn off the optional mails on their profile page; essential ones stay."""

import re

import pytest
from django.urls import reverse

from kundcenter.mail.models import NotificationPreference
from kundcenter.tickets import actions
from kundcenter.tickets.workflows import Status
from tests import factories

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
SAVE = reverse("mail:notification_preferences")


def checkbox(html, name):
    return re.search(rf'<input[^>]*name="notify-{name}"[^>]*>', html).group(0)


def turn_off_status_changes(client, user):
    client.force_login(user)
    response = client.post(SAVE, {"notify-replies": "on"})  # status changes left unticked
    assert response.status_code == 302
    assert response["Location"] == f"{PROFILE}#notifications"


def test_status_mails_stop_but_the_ticket_number_still_arrives(
    client, smtp, org_a, english, specialist_hantverk, django_capture_on_commit_callbacks
):
    turn_off_status_changes(client, english)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = factories.make_ticket(org_a, english)
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(ticket, specialist_hantverk, Status.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket, specialist_hantverk, "Åtgärdat i version 4.2.")

    kinds = [m["X-Kundcenter-Notification"] for m in smtp.to(english.email)]
    assert kinds == ["ticket_registered", "reply_to_customer"]


def test_a_fix_to_validate_is_essential(
    org_a,
    english,
    specialist_hantverk,
    product_dev,
    client,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    turn_off_status_changes(client, english)
    bug = factories.make_ticket(org_a, english, category="bug", service_level=2, module="lon")
    for target, who in (
        (Status.ESCALATED, specialist_hantverk),
        (Status.IN_PROGRESS, product_dev),
        (Status.DELIVERED, product_dev),
    ):
        bug = actions.transition(bug, who, target)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.transition(bug, specialist_hantverk, Status.VALIDATION)

    [mail] = mailoutbox
    assert mail.to == [english.email]
    assert "waits for your validation" in mail.body


def test_the_profile_page_offers_a_customer_only_the_customer_switches(client, english):
    client.force_login(english)
    html = client.get(PROFILE).content.decode()
    assert 'id="notifications"' in html
    assert "Replies from support" in html and "Status changes" in html
    assert "New tickets in my team" not in html and "Service-level warnings" not in html
    assert "cost proposals and fixes waiting for your answer" in html


def test_the_profile_page_offers_a_specialist_the_team_switches(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    html = client.get(PROFILE).content.decode()
    assert "Customer replies" in html and "New tickets in my team" in html
    assert "Service-level warnings and breaches" in html
    assert "Status changes" not in html


def test_the_choices_are_saved_and_shown_again(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    client.post(SAVE, {"notify-replies": "on", "notify-sla_alerts": "on"})
    saved = NotificationPreference.objects.get(user=specialist_hantverk)
    assert (saved.replies, saved.team_new_tickets, saved.sla_alerts) == (True, False, True)
    html = client.get(PROFILE).content.decode()
    assert "checked" not in checkbox(html, "team_new_tickets")
    assert "checked" in checkbox(html, "sla_alerts")


def test_a_specialist_who_turned_off_team_mail_gets_none(
    org_a,
    superuser_a,
    specialist_hantverk,
    client,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    client.force_login(specialist_hantverk)
    client.post(SAVE, {"notify-replies": "on", "notify-sla_alerts": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_ticket(org_a, superuser_a)
    assert [m.to for m in mailoutbox] == [[superuser_a.email]]
