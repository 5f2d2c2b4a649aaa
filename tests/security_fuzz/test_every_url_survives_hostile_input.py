"""Every URL pattern, fed hostile ids, numbers and pages, answers without a server error.

The walk takes every pattern from Django's URL resolver (the admin and the API included),
puts each hostile value into every path parameter and into the query and form
parameters the views read (ticket, from_ticket, team, page, …), and requests it as an
anonymous visitor, a SuperUser and an administrator, by GET and by POST. Malformed input
must be a 404, a redirect or a form error: never a 500. Runs on SQLite and PostgreSQL
(a NUL byte is refused only by PostgreSQL; a number ≥ 2⁶³ by both).
"""

import re
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from kundcenter.ops import heartbeat
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = {
    "nul": "a\x00b",
    "bare_nul": "\x00",
    "huge": "99999999999999999999",
    "just_over_bigint": str(2**63),
    "superscript_two": "²",
    "arabic_indic_digits": "٣٤",
    "negative": "-1",
    "long": "9" * 5000,
}

# Query and form parameters the views read: ids, numbers, pages and choices.
PARAMETERS = (
    "ticket",
    "from_ticket",
    "team",
    "page",
    "person",
    "customer",
    "kund",
    "status",
    "module",
    "category",
    "assignee",
    "reporter",
    "organization",
    "licence",
    "user",
    "request",
    "feedback",
    "service_level",
    "level",
    "target",
    "tab",
    "table",
    "format",
    "q",
    "s",
    "kb_log",
    "from",
    "next",
    "group",
    "lane",
    "queue",
    "sort",
    "period",
    "year",
    "month",
    "start",
    "end",
    "title",
    "description",
    "body",
    "subject",
    "email",
    "name",
)

# Logging out would end the walk's session; it takes no input anyway.
SKIPPED_NAMES = {"logout"}

PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<[^>]+>[^)]*\)")


def _routes(patterns=None, prefix=""):
    """(route, name) for every pattern, nested resolvers flattened."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name


def _url(route: str, value: str) -> str:
    """The route with every parameter (path converter or regex group) set to `value`."""
    quoted = quote(value, safe="")
    url = PLACEHOLDER.sub(quoted, route)
    url = REGEX_GROUP.sub(quoted, url).replace("^", "").replace("$", "")
    return "/" + url.lstrip("/")


ROUTES = [(route, name) for route, name in _routes() if name not in SKIPPED_NAMES]


def test_the_walk_covers_every_pattern():
    every = list(_routes())
    assert len(ROUTES) == len(every) - len([n for _r, n in every if n in SKIPPED_NAMES])
    assert any("<str:number>" in r or "<ticket:number>" in r for r, _n in ROUTES)
    assert any(r.startswith("admin/") for r, _n in ROUTES)
    assert any(r.startswith("api/") for r, _n in ROUTES)


@pytest.fixture
def customer(org_a, superuser_a):
    factories.make_ticket(org_a, superuser_a)
    return superuser_a


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("persona", ["anonymous", "customer", "admin_user"])
def test_no_url_answers_a_server_error(client, request, persona, value):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client.raise_request_exception = False
    params = dict.fromkeys(PARAMETERS, value)
    failures = []
    # The health endpoint answers 503 when the SLA sweep has never run; here it has.
    heartbeat.record("sla_sweep")
    if user is not None:
        client.force_login(user)
    for route, name in ROUTES:
        url = _url(route, value)
        for method in ("get", "post"):
            # Each request in a savepoint rolled back after it: on PostgreSQL a failed
            # query would otherwise hide every later failure, and POSTs change nothing.
            with transaction.atomic():
                if method == "get":
                    response = client.get(f"{url}?{urlencode(params)}")
                else:
                    response = client.post(url, params)
                transaction.set_rollback(True)
            if response.status_code >= 500:
                error = response.exc_info[1] if response.exc_info else ""
                failures.append(f"{method.upper()} {url[:80]} ({name}): {error!r:.200}")
    assert not failures, "\n".join(failures)
