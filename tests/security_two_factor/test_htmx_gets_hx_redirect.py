"""An htmx request from a session that owes its second factor gets HX-Redirect (the
whole page goes to the verification page) rather than a redirect whose body htmx would
swap into the page."""

from django.urls import reverse

from tests.security_two_factor.helpers import VERIFY, enrolled, log_in_with_password


def test_htmx_request_gets_hx_redirect_to_the_verification_page(client, specialist_hantverk):
    enrolled(specialist_hantverk)
    log_in_with_password(client, specialist_hantverk)
    response = client.get(
        reverse("agent:queue"),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/agent/?lane=mine"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{VERIFY}?next=%2Fagent%2F%3Flane%3Dmine"
    assert response.content == b""
