"""Where teams are edited (the admin), a team gets its shared address and chooses how it
hears of new tickets: one e-mail per ticket to the address (the default) or a digest."""

from django.urls import reverse

from kundcenter.accounts.models import Team


def test_an_administrator_sets_the_team_address_and_chooses_the_digest(
    client, admin_user, team_handel
):
    client.force_login(admin_user)
    url = reverse("admin:accounts_team_change", args=[team_handel.pk])
    page = client.get(url).content.decode()
    assert 'name="email"' in page and 'name="new_ticket_mail"' in page
    response = client.post(
        url,
        {
            "name": team_handel.name,
            "slug": team_handel.slug,
            "email": "handel@kundcenter.example",
            "new_ticket_mail": Team.NewTicketMail.DIGEST,
        },
    )
    assert response.status_code == 302
    team_handel.refresh_from_db()
    assert team_handel.email == "handel@kundcenter.example"
    assert not team_handel.mails_each_new_ticket


def test_the_default_is_one_mail_to_the_address_when_there_is_one(team_hantverk):
    assert team_hantverk.new_ticket_mail == Team.NewTicketMail.TEAM_ADDRESS
    assert not team_hantverk.mails_each_new_ticket  # no address yet: the digest
    team_hantverk.email = "hantverk@kundcenter.example"
    assert team_hantverk.mails_each_new_ticket
