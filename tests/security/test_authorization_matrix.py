"""Who reaches what by direct URL. Anything a user may not see is a 404 (never a 403), a
POST to it changes nothing, and internal material never reaches a customer's page.

Customer A's objects: a ticket with a public reply, an internal note, a public and an
internal attachment, and the customer's organisation page. The people of customer B, the
plain user of customer A, and staff outside the ticket's lane try them all.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kundcenter.accounts.models import Membership
from kundcenter.tickets import actions
from kundcenter.tickets.models import Attachment
from kundcenter.tickets.workflows import Lane, Status
from tests import factories
from tests.domain.helpers import snapshot, walk_to

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NOTE_TEXT = "INTERNAL-NOTE: kunden har obetalda fakturor sedan mars"
NOTE_FILE = "intern-serverlogg-hemlig.png"
PUBLIC_TEXT = "Vi har hittat felet och återkommer i morgon."
PUBLIC_FILE = "skarmbild-kund.png"
TEAM_REASON = "INTERNAL-REASON: flyttas, kunden är svår"
LANE_REASON = "INTERNAL-HANDOVER: konsulten tar det"

OUTSIDERS = ["superuser_b", "plain_user_b"]
# People of customer A who may not see its tickets: a plain user, not the reporter.
NOT_ENTITLED = [*OUTSIDERS, "customer_user_a"]


def png(name):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def plain_user_b(org_b):
    user = factories.make_user("lisa.plain@handelshuset.se", name="Lisa Vanlig")
    factories.add_member(user, org_b, Membership.Role.USER)
    return user


@pytest.fixture
def case(ticket_a, superuser_a, specialist_hantverk):
    """Customer A's ticket with a conversation, files and internal material."""
    ticket = actions.transition(ticket_a, specialist_hantverk, Status.IN_PROGRESS)
    actions.reply(ticket, specialist_hantverk, PUBLIC_TEXT)
    actions.reply(ticket, superuser_a, "Tack!", files=[png(PUBLIC_FILE)])
    actions.reply(ticket, specialist_hantverk, NOTE_TEXT, internal=True, files=[png(NOTE_FILE)])
    ticket.refresh_from_db()
    return ticket


@pytest.fixture
def public_file(case):
    return Attachment.objects.get(ticket=case, internal=False)


@pytest.fixture
def internal_file(case):
    return Attachment.objects.get(ticket=case, internal=True)


def as_user(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    return client


# --- reading by direct URL -------------------------------------------------------------


TICKET_PAGES = ["portal:ticket", "agent:ticket"]


@pytest.mark.parametrize("persona", NOT_ENTITLED)
@pytest.mark.parametrize("url_name", TICKET_PAGES)
def test_ticket_page_of_another_customer_is_404(client, request, case, persona, url_name):
    response = as_user(client, request, persona).get(reverse(url_name, args=[case.number]))
    assert response.status_code == 404
    assert case.title not in response.content.decode()


@pytest.mark.parametrize("persona", NOT_ENTITLED)
@pytest.mark.parametrize("which", ["public_file", "internal_file"])
def test_attachment_of_another_customer_is_404(client, request, case, persona, which):
    attachment = request.getfixturevalue(which)
    url = reverse("portal:attachment", args=[case.number, attachment.pk])
    response = as_user(client, request, persona).get(url)
    assert response.status_code == 404


def test_attachment_id_of_another_ticket_is_404(client, case, public_file, org_b, superuser_b):
    # B's own ticket number with A's file id: the file must belong to the ticket in the URL.
    ticket_b = factories.make_ticket(org_b, superuser_b)
    client.force_login(superuser_b)
    url = reverse("portal:attachment", args=[ticket_b.number, public_file.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_organization_page_of_another_customer_is_404(client, request, org_a, superuser_a, persona):
    response = as_user(client, request, persona).get(
        reverse("accounts:organization_detail", args=[org_a.pk])
    )
    assert response.status_code == 404
    assert org_a.name not in response.content.decode()
    assert "Anna Berg" not in response.content.decode()


def test_unknown_ticket_number_looks_the_same_as_a_foreign_one(client, case, superuser_b):
    client.force_login(superuser_b)
    foreign = client.get(reverse("portal:ticket", args=[case.number]))
    missing = client.get(reverse("portal:ticket", args=["1999-999999"]))
    assert foreign.status_code == missing.status_code == 404


def test_ticket_list_shows_no_other_customers_tickets(client, case, superuser_b):
    client.force_login(superuser_b)
    html = client.get(reverse("portal:list")).content.decode()
    assert case.number not in html and case.title not in html


def test_customer_gets_404_on_the_agent_page_of_their_own_ticket(client, case, superuser_a):
    client.force_login(superuser_a)
    assert client.get(reverse("agent:ticket", args=[case.number])).status_code == 404


def test_own_people_reach_what_they_should(
    client, case, superuser_a, customer_user_a, org_a, public_file, internal_file
):
    """The other side of the matrix: the same URLs work for the right people."""
    client.force_login(superuser_a)
    assert client.get(reverse("portal:ticket", args=[case.number])).status_code == 200
    url = reverse("portal:attachment", args=[case.number, public_file.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("accounts:organization_detail", args=[org_a.pk])).status_code == 200
    client.force_login(customer_user_a)  # a plain user sees who their SuperUsers are
    page = client.get(reverse("accounts:organization_detail", args=[org_a.pk]))
    assert page.status_code == 200 and "Anna Berg" in page.content.decode()


# --- changing by direct URL ------------------------------------------------------------


@pytest.mark.parametrize("persona", NOT_ENTITLED)
@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        pytest.param("portal:reply", {"body": "Kapat ärende"}, id="reply"),
        pytest.param("portal:step", {"target": Status.CLOSED}, id="step-close"),
        pytest.param("portal:step", {"target": Status.WAITING}, id="step-wait"),
        pytest.param("portal:withdraw", {"reason": "Kapat"}, id="withdraw"),
    ],
)
def test_post_to_another_customers_ticket_is_404_and_changes_nothing(
    client, request, case, persona, url_name, data
):
    before = snapshot(case)
    response = as_user(client, request, persona).post(reverse(url_name, args=[case.number]), data)
    assert response.status_code == 404
    assert snapshot(case) == before


def test_post_to_a_validating_bug_of_another_customer_changes_nothing(
    client, bug_a, manager, superuser_a, superuser_b
):
    # A customer step that A's SuperUser could take: B must not be able to take it.
    bug = walk_to(bug_a, Status.VALIDATION, manager=manager, customer=superuser_a)
    before = snapshot(bug)
    client.force_login(superuser_b)
    for target in (Status.CLOSED, Status.IN_PROGRESS):
        response = client.post(reverse("portal:step", args=[bug.number]), {"target": target})
        assert response.status_code == 404
    assert snapshot(bug) == before


# --- internal material never reaches the customer --------------------------------------


@pytest.fixture
def case_with_internal_history(case, specialist_hantverk, team_handel, team_hantverk):
    actions.move_team(case, specialist_hantverk, team_handel, reason=TEAM_REASON)
    actions.hand_over(case, specialist_hantverk, Lane.CONSULTANT, reason=LANE_REASON)
    case.refresh_from_db()
    return case


def test_customer_ticket_page_never_shows_internal_notes(
    client, case_with_internal_history, superuser_a
):
    client.force_login(superuser_a)
    response = client.get(reverse("portal:ticket", args=[case_with_internal_history.number]))
    assert response.status_code == 200
    html = response.content.decode()
    assert PUBLIC_TEXT in html and PUBLIC_FILE in html  # the page does show the conversation
    for secret in (NOTE_TEXT, NOTE_FILE, TEAM_REASON, LANE_REASON):
        assert secret not in html


def test_customer_reply_page_with_errors_never_shows_internal_notes(client, case, superuser_a):
    # A failed reply re-renders the ticket page: it must filter the same way.
    client.force_login(superuser_a)
    response = client.post(reverse("portal:reply", args=[case.number]), {"body": ""})
    html = response.content.decode()
    assert NOTE_TEXT not in html and NOTE_FILE not in html


def test_internal_attachment_is_404_to_the_customers_own_superuser(
    client, case, superuser_a, internal_file
):
    client.force_login(superuser_a)
    url = reverse("portal:attachment", args=[case.number, internal_file.pk])
    assert client.get(url).status_code == 404


def test_staff_see_internal_notes_on_the_agent_page(
    client, case, specialist_hantverk, internal_file
):
    client.force_login(specialist_hantverk)
    html = client.get(reverse("agent:ticket", args=[case.number])).content.decode()
    assert NOTE_TEXT in html and NOTE_FILE in html
    url = reverse("portal:attachment", args=[case.number, internal_file.pk])
    assert client.get(url).status_code == 200


# --- staff outside the ticket's lane ---------------------------------------------------


@pytest.mark.parametrize("persona", ["product_dev", "consultant"])
def test_staff_outside_the_lane_get_404(client, request, case, persona, public_file, internal_file):
    assert case.lane == Lane.SUPPORT
    as_user(client, request, persona)
    before = snapshot(case)
    for url in (
        reverse("agent:ticket", args=[case.number]),
        reverse("portal:ticket", args=[case.number]),
        reverse("portal:attachment", args=[case.number, public_file.pk]),
        reverse("portal:attachment", args=[case.number, internal_file.pk]),
    ):
        assert client.get(url).status_code == 404, url
    posts = [
        ("agent:reply", {"kind": "internal", "body": "Hej"}),
        ("agent:transition", {"target": Status.WAITING}),
        ("agent:close", {"close_reason": "duplicate", "reason": "Dubblett"}),
        ("agent:hand_over", {"lane": Lane.PRODUCT, "reason": "Till oss"}),
    ]
    for url_name, data in posts:
        response = client.post(reverse(url_name, args=[case.number]), data)
        assert response.status_code == 404, url_name
    assert snapshot(case) == before


@pytest.mark.parametrize(
    ("lane", "inside", "outside"),
    [
        pytest.param(Lane.PRODUCT, "product_dev", "consultant", id="product-lane"),
        pytest.param(Lane.CONSULTANT, "consultant", "product_dev", id="consultant-lane"),
    ],
)
def test_staff_inside_the_lane_reach_the_ticket(
    client, request, case, manager, lane, inside, outside
):
    actions.hand_over(case, manager, lane, reason="Överlämnas")
    url = reverse("agent:ticket", args=[case.number])
    assert as_user(client, request, inside).get(url).status_code == 200
    assert as_user(client, request, outside).get(url).status_code == 404


def test_staff_reach_a_ticket_assigned_to_them_outside_their_lane(
    client, case, manager, consultant
):
    actions.assign(case, manager, consultant)
    client.force_login(consultant)
    assert client.get(reverse("agent:ticket", args=[case.number])).status_code == 200


@pytest.mark.parametrize("persona", ["specialist_handel", "manager", "admin_user"])
def test_support_staff_reach_every_ticket(client, request, case, persona):
    response = as_user(client, request, persona).get(reverse("agent:ticket", args=[case.number]))
    assert response.status_code == 200


# --- customer pages and access grants: least privilege per staff role --------------------
# README "Who may do what with a customer": support staff (specialists, the support manager,
# admins) open every customer; the product department and consultants only a customer with
# a ticket in their lane or assigned to them, and never keep its records; a grant is ended
# by the customer's SuperUsers, the support manager or an admin.


@pytest.fixture
def grant_a(org_a, superuser_a):
    from tests.entitlements.helpers import grant_now

    return grant_now(org_a, superuser_a)


CUSTOMER_PAGES = ["organization_detail", "customer_events"]
RECORD_KEEPING = [
    ("record_training", {"person": "", "module": "", "training": "X", "completed_on": ""}),
    ("payment_standing", {"standing": "overdue", "note": "Obetalt"}),
]


@pytest.mark.parametrize("persona", ["product_dev", "consultant"])
@pytest.mark.parametrize("url_name", CUSTOMER_PAGES)
def test_product_and_consultants_do_not_open_unrelated_customers(
    client, request, org_a, ticket_a, persona, url_name
):
    response = as_user(client, request, persona).get(
        reverse(f"accounts:{url_name}", args=[org_a.pk])
    )
    assert response.status_code == 404
    listing = client.get(reverse("accounts:organization")).content.decode()
    assert reverse("accounts:organization_detail", args=[org_a.pk]) not in listing


@pytest.mark.parametrize(
    ("persona", "lane"),
    [("product_dev", Lane.PRODUCT), ("consultant", Lane.CONSULTANT)],
)
def test_product_and_consultants_open_a_customer_they_work_for_but_keep_no_records(
    client, request, org_a, ticket_a, manager, persona, lane
):
    actions.hand_over(ticket_a, manager, lane, reason="Överlämnas")
    as_user(client, request, persona)
    page = client.get(reverse("accounts:organization_detail", args=[org_a.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("accounts:record_training", args=[org_a.pk]) not in html
    assert reverse("accounts:payment_standing", args=[org_a.pk]) not in html
    listing = client.get(reverse("accounts:organization")).content.decode()
    assert reverse("accounts:organization_detail", args=[org_a.pk]) in listing
    for url_name, data in RECORD_KEEPING:
        url = reverse(f"accounts:{url_name}", args=[org_a.pk])
        assert client.post(url, data).status_code == 404, url_name
    org_a.refresh_from_db()
    assert org_a.payment_standing == org_a.PaymentStanding.GOOD


@pytest.mark.parametrize("persona", ["specialist_handel", "manager", "admin_user"])
def test_support_staff_open_every_customer(client, request, org_a, persona):
    as_user(client, request, persona)
    assert client.get(reverse("accounts:organization_detail", args=[org_a.pk])).status_code == 200
    listing = client.get(reverse("accounts:organization")).content.decode()
    assert reverse("accounts:organization_detail", args=[org_a.pk]) in listing


@pytest.mark.parametrize(
    "persona",
    ["specialist_hantverk", "product_dev", "consultant", "customer_user_a", "superuser_b"],
)
def test_only_superusers_and_the_support_manager_revoke_a_grant(
    client, request, org_a, ticket_a, manager, grant_a, persona
):
    if persona in ("product_dev", "consultant"):
        lane = Lane.PRODUCT if persona == "product_dev" else Lane.CONSULTANT
        actions.hand_over(ticket_a, manager, lane, reason="Överlämnas")  # they see the customer
    url = reverse("accounts:revoke_access", args=[org_a.pk, grant_a.pk])
    assert as_user(client, request, persona).post(url).status_code == 404
    grant_a.refresh_from_db()
    assert grant_a.revoked_at is None


@pytest.mark.parametrize("persona", ["superuser_a", "manager", "admin_user"])
def test_superusers_the_manager_and_admins_revoke_a_grant(client, request, org_a, grant_a, persona):
    url = reverse("accounts:revoke_access", args=[org_a.pk, grant_a.pk])
    assert as_user(client, request, persona).post(url).status_code == 302
    grant_a.refresh_from_db()
    assert grant_a.revoked_at is not None


def test_the_revoke_action_itself_refuses_a_specialist(org_a, grant_a, specialist_hantverk):
    from kundcenter.accounts.entitlements import revoke_access
    from kundcenter.lib.errors import ActionError

    with pytest.raises(ActionError):
        revoke_access(grant_a, specialist_hantverk)
    grant_a.refresh_from_db()
    assert grant_a.revoked_at is None


# --- customer-satisfaction surveys (issue 13) --------------------------------------------

FOLLOW_UP_NOTE = "INTERNAL-FOLLOW-UP: kunden är missnöjd med Sara"


@pytest.fixture
def surveyed(case, superuser_a, specialist_hantverk, manager):
    """Customer A's ticket closed as resolved, its survey answered low and followed up."""
    from kundcenter.tickets import surveys

    ticket = actions.transition(case, specialist_hantverk, Status.CLOSED)
    surveys.answer(ticket.survey, 1, "Långsamt")
    surveys.follow_up(ticket.survey, manager, FOLLOW_UP_NOTE)
    ticket.refresh_from_db()
    return ticket


@pytest.mark.parametrize("persona", NOT_ENTITLED)
def test_survey_of_another_customers_ticket_is_404_and_unchanged(
    client, request, surveyed, persona
):
    before = snapshot(surveyed), surveyed.survey.score
    as_user(client, request, persona)
    response = client.post(reverse("portal:survey", args=[surveyed.number]), {"score": "5"})
    assert response.status_code == 404
    surveyed.survey.refresh_from_db()
    assert (snapshot(surveyed), surveyed.survey.score) == before


@pytest.mark.parametrize("persona", [*NOT_ENTITLED, "superuser_a"])
def test_customers_never_reach_the_survey_follow_ups(client, request, surveyed, persona):
    as_user(client, request, persona)
    assert client.get(reverse("agent:low_scores")).status_code == 404
    url = reverse("agent:follow_up", args=[surveyed.survey.pk])
    assert client.post(url, {"note": "x"}).status_code == 404
    assert client.get(reverse("reports:satisfaction")).status_code == 404


def test_the_follow_up_never_reaches_the_customers_ticket_page(client, surveyed, superuser_a):
    client.force_login(superuser_a)
    html = client.get(reverse("portal:ticket", args=[surveyed.number])).content.decode()
    assert "You gave us 1 of 5" in html  # their own answer, and nothing about the follow-up
    assert FOLLOW_UP_NOTE not in html and "followed up" not in html.lower()
