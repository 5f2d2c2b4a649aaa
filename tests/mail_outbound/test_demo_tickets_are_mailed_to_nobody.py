"""Demo and benchmark data never reach a real mailbox (issue 11): the periodic jobs that
find tickets on their own (the SLA sweep's warnings and breaches, the team digest) mail
nobody about a ticket an invented person reported, not even a real specialist of its
team or a real manager, while a real customer's ticket is mailed as before."""

from django.utils import timezone

from kundcenter.mail import notifications
from tests import factories


def _demo_ticket(org, title):
    person = factories.make_superuser(org, name="Demo Person")
    ticket = factories.make_ticket(org, person, title=title)
    person.is_demo = True
    person.save(update_fields=["is_demo"])
    return ticket


def test_an_sla_warning_about_a_demo_ticket_mails_no_real_specialist(
    org_a, superuser_a, specialist_hantverk, manager, mailoutbox, django_capture_on_commit_callbacks
):
    demo = _demo_ticket(org_a, "Demoärende")
    real = factories.make_ticket(org_a, superuser_a, title="Riktigt ärende")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.sla_alerts(warned=[demo.pk], resolution_breached=[demo.pk])
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        notifications.sla_alerts(warned=[real.pk], resolution_breached=[real.pk])
    assert {address for mail in mailoutbox for address in mail.to} == {
        specialist_hantverk.email,
        manager.email,
    }
    assert all("Riktigt ärende" in mail.subject for mail in mailoutbox)


def test_a_team_digest_leaves_out_demo_tickets(
    org_a, superuser_a, specialist_hantverk, mailoutbox, django_capture_on_commit_callbacks
):
    team = specialist_hantverk.team
    team.email = ""  # no team address: its specialists get the digest
    team.save()
    _demo_ticket(org_a, "Demoärende")
    factories.make_ticket(org_a, superuser_a, title="Riktigt ärende")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.team_digests(now=timezone.now() + notifications.DIGEST_LAG * 2)
    [digest] = mailoutbox
    assert digest.to == [specialist_hantverk.email]
    assert "Riktigt ärende" in digest.body and "Demoärende" not in digest.body
