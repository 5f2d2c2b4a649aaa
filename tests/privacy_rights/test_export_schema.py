"""A real export validates against the documented, versioned schema."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse

from kundcenter.privacy.export import SCHEMA_ID, SCHEMA_VERSION

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "privacy-export-schema.json"


@pytest.fixture
def schema():
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def test_downloaded_export_validates(client, person, seeded, schema):
    client.force_login(person)
    response = client.get(reverse("privacy:my_export"))
    assert response.status_code == 200
    assert response.streaming
    assert "attachment" in response["Content-Disposition"]
    doc = json.loads(b"".join(response.streaming_content))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = [e.message for e in validator.iter_errors(doc)]
    assert errors == []
    assert (
        doc["schema_version"] == SCHEMA_VERSION == schema["properties"]["schema_version"]["const"]
    )
    assert doc["$schema"] == SCHEMA_ID == schema["$id"]


def test_schema_rejects_a_document_without_version(schema):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"generated_at": "2026-01-01T00:00:00+00:00"}, schema)
