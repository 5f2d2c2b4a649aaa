"""Webhook endpoints over the API: register, read, change, remove, rotate the secret,
resume, send a test event, read the deliveries (with every attempt's response code) and
send one again.

The same people as on the web pages may do this, and nothing more: a customer's
SuperUser for that customer's endpoints, the support manager and administrators for
every endpoint. Anyone else, and anything of another customer, is a 404, exactly like an
id that does not exist. Every operation goes through kundcenter.webhooks.endpoints (the
functions the pages and the admin use); nothing here saves an endpoint itself.

Endpoints belong to a person (their owner), so a client system's token cannot use these.
"""

from datetime import datetime

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from kundcenter.accounts.models import Organization
from kundcenter.accounts.rules import superuser_organizations
from kundcenter.api import auth
from kundcenter.api.common import Text, answers, local
from kundcenter.api.idempotency import idempotent
from kundcenter.api.problems import ApiProblem
from kundcenter.lib.params import parse_id
from kundcenter.privacy import log as privacy_log
from kundcenter.webhooks import endpoints, payloads
from kundcenter.webhooks.models import Attempt, Delivery, Endpoint

router = Router(tags=["Webhooks"])

MAX_DELIVERIES = 100


# --- access ------------------------------------------------------------------------------


def _person(request):
    """The person acting: webhooks belong to a person, so a system's token cannot."""
    user = request.auth.user
    if user is None:
        raise ApiProblem(
            403,
            _(
                "Webhook endpoints belong to a person: use a personal token of a SuperUser "
                "or of the support manager."
            ),
        )
    return user


def _allowed(user) -> bool:
    # As the web pages: the manager and admins, or a (non-staff) customer SuperUser.
    return endpoints.manages_all(user) or bool(
        not user.staff_role and superuser_organizations(user)
    )


def _manager(request):
    """The caller, if they may manage webhooks at all; a 404 for anyone else."""
    user = _person(request)
    if not _allowed(user):
        raise Http404("No webhooks here")
    return user


def _endpoint(request, endpoint_id: str) -> Endpoint:
    """The endpoint if the caller may see it; a 404 for anything else, malformed or not."""
    user = _manager(request)
    pk = parse_id(endpoint_id)
    if pk is None:
        raise Http404("Not an id")
    return endpoints.get_endpoint_for(user, pk)


def _log_read(request, obj: str, people) -> None:
    # Staff reading endpoints read their owners' (and deliveries' people's) data, as on
    # the web pages.
    if request.auth.user.staff_role:
        privacy_log.record(
            request, action=privacy_log.Action.READ, subjects=sorted(set(people)), obj=obj
        )


# --- schemas -----------------------------------------------------------------------------

EVENTS_HELP = "Event types, e.g. ticket.created. Customers' endpoints: " + ", ".join(
    payloads.CUSTOMER_EVENTS
)


class EndpointOut(Schema):
    id: int
    customer: str | None = Field(
        description="The customer's organisationsnummer; empty: every customer (staff)."
    )
    url: str
    description: str
    events: list[str]
    active: bool
    for_staff: bool
    paused_at: datetime | None = Field(description="Set while paused after failing.")
    pause_reason: str
    created_at: datetime


class EndpointWithSecret(EndpointOut):
    secret: str = Field(description="The signing secret (whsec_…), shown only this once.")


class SecretOut(Schema):
    secret: str = Field(description="The new signing secret, shown only this once.")


class EndpointIn(Schema):
    customer: Text | None = Field(
        None,
        max_length=20,
        description="The customer's organisationsnummer; staff may leave it out (every customer).",
    )
    url: Text = Field(max_length=500, description="Where the signed POSTs go (https://…).")
    description: Text = Field("", max_length=200)
    events: list[Text] = Field(max_length=50, description=EVENTS_HELP)
    active: bool = True


class EndpointChange(Schema):
    url: Text | None = Field(None, max_length=500)
    description: Text | None = Field(None, max_length=200)
    events: list[Text] | None = Field(None, max_length=50)
    active: bool | None = None


class AttemptOut(Schema):
    at: datetime
    status_code: int | None = Field(description="The receiver's answer; empty if none came.")
    error: str
    response_excerpt: str
    duration_ms: int


class DeliveryOut(Schema):
    id: int
    event_type: str
    ticket: str = Field(description="The ticket's number, if the event is about one.")
    message_id: str = Field(description="The webhook-id header: the same on every attempt.")
    state: str
    attempts: int
    last_status_code: int | None
    created_at: datetime
    delivered_at: datetime | None
    attempt_log: list[AttemptOut] = Field(description="Every attempt, newest first.")


class DeliveryQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_DELIVERIES)
    before: Text | None = Field(
        None, max_length=20, description="Only deliveries older than this delivery id."
    )


def _endpoint_answer(endpoint: Endpoint) -> dict:
    return {
        "id": endpoint.pk,
        "customer": endpoint.organization.org_number if endpoint.organization_id else None,
        "url": endpoint.url,
        "description": endpoint.description,
        "events": list(endpoint.events or []),
        "active": endpoint.active,
        "for_staff": endpoint.for_staff,
        "paused_at": local(endpoint.paused_at),
        "pause_reason": endpoint.pause_reason,
        "created_at": local(endpoint.created_at),
    }


def _delivery_answer(delivery: Delivery, attempts=None) -> dict:
    return {
        "id": delivery.pk,
        "event_type": delivery.event_type,
        "ticket": delivery.ticket_number,
        "message_id": delivery.message_id,
        "state": delivery.state,
        "attempts": delivery.attempts,
        "last_status_code": delivery.last_status_code,
        "created_at": local(delivery.created_at),
        "delivered_at": local(delivery.delivered_at),
        "attempt_log": [
            {
                "at": local(a.at),
                "status_code": a.status_code,
                "error": a.error,
                "response_excerpt": a.response_excerpt,
                "duration_ms": a.duration_ms,
            }
            for a in (attempts if attempts is not None else delivery.attempt_log.all())
        ],
    }


def _customer(user, org_number: str | None):
    """The customer named, if the caller may register endpoints for it; otherwise the
    same refusal whether it exists or not."""
    if org_number is None or not org_number.strip():
        return None
    if endpoints.manages_all(user):
        orgs = Organization.objects.all()
    else:
        orgs = Organization.objects.filter(pk__in=[o.pk for o in superuser_organizations(user)])
    organization = orgs.filter(org_number=org_number.strip()).first()
    if organization is None:
        raise ApiProblem(422, _("Choose one of the customers whose webhooks you manage."))
    return organization


# --- endpoints ---------------------------------------------------------------------------


@router.get("/webhooks", response=answers((200, list[EndpointOut])), auth=auth.WEBHOOKS)
def list_endpoints(request):
    """The endpoints the caller manages: every one for the support manager and admins,
    their customers' own for a SuperUser."""
    user = _manager(request)
    rows = list(endpoints.endpoints_visible_to(user).order_by("created_at", "id"))
    _log_read(request, "webhook endpoints", (e.owner_id for e in rows))
    return [_endpoint_answer(e) for e in rows]


@router.post("/webhooks", response=answers((201, EndpointWithSecret)), auth=auth.WEBHOOKS)
@idempotent
def create(request, payload: EndpointIn):
    """Register an endpoint; the answer carries its signing secret, shown only this once
    (an Idempotency-Key replay shows it again to the same token)."""
    user = _manager(request)
    endpoint = endpoints.create_endpoint(
        user,
        organization=_customer(user, payload.customer),
        url=payload.url,
        description=payload.description,
        events=payload.events,
        active=payload.active,
    )
    return Status(201, {**_endpoint_answer(endpoint), "secret": endpoint.secret})


@router.get("/webhooks/{endpoint_id}", response=answers((200, EndpointOut)), auth=auth.WEBHOOKS)
def get(request, endpoint_id: str):
    """One endpoint (never its secret)."""
    endpoint = _endpoint(request, endpoint_id)
    _log_read(request, f"webhook endpoint #{endpoint.pk}", [endpoint.owner_id])
    return _endpoint_answer(endpoint)


@router.patch("/webhooks/{endpoint_id}", response=answers((200, EndpointOut)), auth=auth.WEBHOOKS)
def update(request, endpoint_id: str, payload: EndpointChange):
    """Change the address, description, events or on/off; what is left out stays."""
    endpoint = _endpoint(request, endpoint_id)
    endpoints.update_endpoint(
        endpoint,
        request.auth.user,
        url=endpoint.url if payload.url is None else payload.url,
        description=endpoint.description if payload.description is None else payload.description,
        events=endpoint.events if payload.events is None else payload.events,
        active=endpoint.active if payload.active is None else payload.active,
    )
    return _endpoint_answer(endpoint)


@router.delete("/webhooks/{endpoint_id}", response=answers((204, None)), auth=auth.WEBHOOKS)
def delete(request, endpoint_id: str):
    """Remove the endpoint with its delivery log; what waits for it is never sent."""
    endpoint = _endpoint(request, endpoint_id)
    endpoints.delete_endpoint(endpoint, request.auth.user)
    return Status(204, None)


@router.post(
    "/webhooks/{endpoint_id}/secret", response=answers((200, SecretOut)), auth=auth.WEBHOOKS
)
def rotate_secret(request, endpoint_id: str):
    """A new signing secret at once (the old one no longer verifies); shown only once."""
    endpoint = _endpoint(request, endpoint_id)
    return {"secret": endpoints.rotate_secret(endpoint, request.auth.user)}


@router.post(
    "/webhooks/{endpoint_id}/resume", response=answers((200, EndpointOut)), auth=auth.WEBHOOKS
)
def resume(request, endpoint_id: str):
    """Start a paused (or switched off) endpoint again."""
    endpoint = _endpoint(request, endpoint_id)
    return _endpoint_answer(endpoints.resume(endpoint, request.auth.user))


@router.post(
    "/webhooks/{endpoint_id}/test", response=answers((202, DeliveryOut)), auth=auth.WEBHOOKS
)
def send_test(request, endpoint_id: str):
    """Send a `webhook.test` event (no personal data); its result shows in the
    deliveries."""
    endpoint = _endpoint(request, endpoint_id)
    delivery = endpoints.send_test(endpoint, request.auth.user)
    return Status(202, _delivery_answer(delivery, attempts=[]))


@router.get(
    "/webhooks/{endpoint_id}/deliveries",
    response=answers((200, list[DeliveryOut])),
    auth=auth.WEBHOOKS,
)
def list_deliveries(request, endpoint_id: str, query: Query[DeliveryQuery]):
    """What was sent to the endpoint, newest first, each with every attempt and the
    receiver's response code. Page back with `before` (the last id you got)."""
    endpoint = _endpoint(request, endpoint_id)
    rows = endpoint.deliveries.prefetch_related(
        Prefetch("attempt_log", queryset=Attempt.objects.order_by("-at", "-id"))
    )
    if query.before is not None:
        before = parse_id(query.before)
        if before is None:
            raise ApiProblem(422, _("before is a delivery id."))
        rows = rows.filter(pk__lt=before)
    rows = list(rows.order_by("-id")[: query.limit])
    people = [endpoint.owner_id, *(p for d in rows for p in d.people)]
    _log_read(request, f"webhook endpoint #{endpoint.pk}", people)
    return [_delivery_answer(d) for d in rows]


@router.post(
    "/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    response=answers((202, DeliveryOut)),
    auth=auth.WEBHOOKS,
)
def redeliver(request, endpoint_id: str, delivery_id: str):
    """Send a delivery again (the same webhook-id, signed anew), whatever came of it."""
    endpoint = _endpoint(request, endpoint_id)
    pk = parse_id(delivery_id)
    delivery = Delivery.objects.filter(pk=pk, endpoint=endpoint).first() if pk else None
    if delivery is None:
        raise Http404("No such delivery")
    endpoints.redeliver(delivery, request.auth.user)
    return Status(202, _delivery_answer(delivery))
