"""A SuperUser gets support only on modules they completed the official training for: the
new-ticket form lists only those and names the rest, registration refuses the others."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from kundcenter.accounts.entitlements import module_facts, module_refusal, record_training
from kundcenter.accounts.models import CustomerEvent, Module, TrainingRecord
from kundcenter.lib.errors import ActionError
from kundcenter.tickets import actions
from kundcenter.tickets.models import Ticket
from tests.entitlements.helpers import untrained_superuser

UNTRAINED_LON = (
    "You need to complete the official training for Lön before you can get support on it. "
    "See the Academy for coming trainings."
)


@pytest.fixture
def half_trained(org_a, manager):
    """A SuperUser of org_a trained for Ekonomi but not for Lön."""
    user = untrained_superuser(org_a, name="Ulla Halvtränad")
    record_training(
        user,
        Module.objects.get(slug="ekonomi"),
        training="Ekonomi grundkurs",
        completed_on=datetime.date(2026, 1, 20),
        recorded_by=manager,
    )
    return user


def _register(org, reporter, module, **kwargs):
    return actions.register_ticket(
        reporter=reporter,
        organization=org,
        category="support",
        title="Semesterlön",
        description="Hur räknas semesterlönen?",
        module=Module.objects.get(slug=module) if module else None,
        **kwargs,
    )


def test_registration_on_an_untrained_module_is_refused_with_the_sentence(org_a, half_trained):
    with pytest.raises(ActionError) as refused:
        _register(org_a, half_trained, "lon")
    assert refused.value.message == UNTRAINED_LON
    assert not Ticket.objects.exists()


def test_registration_on_a_trained_module_is_accepted(org_a, half_trained):
    assert _register(org_a, half_trained, "ekonomi").module.slug == "ekonomi"


def test_a_ticket_without_module_skips_the_check_for_triage(org_a, half_trained):
    assert _register(org_a, half_trained, None).module is None


def test_an_unlicensed_module_is_refused(org_a, superuser_a):
    with pytest.raises(ActionError, match="has no licence for the module Order"):
        _register(org_a, superuser_a, "order")


def test_staff_registering_a_call_are_told_about_the_caller(
    org_a, half_trained, specialist_hantverk
):
    with pytest.raises(ActionError) as refused:
        _register(org_a, half_trained, "lon", registered_by=specialist_hantverk)
    assert refused.value.message == (
        "Ulla Halvtränad has not completed the official training for Lön, which is needed "
        "to get support on it."
    )


def test_the_form_lists_only_trained_modules_and_explains_the_rest(client, half_trained):
    client.force_login(half_trained)
    response = client.get(reverse("portal:new"))
    form = response.context["form"]
    assert [m.slug for m in form.fields["module"].queryset] == ["ekonomi"]
    html = response.content.decode()
    assert (
        escape("Not listed, because you have not completed the official training for them: Lön.")
        in html
    )


def test_a_forged_untrained_module_is_refused_by_the_form(client, half_trained):
    client.force_login(half_trained)
    response = client.post(
        reverse("portal:new"),
        {
            "module": Module.objects.get(slug="lon").pk,
            "category": "support",
            "title": "Semesterlön",
            "description": "Hur räknas semesterlönen?",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Ticket.objects.exists()


def test_without_any_training_the_form_says_so(client, org_a):
    user = untrained_superuser(org_a)
    client.force_login(user)
    response = client.post(
        reverse("portal:new"),
        {"category": "support", "title": "Fråga", "description": "Hur gör jag?"},
    )
    html = response.content.decode()
    assert "You have not completed the official training for any of your modules yet" in html
    assert not Ticket.objects.exists()


def test_a_fully_trained_superuser_sees_no_note(client, superuser_a):
    client.force_login(superuser_a)
    response = client.get(reverse("portal:new"))
    assert sorted(m.slug for m in response.context["form"].fields["module"].queryset) == [
        "ekonomi",
        "lon",
    ]
    assert "Only the modules you are trained for" not in response.content.decode()


def test_module_refusal_is_none_when_trained(org_a, superuser_a):
    assert module_refusal(superuser_a, org_a, Module.objects.get(slug="lon")) is None


def test_staff_record_a_training_from_the_customer_page(client, org_a, half_trained, manager):
    client.force_login(manager)
    lon = Module.objects.get(slug="lon")
    response = client.post(
        reverse("accounts:record_training", args=[org_a.pk]),
        {
            "person": half_trained.pk,
            "module": lon.pk,
            "training": "Lön grundkurs",
            "completed_on": "2026-03-02",
        },
        follow=True,
    )
    assert "The training in Lön is recorded for Ulla Halvtränad." in response.content.decode()
    record = TrainingRecord.objects.get(user=half_trained, module=lon)
    assert record.recorded_by == manager and record.completed_on == datetime.date(2026, 3, 2)
    event = CustomerEvent.objects.filter(kind=CustomerEvent.Kind.TRAINING).latest("pk")
    assert event.subject == half_trained and "Lön grundkurs" in event.detail
    _register(org_a, half_trained, "lon")  # now allowed


def test_a_training_in_the_future_is_refused_keeping_the_input(
    client, org_a, half_trained, manager
):
    client.force_login(manager)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("accounts:record_training", args=[org_a.pk]),
        {
            "person": half_trained.pk,
            "module": Module.objects.get(slug="lon").pk,
            "training": "Lön fortsättning",
            "completed_on": tomorrow.isoformat(),
        },
    )
    html = response.content.decode()
    assert "A training cannot be completed in the future." in html
    assert 'value="Lön fortsättning"' in html
    assert not TrainingRecord.objects.filter(user=half_trained, module__slug="lon").exists()


def test_only_staff_record_trainings(org_a, half_trained, superuser_a):
    with pytest.raises(ActionError, match="Only support staff can record trainings."):
        record_training(
            half_trained,
            Module.objects.get(slug="lon"),
            training="",
            completed_on=datetime.date(2026, 1, 1),
            recorded_by=superuser_a,
        )


@pytest.mark.parametrize("who", ["superuser_a", "customer_user_a", "superuser_b"])
def test_the_training_form_is_not_found_for_customers(client, request, org_a, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("accounts:record_training", args=[org_a.pk])).status_code == 404


def test_facts_read_by_the_form_answer_the_check_without_a_query(org_a, half_trained):
    """The registration reads licences and trainings once (`module_facts`, for the form)
    and its check answers from them: the same refusals, no second query."""
    facts = module_facts(half_trained, [org_a.pk])
    ekonomi, lon = Module.objects.get(slug="ekonomi"), Module.objects.get(slug="lon")
    with CaptureQueriesContext(connection) as captured:
        assert module_refusal(half_trained, org_a, ekonomi, facts=facts) is None
        assert module_refusal(half_trained, org_a, lon, facts=facts) == UNTRAINED_LON
    assert len(captured) == 0
    with pytest.raises(ActionError) as refused:
        _register(org_a, half_trained, "lon", module_facts=facts)
    assert refused.value.message == UNTRAINED_LON
    assert _register(org_a, half_trained, "ekonomi", module_facts=facts).module == ekonomi


def test_facts_of_someone_else_or_another_customer_are_not_trusted(
    org_a, org_b, half_trained, superuser_a
):
    """Facts cover one person and their customers: for anyone or anything else the check
    asks the database."""
    lon = Module.objects.get(slug="lon")
    trained_facts = module_facts(superuser_a, [org_a.pk])
    assert module_refusal(superuser_a, org_a, lon, facts=trained_facts) is None
    assert module_refusal(half_trained, org_a, lon, facts=trained_facts) == UNTRAINED_LON
    other_org = module_facts(half_trained, [org_b.pk])
    assert module_refusal(half_trained, org_a, lon, facts=other_org) == UNTRAINED_LON
