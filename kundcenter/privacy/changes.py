"""Changes staff make to a ticket or a person, logged from the audit rows they write.

Every change already leaves an audit row: a ticket event for replies, notes, transitions,
assignments and the rest (kundcenter.tickets), a customer event for SuperUsers and
trainings (kundcenter.accounts.entitlements), the decider on a join request. Each such row
written while a staff member's request runs becomes a `change` entry about the person
concerned: the ticket's reporter, the event's person, the one who asked to join. So a new
action that writes its event is logged without a line in its view. The entries join the
request's others and are written with them in one INSERT (ProcessingLogMiddleware).

Outside a request (the SLA sweep, e-mail ingestion, tasks) and for customers changing
their own things nothing is logged here: the log is about the vendor's processing.
"""

from django.db.models.signals import post_save

from kundcenter.privacy import log


def _staff_request():
    request = log.current_request()
    if request is not None and log.is_staff_request(request):
        return request
    return None


def ticket_event_written(sender, instance, created, raw=False, **kwargs):
    """A ticket changed: a change about its reporter."""
    request = _staff_request()
    if not created or raw or request is None:
        return
    field = instance._meta.get_field("ticket")
    if field.is_cached(instance):
        reporter_id, number = instance.ticket.reporter_id, instance.ticket.number
    else:  # written with ticket_id only
        tickets = field.related_model.objects.filter(pk=instance.ticket_id)
        reporter_id, number = tickets.values_list("reporter_id", "number").get()
    log.record(request, action=log.Action.CHANGE, subject=reporter_id, obj=f"ticket {number}")


def customer_event_written(sender, instance, created, raw=False, **kwargs):
    """A person's standing at a customer changed (SuperUser, training): a change about them."""
    request = _staff_request()
    if not created or raw or request is None or not instance.subject_id:
        return
    log.record(
        request,
        action=log.Action.CHANGE,
        subject=instance.subject_id,
        obj=f"customer page #{instance.organization_id}",
    )


def join_request_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """A request to join a customer was decided: a change about the person who asked."""
    request = _staff_request()
    if raw or request is None or not instance.decided_by_id:
        return
    if update_fields is not None and "decided_by" not in update_fields:
        return
    log.record(
        request,
        action=log.Action.CHANGE,
        subject=instance.user_id,
        obj=f"customer page #{instance.organization_id}",
    )


def connect():
    """Called once from PrivacyConfig.ready()."""
    post_save.connect(
        ticket_event_written, sender="tickets.TicketEvent", dispatch_uid="privacy-ticket-event"
    )
    post_save.connect(
        customer_event_written,
        sender="accounts.CustomerEvent",
        dispatch_uid="privacy-customer-event",
    )
    post_save.connect(
        join_request_saved, sender="accounts.JoinRequest", dispatch_uid="privacy-join-request"
    )
