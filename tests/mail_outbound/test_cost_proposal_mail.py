"""A cost proposal waiting is essential mail to every SuperUser of the customer."""

import pytest

from kundcenter.mail.preferences import update_preferences
from kundcenter.tickets import billing
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_superuser_hears_of_the_proposal_with_its_price(
    org_a, superuser_a, consultant, django_capture_on_commit_callbacks, mailoutbox
):
    colleague = factories.make_superuser(org_a, "bo.kollega@byggmontage.se", "Bo Kollega")
    colleague.language = "en"
    colleague.save(update_fields=["language"])
    update_preferences(superuser_a, replies=False, status_changes=False)
    order = factories.make_ticket(org_a, superuser_a, category="order", title="Ny rapport")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        billing.propose_cost(
            order,
            consultant,
            description="Två nya rapporter.",
            pricing="fixed",
            fixed_price="12500",
        )

    proposals = [
        m for m in mailoutbox if m.extra_headers["X-Kundcenter-Notification"] == "proposal_waiting"
    ]
    assert sorted(m.to[0] for m in proposals) == sorted([superuser_a.email, colleague.email])
    english = next(m for m in proposals if m.to == [colleague.email])
    assert "waits for your answer" in english.body
    assert "Två nya rapporter." in english.body
    assert "12,500.00 kr" in english.body
    # The move to Cost proposal is told by the proposal mail itself, not a status mail.
    statuses = [
        m for m in mailoutbox if m.extra_headers["X-Kundcenter-Notification"] == "status_changed"
    ]
    assert all("Cost proposal" not in m.body for m in statuses)
