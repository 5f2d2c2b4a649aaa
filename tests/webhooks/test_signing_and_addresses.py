"""Signing per the Standard Webhooks specification, and the addresses we refuse to call."""

import base64
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook

from kundcenter.lib.errors import ActionError
from kundcenter.webhooks import endpoints, sending
from kundcenter.webhooks.models import Delivery
from tests import factories


def test_signature_matches_the_specifications_test_vector():
    # The example in the Standard Webhooks specification (spec/standard-webhooks.md).
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    msg_id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    timestamp = datetime.fromtimestamp(1614265330, tz=UTC)
    body = '{"test": 2432232314}'
    assert sending.sign(secret, msg_id, timestamp, body) == (
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_new_secrets_are_whsec_and_32_random_bytes():
    one, two = sending.new_secret(), sending.new_secret()
    assert one != two and one.startswith("whsec_")
    assert len(base64.b64decode(one.removeprefix("whsec_"))) == 32
    Webhook(one)  # the library takes it


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.se/x", "gopher://example.se", "https://", "javascript:x"],
)
def test_only_http_and_https_addresses(superuser_a, org_a, url):
    with pytest.raises(ActionError):
        endpoints.create_endpoint(
            superuser_a, organization=org_a, url=url, events=["ticket.created"]
        )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
    ],
)
def test_a_customers_endpoint_may_not_point_inside_our_network(settings, superuser_a, org_a, url):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ActionError, match="not a public internet address"):
        endpoints.create_endpoint(
            superuser_a, organization=org_a, url=url, events=["ticket.created"]
        )


def test_an_address_that_turns_private_later_is_not_called(
    settings, receiver, committed, endpoint_a, org_a, superuser_a
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False  # e.g. DNS now answers 127.0.0.1
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    assert receiver.requests == []
    attempt = Delivery.objects.get().attempt_log.get()
    assert attempt.status_code is None and "not a public internet address" in attempt.error


def test_staff_endpoints_may_call_internal_systems(settings, manager):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    endpoint = endpoints.create_endpoint(
        manager, url="http://10.0.0.5/erp/hook", events=["ticket.created"]
    )
    assert endpoint.for_staff and endpoint.organization is None


def test_redirects_are_not_followed(receiver, committed, endpoint_a, org_a, superuser_a):
    receiver.status = 302
    receiver.location = receiver.url.replace("/hook", "/elsewhere")
    committed(lambda: factories.make_ticket(org_a, superuser_a))
    assert [r["path"] for r in receiver.requests] == ["/hook"]
    attempt = Delivery.objects.get().attempt_log.get()
    assert attempt.status_code == 302 and "not followed" in attempt.response_excerpt
    assert Delivery.objects.get().state == Delivery.State.PENDING


def test_a_silent_receiver_times_out(settings, committed, endpoint_a, org_a, superuser_a):
    import socket

    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()  # accepts, never answers
    endpoint_a.url = f"http://127.0.0.1:{silent.getsockname()[1]}/hook"
    endpoint_a.save(update_fields=["url"])
    try:
        committed(lambda: factories.make_ticket(org_a, superuser_a))
    finally:
        silent.close()
    attempt = Delivery.objects.get().attempt_log.get()
    assert attempt.status_code is None and "timed out" in attempt.error.lower()
    assert attempt.duration_ms < 3000
