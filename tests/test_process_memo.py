"""Per-process memory for facts many pages show (kundcenter.lib.memo), the `{% memo %}`
fragments of the page frame, and the paginator that counts only when it must."""

from django.template import Context, Template
from django.utils import translation

from kundcenter.academy.models import NewsItem
from kundcenter.lib import memo
from kundcenter.lib.paging import CountingWhenNeededPaginator
from kundcenter.tickets.models import Ticket
from tests import factories


def test_a_value_is_kept_for_its_seconds_then_read_again(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock[0])
    kept = memo.ProcessMemo("test-seconds", 60)
    reads = []
    assert kept.get("k", lambda: reads.append(1) or len(reads)) == 1
    clock[0] += 59
    assert kept.get("k", lambda: reads.append(1) or len(reads)) == 1
    clock[0] += 2
    assert kept.get("k", lambda: reads.append(1) or len(reads)) == 2


def test_saving_or_deleting_a_model_it_reads_forgets_it_at_once(db):
    kept = memo.ProcessMemo("test-models", 3600, models=[NewsItem])
    assert kept.get("k", lambda: "old") == "old"
    item = NewsItem.objects.create(
        title="Ny", body="Text", language="en", published=True, published_on="2026-01-01"
    )
    assert kept.get("k", lambda: "new") == "new"
    item.delete()
    assert kept.get("k", lambda: "newer") == "newer"


def test_news_published_now_shows_on_the_start_page(client, superuser_a):
    client.force_login(superuser_a)
    client.get("/arenden/")
    NewsItem.objects.create(
        title="Nyhet om releasen",
        body="Text",
        language="en",
        published=True,
        published_on="2026-01-01",
    )
    assert "Nyhet om releasen" in client.get("/arenden/").content.decode()


FRAGMENT = (
    '{% load fragments i18n %}{% memo "t" nav %}'
    '{{ nav }} {% translate "Log out" %} {{ other }}{% endmemo %}'
)


def test_a_fragment_is_rendered_once_per_value_and_language(settings):
    settings.DEBUG = False
    template = Template(FRAGMENT)
    assert template.render(Context({"nav": "a", "other": 1})) == "a Log out 1"
    # Only the values named make it differ: anything else inside is fixed at the first render.
    assert template.render(Context({"nav": "a", "other": 2})) == "a Log out 1"
    assert template.render(Context({"nav": "b", "other": 2})) == "b Log out 2"
    with translation.override("sv"):
        assert template.render(Context({"nav": "a", "other": 3})) == "a Logga ut 3"


def test_a_fragment_with_unless_true_is_rendered_every_time(settings):
    settings.DEBUG = False
    template = Template(
        '{% load fragments %}{% memo "u" nav unless=bound %}{{ nav }} {{ other }}{% endmemo %}'
    )
    assert template.render(Context({"nav": "a", "other": 1, "bound": True})) == "a 1"
    assert template.render(Context({"nav": "a", "other": 2, "bound": True})) == "a 2"
    assert template.render(Context({"nav": "a", "other": 3, "bound": False})) == "a 3"
    assert template.render(Context({"nav": "a", "other": 4, "bound": False})) == "a 3"
    assert template.render(Context({"nav": "a", "other": 5, "bound": True})) == "a 5"


def test_with_debug_on_a_fragment_is_rendered_every_time(settings):
    settings.DEBUG = True
    template = Template(FRAGMENT)
    assert template.render(Context({"nav": "a", "other": 1})) == "a Log out 1"
    assert template.render(Context({"nav": "a", "other": 2})) == "a Log out 2"


def test_a_first_page_that_holds_the_whole_list_is_not_counted(
    org_a, superuser_a, django_assert_num_queries
):
    for i in range(3):
        factories.make_ticket(org_a, superuser_a, title=f"Fråga {i}")
    tickets = Ticket.objects.order_by("pk")
    with django_assert_num_queries(1):
        page = CountingWhenNeededPaginator(tickets, 3).get_page(None)
        assert len(page) == 3 and not page.has_other_pages()
    factories.make_ticket(org_a, superuser_a, title="Fråga 4")
    with django_assert_num_queries(2):
        page = CountingWhenNeededPaginator(tickets, 3).get_page("1")
        assert len(page) == 3 and page.paginator.num_pages == 2
    page = CountingWhenNeededPaginator(tickets, 3).get_page("2")
    assert [t.title for t in page] == ["Fråga 4"]
    page = CountingWhenNeededPaginator(tickets, 3).get_page("99")  # the last, as Django's
    assert page.number == 2
    empty = CountingWhenNeededPaginator(Ticket.objects.none(), 3).get_page(None)
    assert len(empty) == 0 and empty.paginator.count == 0
