"""Finding a person's inbound mail (export, overview, erasure) is a database query: mail
that does not mention them is never read into the application."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kundcenter.mail.models import InboundMessage
from kundcenter.privacy.erasure import RAW_PLACEHOLDER, erase_person
from kundcenter.privacy.export import export_json
from kundcenter.privacy.subject import personal_data

ADDRESS = "Greta.Exempel@Kund-Exempel.se"


def _mail(key, raw: bytes, sender="someone@other.example"):
    return InboundMessage.objects.create(
        message_key=key, source="imap", sender_email=sender, outcome="refused", raw=raw
    )


@pytest.fixture
def mailbox(db):
    return {
        "cc": _mail("cc@x", f"From: a@b.se\r\nCc: {ADDRESS}\r\n\r\nHej".encode()),
        "body": _mail("body@x", b"From: a@b.se\r\n\r\nSkriv till GRETA.EXEMPEL@kund-exempel.se"),
        "non_ascii": _mail(
            "sv@x", "From: å@b.se\r\n\r\nÅsa säger: greta.exempel@kund-exempel.se".encode()
        ),
        # Not her, with LIKE's special characters and bytes that are not UTF-8.
        "other": _mail("other@x", b"From: a@b.se\r\n\r\nHej fr\xe5n n\xe5gon annan 100%_\\"),
        "binary": _mail("bin@x", bytes(range(256)) * 4),
    }


def _exported_mail_ids(doc):
    sections = {s["key"]: s for s in doc["sections"]}
    return {r["id"] for r in sections["mail.inboundmessage.raw_mentions"]["records"]}


def test_the_database_finds_the_mail_that_mentions_the_address(mailbox):
    doc = export_json(personal_data(email=ADDRESS))
    expected = {mailbox[k].pk for k in ("cc", "body", "non_ascii")}
    assert _exported_mail_ids(doc) == expected


def test_mail_not_mentioning_the_person_is_never_read(mailbox, monkeypatch):
    loaded = []
    original = InboundMessage.from_db.__func__

    def from_db(cls, db, field_names, values):
        obj = original(cls, db, field_names, values)
        loaded.append(obj.pk)
        return obj

    monkeypatch.setattr(InboundMessage, "from_db", classmethod(from_db))
    with CaptureQueriesContext(connection) as queries:
        found = personal_data(email=ADDRESS)
        found.counts()
        export_json(found)
    assert set(loaded) == {mailbox[k].pk for k in ("cc", "body", "non_ascii")}
    # No query reads the mail table without a condition (the old way read every message).
    unfiltered = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "mail_inboundmessage"' in q["sql"] and "WHERE" not in q["sql"]
    ]
    assert unfiltered == []


def test_erasure_replaces_only_the_mail_that_mentions_the_person(mailbox, admin_user):
    erase_person(by=admin_user, email=ADDRESS)
    for key, mail in mailbox.items():
        mail.refresh_from_db()
        replaced = bytes(mail.raw) == RAW_PLACEHOLDER
        assert replaced == (key in {"cc", "body", "non_ascii"}), key
