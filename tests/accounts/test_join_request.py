from django.core import mail
from django.urls import reverse

from kundcenter.accounts.models import JoinRequest, Membership
from tests import factories

NEUTRAL = "Your request has been sent to the customer"


def _ask(client, org_number, message="Jag jobbar med lönen."):
    return client.post(
        reverse("accounts:join"), {"org_number": org_number, "message": message}, follow=True
    )


def test_a_new_user_asks_to_join_a_customer_by_org_number(
    client, org_a, superuser_a, django_capture_on_commit_callbacks
):
    newcomer = factories.make_user("ny@byggmontage.se", name="Nina Ny")
    client.force_login(newcomer)
    digits = org_a.org_number.replace("-", "")
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, digits)
    assert NEUTRAL in response.content.decode()
    request = JoinRequest.objects.get(user=newcomer)
    assert request.organization == org_a
    assert request.status == JoinRequest.Status.PENDING
    assert [m.to for m in mail.outbox] == [[superuser_a.email]]


def test_an_unknown_customer_gets_the_same_answer_and_no_request(client, db):
    newcomer = factories.make_user()
    client.force_login(newcomer)
    response = _ask(client, "212000-0142")  # valid check digit, no such customer
    assert NEUTRAL in response.content.decode()
    assert not JoinRequest.objects.exists()


def test_a_wrong_org_number_is_explained_and_the_input_kept(client, db):
    client.force_login(factories.make_user())
    response = _ask(client, "556677-8891")
    html = response.content.decode()
    assert "wrong check digit" in html
    assert 'value="556677-8891"' in html
    assert not JoinRequest.objects.exists()


def test_a_superuser_approves_a_request_and_the_decision_is_recorded(
    client, org_a, superuser_a, django_capture_on_commit_callbacks
):
    newcomer = factories.make_user(name="Nina Ny")
    client.force_login(newcomer)
    _ask(client, org_a.org_number)
    request = JoinRequest.objects.get()

    client.force_login(superuser_a)
    page = client.get(reverse("accounts:organization")).content.decode()
    assert "Nina Ny" in page and "Jag jobbar med lönen." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:decide_join", args=[org_a.pk, request.pk]),
            {"decision": "approve"},
        )
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.APPROVED
    assert request.decided_by == superuser_a and request.decided_at is not None
    membership = Membership.objects.get(user=newcomer, organization=org_a)
    assert membership.role == Membership.Role.USER
    assert "godkänts" in mail.outbox[-1].body  # the newcomer reads Swedish, the default


def test_support_staff_can_reject_a_request(client, org_a, specialist_hantverk):
    newcomer = factories.make_user()
    request = JoinRequest.objects.create(user=newcomer, organization=org_a)
    client.force_login(specialist_hantverk)
    client.post(
        reverse("accounts:decide_join", args=[org_a.pk, request.pk]), {"decision": "reject"}
    )
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.REJECTED
    assert request.decided_by == specialist_hantverk
    assert not Membership.objects.filter(user=newcomer).exists()


def test_plain_users_and_other_customers_cannot_decide(client, org_a, customer_user_a, superuser_b):
    request = JoinRequest.objects.create(user=factories.make_user(), organization=org_a)
    url = reverse("accounts:decide_join", args=[org_a.pk, request.pk])
    for outsider in (customer_user_a, superuser_b):
        client.force_login(outsider)
        assert client.post(url, {"decision": "approve"}).status_code == 404
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.PENDING


def test_a_decided_request_cannot_be_decided_again(client, org_a, superuser_a):
    request = JoinRequest.objects.create(user=factories.make_user(), organization=org_a)
    client.force_login(superuser_a)
    url = reverse("accounts:decide_join", args=[org_a.pk, request.pk])
    client.post(url, {"decision": "reject"})
    response = client.post(url, {"decision": "approve"}, follow=True)
    assert "already been decided" in response.content.decode()
    assert not Membership.objects.filter(user=request.user).exists()
