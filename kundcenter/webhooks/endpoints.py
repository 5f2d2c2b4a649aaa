"""Who may see and change which endpoints, and the actions on them.

Customers' SuperUsers manage their own customer's endpoints (any SuperUser of the
customer, so a colleague can take over when the owner leaves); the support manager and
administrators manage every endpoint, staff endpoints included. Anyone else, and anything
of another customer, is a 404 (`get_endpoint_for`). Every change goes through these
functions, from the portal, the agent pages and the admin alike.
"""

from __future__ import annotations

import json
import uuid

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.accounts.models import Membership, Organization, User
from kundcenter.accounts.rules import is_staff_role, superuser_organizations
from kundcenter.lib.errors import ActionError
from kundcenter.outbox.events import record_many
from kundcenter.webhooks import payloads, sending
from kundcenter.webhooks.models import Delivery, Endpoint

# The outbox topic of one delivery to one endpoint (kundcenter.webhooks.channel).
DELIVER = "webhook"
STAFF_ROLES = (User.StaffRole.MANAGER, User.StaffRole.ADMIN)
MAX_PER_OWNER = 20


def manages_all(user) -> bool:
    """The support manager and administrators: every endpoint, staff endpoints too."""
    return is_staff_role(user, *STAFF_ROLES)


def may_manage_for(user, organization: Organization) -> bool:
    """Whether `user` may register and change `organization`'s customer endpoints."""
    if manages_all(user):
        return True
    if is_staff_role(user):
        return False
    return any(org.pk == organization.pk for org in superuser_organizations(user))


def endpoints_visible_to(user):
    """The endpoints `user` may see: all for the manager and admins, else the customer
    endpoints of the customers they are a SuperUser of."""
    endpoints = Endpoint.objects.select_related("organization", "owner")
    if manages_all(user):
        return endpoints
    orgs = [org.pk for org in superuser_organizations(user)] if not is_staff_role(user) else []
    return endpoints.filter(for_staff=False, organization_id__in=orgs)


def get_endpoint_for(user, pk) -> Endpoint:
    """The endpoint `pk` if `user` may see it; 404 for anything else."""
    endpoint = endpoints_visible_to(user).filter(pk=pk).first()
    if endpoint is None:
        raise Http404("No such endpoint")
    return endpoint


def receiving(organization_ids):
    """Endpoints that may get events of `organization_ids` now: on, not paused, and whose
    owner still may (an active SuperUser of the endpoint's customer, or active staff)."""
    superuser = Membership.objects.filter(
        user_id=OuterRef("owner_id"),
        organization_id=OuterRef("organization_id"),
        role=Membership.Role.SUPERUSER,
    )
    staff = Q(for_staff=True, owner__staff_role__in=STAFF_ROLES) & (
        Q(organization__isnull=True) | Q(organization_id__in=organization_ids)
    )
    customer = Q(for_staff=False, organization_id__in=organization_ids) & Exists(superuser)
    return Endpoint.objects.filter(
        active=True, paused_at__isnull=True, owner__is_active=True
    ).filter(staff | customer)


def may_receive(endpoint: Endpoint) -> bool:
    """Whether `endpoint` may get anything now (one query)."""
    return (
        receiving([endpoint.organization_id] if endpoint.organization_id else [])
        .filter(pk=endpoint.pk)
        .exists()
    )


def gets(endpoint: Endpoint, event: payloads.Event) -> bool:
    """Whether `endpoint` (one of `receiving`) gets `event`: its customer (or every
    customer, for staff), an event it chose, and nothing internal for a customer."""
    if endpoint.organization_id is not None and endpoint.organization_id != event.organization_id:
        return False
    if not endpoint.for_staff and (event.internal or event.type in payloads.STAFF_ONLY_EVENTS):
        return False
    return event.type in (endpoint.events or [])


# --- checking what people type ------------------------------------------------------------


def _clean(user, endpoint: Endpoint, url: str, description: str, events) -> None:
    url = (url or "").strip()
    refusal = sending.url_refusal(url)
    if refusal:
        raise ActionError(refusal)
    allowed = payloads.ALL_EVENTS if endpoint.for_staff else payloads.CUSTOMER_EVENTS
    events = [e for e in allowed if e in set(events or [])]
    if not events:
        raise ActionError(_("Choose at least one event."))
    if not endpoint.for_staff:
        try:
            sending.resolve(url, public_only=True)
        except sending.RefusedAddress as exc:
            raise ActionError(str(exc)) from None
    endpoint.url = url[:500]
    endpoint.description = (description or "").strip()[:200]
    endpoint.events = events


# --- actions ----------------------------------------------------------------------------


def create_endpoint(
    user, *, organization=None, url, description="", events=(), active=True, now=None
) -> Endpoint:
    """Register an endpoint: a customer's (a SuperUser of `organization`, or staff) or a
    staff endpoint (the manager or an admin; `organization` empty for every customer).

    The new secret is on the returned endpoint; show it to the owner once.
    """
    staff = manages_all(user)
    if organization is None and not staff:
        raise ActionError(_("Choose a customer."))
    if organization is not None and not may_manage_for(user, organization):
        raise ActionError(_("You may not register webhooks for this customer."))
    if Endpoint.objects.filter(owner=user).count() >= MAX_PER_OWNER:
        raise ActionError(
            _("You have %(count)d endpoints, the most one person may have.")
            % {"count": MAX_PER_OWNER}
        )
    endpoint = Endpoint(
        organization=organization,
        owner=user,
        for_staff=staff,
        active=bool(active),
        secret=sending.new_secret(),
        created_at=now or timezone.now(),
    )
    _clean(user, endpoint, url, description, events)
    endpoint.save(force_insert=True)
    return endpoint


def update_endpoint(endpoint: Endpoint, user, *, url, description="", events=(), active=True):
    """Change the address, description, events or on/off of an endpoint."""
    _clean(user, endpoint, url, description, events)
    endpoint.active = bool(active)
    endpoint.save(update_fields=["url", "description", "events", "active"])
    return endpoint


def rotate_secret(endpoint: Endpoint, user) -> str:
    """A new signing secret at once (the old one no longer verifies); shown once."""
    endpoint.secret = sending.new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint.secret


def resume(endpoint: Endpoint, user) -> Endpoint:
    """Start a paused endpoint again: its failure count starts from nothing."""
    Endpoint.objects.filter(pk=endpoint.pk).update(
        paused_at=None, pause_reason="", consecutive_failures=0, failing_since=None, active=True
    )
    endpoint.refresh_from_db()
    return endpoint


def delete_endpoint(endpoint: Endpoint, user) -> None:
    """Remove an endpoint with its delivery log; what waits for it is never sent."""
    endpoint.delete()


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def body_text(envelope: dict) -> str:
    """The exact body sent (and signed): compact JSON, UTF-8."""
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))


def queue(deliveries: list[Delivery]) -> None:
    """Hand deliveries to the outbox: one row each, sent after the current commit."""
    record_many(
        DELIVER,
        [
            (
                {"delivery_id": d.pk},
                "",
                f"{d.event_type} {d.ticket_number} → webhook #{d.endpoint_id}".replace("  ", " "),
            )
            for d in deliveries
        ],
    )


def redeliver(delivery: Delivery, user) -> Delivery:
    """Send a delivery again (same webhook-id, newly signed), whatever came of it."""
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.PENDING)
        delivery.state = Delivery.State.PENDING
        queue([delivery])
    return delivery


def send_test(endpoint: Endpoint, user, now=None) -> Delivery:
    """Send a `webhook.test` event with no personal data, to try the receiver."""
    now = now or timezone.now()
    data = {"endpoint": endpoint.pk, "message": "Test från Kundcenter / test from Kundcenter"}
    with transaction.atomic():
        delivery = Delivery.objects.create(
            endpoint=endpoint,
            event_type=payloads.PING,
            message_id=new_message_id(),
            body=body_text(payloads.envelope(payloads.PING, data, now)),
            created_at=now,
        )
        queue([delivery])
    return delivery
