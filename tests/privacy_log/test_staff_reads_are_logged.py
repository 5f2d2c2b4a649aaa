"""Staff opening a ticket or customer page, searching, or an API client calling us each
leave exactly the expected processing-log entries; a customer reading their own ticket
leaves none; logging costs at most one query per request."""

from django.urls import reverse

from kundcenter.accounts.actions import request_to_join
from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.tickets import actions
from tests import factories
from tests.api.helpers import api_client, bearer
from tests.conftest import login


def test_staff_reading_a_ticket_logs_the_reporter(client, specialist_hantverk, ticket_a):
    login(client, specialist_hantverk)
    response = client.get(reverse("agent:ticket", args=[ticket_a.number]))
    assert response.status_code == 200
    entry = ProcessingLogEntry.objects.get()
    assert entry.actor == specialist_hantverk
    assert entry.subject == ticket_a.reporter
    assert entry.action == "read"
    assert entry.object_description == f"ticket {ticket_a.number}"
    assert entry.path == reverse("agent:ticket", args=[ticket_a.number])
    assert entry.ip_address == "127.0.0.1"
    assert entry.request_id


def test_ticket_read_logs_customer_authors_once_each(
    client, specialist_hantverk, ticket_a, superuser_a, org_a
):
    colleague = factories.make_superuser(org_a, "bo.ek@byggmontage.se", "Bo Ek")
    actions.reply(ticket_a, colleague, "Jag har samma problem.")
    actions.reply(ticket_a, colleague, "Och en sak till.")
    actions.reply(ticket_a, specialist_hantverk, "Vi tittar på det.")
    login(client, specialist_hantverk)
    client.get(reverse("agent:ticket", args=[ticket_a.number]))
    subjects = sorted(ProcessingLogEntry.objects.values_list("subject__email", flat=True))
    # Staff writers are not data subjects of a ticket; each customer person appears once.
    assert subjects == sorted([superuser_a.email, colleague.email])


def test_customer_reading_own_ticket_logs_nothing(client, superuser_a, ticket_a):
    login(client, superuser_a)
    response = client.get(reverse("portal:ticket", args=[ticket_a.number]))
    assert response.status_code == 200
    assert not ProcessingLogEntry.objects.exists()


def test_logging_adds_one_query(
    client, specialist_hantverk, ticket_a, org_a, django_assert_max_num_queries
):
    colleague = factories.make_superuser(org_a, "bo.ek@byggmontage.se", "Bo Ek")
    for n in range(5):
        actions.reply(ticket_a, colleague, f"Meddelande {n}")
    login(client, specialist_hantverk)
    url = reverse("agent:ticket", args=[ticket_a.number])
    client.get(url)
    with django_assert_max_num_queries(100) as queries:
        client.get(url)
    inserts = [q for q in queries.captured_queries if "privacy_processinglogentry" in q["sql"]]
    assert len(inserts) == 1
    assert inserts[0]["sql"].lstrip().upper().startswith("INSERT")
    assert ProcessingLogEntry.objects.count() == 4  # 2 people x 2 requests


def test_customer_page_logs_its_members(client, manager, org_a, superuser_a, customer_user_a):
    login(client, manager)
    client.get(reverse("accounts:organization_detail", args=[org_a.pk]))
    logged = set(ProcessingLogEntry.objects.values_list("subject_id", flat=True))
    assert logged == {superuser_a.pk, customer_user_a.pk}
    assert ProcessingLogEntry.objects.filter(request_id="").count() == 0
    assert len(set(ProcessingLogEntry.objects.values_list("request_id", flat=True))) == 1


def test_customer_page_logs_people_asking_to_join(client, manager, org_a, superuser_a):
    asker = factories.make_user("ny.person@example.se")
    assert request_to_join(asker, org_a.org_number) is not None
    login(client, manager)
    page = client.get(reverse("accounts:organization_detail", args=[org_a.pk]))
    assert asker.full_name in page.content.decode()
    assert ProcessingLogEntry.objects.filter(subject=asker, action="read").exists()


def test_queue_search_logs_what_was_searched_and_the_hits_not_the_terms(
    client, specialist_hantverk, ticket_a
):
    login(client, specialist_hantverk)
    client.get(reverse("agent:queue"))
    assert not ProcessingLogEntry.objects.exists()  # the plain queue is no search
    client.get(reverse("agent:queue"), {"q": "momsrapport"})
    entry = ProcessingLogEntry.objects.get()
    assert entry.action == "search"
    assert entry.object_description == "search: queue by q, results: 1"
    assert entry.subject is None


def test_customer_search_logs_the_hit_count_not_the_terms(client, manager, org_a):
    login(client, manager)
    client.get(reverse("accounts:organization"), {"q": "Bygg"})
    entry = ProcessingLogEntry.objects.get()
    assert entry.action == "search"
    assert entry.object_description == "search: customers, results: 1"


def test_api_access_is_logged_with_client_name(client, org_a):
    _client, token = api_client("Affärssystemet")
    url = reverse("api-v1:access", args=[org_a.org_number])
    client.get(url, {"audience": "support"}, **bearer(token))
    entry = ProcessingLogEntry.objects.get()
    assert entry.action == "api"
    assert entry.client_name == "Affärssystemet"
    assert entry.actor is None
    assert url in entry.object_description


def test_api_call_with_bad_token_logs_nothing(client, org_a):
    url = reverse("api-v1:access", args=[org_a.org_number])
    response = client.get(url, {"audience": "support"}, **bearer("nonsense"))
    assert response.status_code == 401
    assert not ProcessingLogEntry.objects.exists()


def test_other_customers_ticket_read_by_staff_logs_the_right_person(
    client, specialist_handel, org_b, superuser_b
):
    ticket = factories.make_ticket(org_b, superuser_b)
    login(client, specialist_handel)
    client.get(reverse("agent:ticket", args=[ticket.number]))
    assert list(ProcessingLogEntry.objects.values_list("subject", flat=True)) == [superuser_b.pk]
