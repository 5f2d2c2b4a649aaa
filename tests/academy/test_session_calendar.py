"""The .ics file for a training session (RFC 5545)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from kundcenter.academy.models import Session
from tests.academy.helpers import make_course


def test_session_ics_has_the_event_in_utc_with_crlf_lines(client, customer_user_a):
    course = make_course(title="Lön, fördjupning; semester och sjuklön")
    starts = timezone.make_aware(datetime.datetime(2026, 6, 10, 9, 0))  # Stockholm, UTC+2
    session = Session.objects.create(
        course=course,
        kind=Session.Kind.CLASSROOM,
        place="Storgatan 1, Umeå",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        seats=10,
    )
    client.force_login(customer_user_a)

    response = client.get(reverse("academy:session_ics", args=[session.pk]))

    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VEVENT\r\nEND:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert f"UID:academy-session-{session.pk}@" in text
    assert "DTSTAMP:" in text
    assert "DTSTART:20260610T070000Z\r\n" in text
    assert "DTEND:20260610T100000Z\r\n" in text
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Lön\\, fördjupning\\; semester och sjuklön (Lön)" in unfolded
    assert "LOCATION:Storgatan 1\\, Umeå" in unfolded
    # No content line longer than 75 octets.
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
