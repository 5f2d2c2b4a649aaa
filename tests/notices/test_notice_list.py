"""The in-app notification list and bell: assignments, customer replies on my tickets,
SLA warnings, mentions; each person sees only their own; staff only."""

import pytest
from django.urls import reverse

from kundcenter.mail.preferences import update_preferences
from kundcenter.notices.models import Notice
from kundcenter.sla.notify import sweep_notifications
from kundcenter.tickets import actions
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_assignment_by_a_colleague_makes_a_notice_and_an_optional_mail(
    manager, specialist_hantverk, ticket_a, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign(ticket_a, manager, specialist_hantverk)
    notice = Notice.objects.get(recipient=specialist_hantverk)
    assert notice.kind == Notice.Kind.ASSIGNED and notice.actor == manager
    assert [m.to for m in mailoutbox] == [[specialist_hantverk.email]]
    assert "Anna Chef har tilldelat dig ärende" in mailoutbox[0].body  # in her language
    assert mailoutbox[0].extra_headers["X-Kundcenter-Notification"] == "ticket_assigned"

    update_preferences(specialist_hantverk, assignments=False)
    other = factories.make_ticket(ticket_a.organization, ticket_a.reporter)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign(other, manager, specialist_hantverk)
    assert Notice.objects.filter(recipient=specialist_hantverk).count() == 2
    assert not [
        m
        for m in mailoutbox
        if m.extra_headers.get("X-Kundcenter-Notification") == "ticket_assigned"
    ]


def test_taking_a_ticket_oneself_makes_no_notice(
    specialist_hantverk, ticket_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign(ticket_a, specialist_hantverk, specialist_hantverk)
    assert not Notice.objects.exists()


def test_a_customer_reply_on_my_ticket_makes_a_notice(
    specialist_hantverk, superuser_a, ticket_a, django_capture_on_commit_callbacks
):
    actions.assign(ticket_a, specialist_hantverk, specialist_hantverk)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(ticket_a, superuser_a, "Här är skärmbilden.")
        actions.reply(ticket_a, specialist_hantverk, "Tack!")  # my own reply: no notice
    notice = Notice.objects.get()
    assert (notice.recipient, notice.kind) == (specialist_hantverk, Notice.Kind.REPLY)
    assert notice.excerpt == "Här är skärmbilden."


def test_sla_warnings_go_to_the_assignee_and_breaches_to_managers(
    specialist_hantverk, manager, ticket_a, bug_a, django_capture_on_commit_callbacks
):
    from types import SimpleNamespace

    from django.db import transaction

    actions.assign(ticket_a, specialist_hantverk, specialist_hantverk)
    result = SimpleNamespace(
        warned=[ticket_a.pk], response_breached=[bug_a.pk], resolution_breached=[]
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        sweep_notifications(result)
    assert set(Notice.objects.values_list("recipient__email", "kind", "ticket_id")) == {
        (specialist_hantverk.email, "sla_warning", ticket_a.pk),
        (manager.email, "sla_breach", bug_a.pk),
    }


def _notice(user, ticket, **kw):
    return Notice.objects.create(recipient=user, ticket=ticket, kind="assigned", **kw)


def test_the_list_shows_only_my_notices_and_marks_them_read(
    client, specialist_hantverk, specialist_handel, ticket_a
):
    mine = _notice(specialist_hantverk, ticket_a, excerpt="Min")
    theirs = _notice(specialist_handel, ticket_a, excerpt="Hans")
    client.force_login(specialist_hantverk)
    page = client.get(reverse("notices:list")).content.decode()
    assert f'id="notice-{mine.pk}"' in page
    assert f'id="notice-{theirs.pk}"' not in page
    bell = client.get(reverse("notices:bell")).content.decode()
    assert 'data-unread="1"' in bell and "Notifications: 1 unread" in bell

    # Someone else's notice does not exist for me.
    assert client.post(reverse("notices:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None

    response = client.post(reverse("notices:read", args=[mine.pk]), {"open": "1"})
    assert response.url == reverse("agent:ticket", args=[ticket_a.number])
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'data-unread="0"' in client.get(reverse("notices:bell")).content.decode()


def test_mark_all_read_touches_only_mine(client, specialist_hantverk, specialist_handel, ticket_a):
    for _i in range(3):
        _notice(specialist_hantverk, ticket_a)
    theirs = _notice(specialist_handel, ticket_a)
    client.force_login(specialist_hantverk)
    client.post(reverse("notices:read_all"))
    assert not Notice.objects.filter(recipient=specialist_hantverk, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_customers_have_no_notification_list_or_bell(client, superuser_a, ticket_a):
    notice = _notice(superuser_a, ticket_a)
    client.force_login(superuser_a)
    assert client.get(reverse("notices:list")).status_code == 404
    assert client.get(reverse("notices:bell")).status_code == 404
    assert client.post(reverse("notices:read", args=[notice.pk])).status_code == 404
    page = client.get(reverse("portal:ticket", args=[ticket_a.number])).content.decode()
    assert 'id="notice-bell"' not in page


def test_the_bell_is_in_the_staff_header(client, specialist_hantverk):
    client.force_login(specialist_hantverk)
    page = client.get(reverse("agent:queue")).content.decode()
    assert 'id="notice-bell"' in page
    assert f'hx-get="{reverse("notices:bell")}"' in page


def test_the_list_and_the_bell_cost_the_same_queries_for_3_or_40_notices(
    client, specialist_hantverk, manager, ticket_a, django_assert_max_num_queries
):
    def fill(n):
        for _i in range(n):
            _notice(specialist_hantverk, ticket_a, actor=manager)

    fill(3)
    client.force_login(specialist_hantverk)
    client.get(reverse("notices:list"))
    with django_assert_max_num_queries(9) as few:  # session, user, two-factor, …, list
        client.get(reverse("notices:list"))
    with django_assert_max_num_queries(7) as bell:  # the same, COUNT instead of the list
        client.get(reverse("notices:bell"))
    fill(37)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("notices:list")).content.decode()
    assert page.count('class="card unread"') == 40
    with django_assert_max_num_queries(len(bell.captured_queries)):
        client.get(reverse("notices:bell"))
