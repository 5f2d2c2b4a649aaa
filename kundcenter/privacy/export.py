"""The JSON export of a person's data (docs/privacy-export-schema.json, docs/privacy-export.md).

The document is written piece by piece from `iter_export()` with querysets read by
`iterator()`, so an export of a person with years of tickets never sits in memory whole;
`export_response()` streams it to the browser.
"""

import base64
import datetime
import decimal
import json
import uuid

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import StreamingHttpResponse
from django.utils import timezone

from kundcenter.privacy.subject import PersonalData

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "https://kundcenter.example/schemas/privacy-export/1.0.json"

# Never exported: secrets that would let someone log in as the person (hashes, one-time
# password keys, tokens), whatever model they sit in.
SECRET_FIELDS = {"password", "key", "secret", "token", "token_hash", "session_key"}
# The same, for columns whose name says nothing: what waits in the outbox may hold a
# registration's password hash or a mail with a password-reset or confirmation link (the
# export lists what waits by its topic, recipient and subject).
SECRET_COLUMNS = {"outbox.outboxitem": {"payload"}}
# Columns the reports derive from the others (their precomputed cells and business-time
# durations): nothing about the person that the export does not already hold.
DERIVED_COLUMNS = {
    "tickets.ticket": {
        "handling_business_seconds",
        "resolution_business_seconds",
        "counted_as",
        "timed_as",
        "customer_counted_as",
    },
    "knowledge.suggestionlog": {"counted_as"},
}
CHUNK_SIZE = 500


def _value(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, list | dict):
        return value
    return str(value)


def exported_fields(model) -> list[models.Field]:
    """The columns of `model` that go into an export (all but secrets and raw bytes)."""
    label = model._meta.label_lower
    secret = SECRET_FIELDS | SECRET_COLUMNS.get(label, set()) | DERIVED_COLUMNS.get(label, set())
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in secret and not isinstance(f, models.BinaryField)
    ]


def record(obj, fields) -> dict:
    """One row as a JSON object: `id` plus every exported column (foreign keys as ids)."""
    data = {"id": _value(obj.pk)}
    for f in fields:
        if f.primary_key:
            continue
        data[f.attname] = _value(getattr(obj, f.attname))
    return data


def subject_summary(found: PersonalData) -> dict:
    user = found.user
    return {
        "user_id": user.pk if user else None,
        "emails": found.emails,
        "full_name": getattr(user, "full_name", None) if user else None,
    }


def iter_export(found: PersonalData, now=None):
    """Yield the export document as text chunks (valid JSON once joined)."""
    now = now or timezone.now()
    dumps = json.dumps
    head = {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generated_at": now.isoformat(),
        "subject": subject_summary(found),
    }
    yield dumps(head, ensure_ascii=False)[:-1] + ', "sections": ['
    first_section = True
    for place in found.places:
        fields = exported_fields(place.model)
        section_head = {
            "key": place.key,
            "model": place.label,
            "relation": place.relation,
            "title": str(place.title),
        }
        yield ("" if first_section else ", ") + dumps(section_head, ensure_ascii=False)[:-1]
        yield ', "records": ['
        first_section = False
        first = True
        for obj in place.queryset().iterator(chunk_size=CHUNK_SIZE):
            yield ("" if first else ", ") + dumps(record(obj, fields), ensure_ascii=False)
            first = False
        yield "]}"
    yield "]}"


def export_json(found: PersonalData, now=None) -> dict:
    """The whole export as a Python object (tests, small exports)."""
    return json.loads("".join(iter_export(found, now)))


def export_filename(found: PersonalData, now=None) -> str:
    now = timezone.localtime(now or timezone.now())
    who = f"user-{found.user.pk}" if found.user else "email"
    return f"kundcenter-personal-data-{who}-{now:%Y%m%d-%H%M}.json"


def export_response(found: PersonalData) -> StreamingHttpResponse:
    """Stream the export as a JSON download."""
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in iter_export(found)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{export_filename(found)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
