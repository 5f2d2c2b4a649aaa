"""A caller's number is personal data: the export finds the person's calls by the phone on
their account, however it was written, and erasure empties the number."""

from kundcenter.privacy.erasure import erase_person
from kundcenter.privacy.export import export_json
from kundcenter.privacy.subject import personal_data
from kundcenter.tickets.models import PhoneCall
from tests.phone.helpers import add_call


def _section(doc, key):
    return next((s for s in doc["sections"] if s["key"] == key), None)


def test_the_export_and_erasure_cover_the_callers_number(superuser_a, admin_user, ticket_a):
    superuser_a.phone = "+46 70-555 12 34"
    superuser_a.save(update_fields=["phone"])
    theirs = add_call(90, caller_number="0705551234", ticket=ticket_a)
    someone_else = add_call(90, caller_number="0701112233")

    doc = export_json(personal_data(user=superuser_a))
    section = _section(doc, "tickets.phonecall.caller_number")
    assert [r["id"] for r in section["records"]] == [theirs.pk]
    assert section["records"][0]["caller_number"] == "0705551234"

    erase_person(by=admin_user, user=superuser_a)
    assert PhoneCall.objects.get(pk=theirs.pk).caller_number == ""
    assert PhoneCall.objects.get(pk=someone_else.pk).caller_number == "0701112233"
    # The call itself stays: the wait still counts in the average.
    assert PhoneCall.objects.get(pk=theirs.pk).waited_seconds == 90


def test_a_person_without_a_phone_has_no_call_section(superuser_a):
    add_call(90, caller_number="")
    doc = export_json(personal_data(user=superuser_a))
    assert _section(doc, "tickets.phonecall.caller_number") is None
