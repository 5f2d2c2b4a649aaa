"""After asking to join a customer the page shows the request as waiting, not an empty
form as if nothing had been sent; and it says no more than before about whether the
customer exists."""

import re

from django.urls import reverse

from tests import factories


def _ask(client, org_number):
    return client.post(
        reverse("accounts:join"), {"org_number": org_number, "message": ""}, follow=True
    ).content.decode()


def _without_tokens(html):
    return re.sub(r'value="[^"]{40,}"|"X-CSRFToken": "[^"]+"|\d{4}-\d\d-\d\d \d\d:\d\d', "", html)


def test_the_sent_request_is_shown_as_waiting(client, org_a, superuser_a):
    client.force_login(factories.make_user("ny@byggmontage.se"))
    html = _ask(client, org_a.org_number)
    assert "Requests waiting for an answer" in html
    assert f"Organisationsnummer {org_a.org_number}" in html
    assert "waiting for the SuperUsers" in html
    # The form is still there, folded away, to ask another organisation.
    assert "Ask to join another organisation" in html
    # Still so on the next visit.
    assert "Requests waiting for an answer" in client.get(reverse("accounts:join")).content.decode()


def test_an_unknown_customer_looks_the_same(client, org_a, superuser_a):
    client.force_login(factories.make_user("a@example.se"))
    known = _ask(client, org_a.org_number)
    other = factories.make_user("b@example.se")
    client.force_login(other)
    unknown = _ask(client, "212000-0142")
    assert _without_tokens(known).replace(org_a.org_number, "N").replace("a@example.se", "X").count(
        "waiting"
    ) == _without_tokens(unknown).replace("212000-0142", "N").count("waiting")
    assert org_a.name not in known
