"""A ticket's status and category labels (every list row shows them) are Django's, in
the reader's language, however they are computed."""

import pytest
from django.utils import translation

from kundcenter.tickets.models import Ticket
from kundcenter.tickets.workflows import Category, Status


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_labels_are_djangos_in_every_language(language):
    status_field = Ticket._meta.get_field("status")
    category_field = Ticket._meta.get_field("category")
    with translation.override(language):
        for status in [*Status.values, "okänd"]:
            ticket = Ticket(status=status)
            assert ticket.get_status_display() == ticket._get_FIELD_display(status_field)
        for category in [*Category.values, "okänd"]:
            ticket = Ticket(category=category)
            assert ticket.get_category_display() == ticket._get_FIELD_display(category_field)


def test_a_status_label_follows_the_active_language():
    ticket = Ticket(status=Status.WAITING)
    with translation.override("sv"):
        assert ticket.get_status_display() == "Väntar på kund"
    with translation.override("en"):
        assert ticket.get_status_display() == "Waiting for customer"
