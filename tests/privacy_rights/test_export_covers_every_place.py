"""The export misses no place where a person appears (seeded everywhere and compared)."""

from kundcenter.privacy.export import export_json
from kundcenter.privacy.subject import personal_data, user_references


def _exported(doc):
    return {section["key"]: {r["id"] for r in section["records"]} for section in doc["sections"]}


def test_every_reference_to_users_is_seeded(person, seeded):
    """A model added later that points at users fails here until the seed covers it."""
    missing = [
        f"{model._meta.label_lower}.{field.name}"
        for model, field in user_references()
        if f"{model._meta.label_lower}.{field.name}" not in seeded["expect"]
    ]
    assert missing == [], f"seed tests/privacy_rights/seed.py for: {missing}"


def test_export_holds_every_seeded_row(person, seeded):
    exported = _exported(export_json(personal_data(user=person)))
    for key, pks in seeded["expect"].items():
        assert pks <= exported.get(key, set()), f"{key} missing from the export"
    assert exported["accounts.user.self"] == {person.pk}


def test_export_by_email_alone_finds_refused_mail_and_mentions(person, seeded):
    doc = export_json(personal_data(email=person.email.upper()))
    exported = _exported(doc)
    assert seeded["cc_mail"].pk in exported["mail.inboundmessage.raw_mentions"]
    assert (
        seeded["expect"]["mail.inboundmessage.mentions"] <= exported["mail.inboundmessage.mentions"]
    )
    assert doc["subject"]["user_id"] == person.pk


def test_export_never_contains_the_password_hash(person, seeded):
    doc = export_json(personal_data(user=person))
    account = next(s for s in doc["sections"] if s["key"] == "accounts.user.self")
    assert "password" not in account["records"][0]
    assert account["records"][0]["email"] == person.email
