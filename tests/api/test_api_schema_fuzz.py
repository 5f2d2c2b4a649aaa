"""A property-based run of the whole API schema with schemathesis against the live app
(a real HTTP server on the test database), authenticated as a customer's SuperUser and as
a member of staff: every operation, generated valid and invalid input; no server error
(5xx), and every answer matches the schema (status code, content type, body, headers).

Bounded: a few examples per operation and a time budget per persona. Runs in the
PostgreSQL pass of CI; on SQLite it is skipped (the unit tests in this folder cover the
same endpoints there, and one run of the fuzzer is enough for the schema).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from kundcenter.webhooks import endpoints as webhook_endpoints
from tests import factories
from tests.api.helpers import personal_token
from tests.browser.conftest import live_server  # noqa: F401 - the fixture, reused

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the schemathesis run is the PostgreSQL pass's (CI runs both databases)",
    ),
    # The live server needs committed data; the flush after the test keeps seeded rows.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CONFIG = Path(__file__).with_name("schemathesis.toml")
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
    ]
)
MAX_EXAMPLES = os.environ.get("KC_FUZZ_MAX_EXAMPLES", "5")
MAX_SECONDS = os.environ.get("KC_FUZZ_MAX_SECONDS", "25")


def _fuzz(base_url, token, ticket, customer, webhook):
    st = Path(sys.executable).with_name("st")
    command = [
        str(st),
        "--config-file",
        str(CONFIG),
        "run",
        f"{base_url}/api/v1/openapi.json",
        "--url",
        base_url,
        "--checks",
        CHECKS,
        "--phases",
        os.environ.get("KC_FUZZ_PHASES", "examples,fuzzing"),
        "--max-examples",
        MAX_EXAMPLES,
        "--max-time",
        MAX_SECONDS,
        "--seed",
        "17",
        "--header",
        f"Authorization: Bearer {token}",
        "--header",
        "Accept-Language: en",
        "--no-color",
        "--generation-database",
        "none",
    ]
    env = {
        **os.environ,
        "KC_FUZZ_TICKET": ticket,
        "KC_FUZZ_CUSTOMER": customer,
        "KC_FUZZ_WEBHOOK": webhook,
    }
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def world(org_a, superuser_a, specialist_hantverk):
    ticket = factories.make_ticket(org_a, superuser_a, category="order")
    # The SuperUser's webhook endpoint (its address refused as not public: a delivery
    # fails at once, without leaving the machine).
    with override_settings(WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True):
        hook = webhook_endpoints.create_endpoint(
            superuser_a, organization=org_a, url="https://127.0.0.1:9/h", events=["ticket.created"]
        )
    return ticket.number, org_a.org_number, str(hook.pk)


@pytest.mark.parametrize("persona", ["superuser_a", "specialist_hantverk"])
def test_the_schema_holds_for_every_operation(live_server, world, request, persona):  # noqa: F811
    token = personal_token(request.getfixturevalue(persona))
    run = _fuzz(live_server.url, token, *world)
    report = run.stdout[-6000:] + run.stderr[-2000:]
    print(report)
    assert run.returncode == 0, report
    assert "No issues found" in run.stdout or "passed" in run.stdout, report
