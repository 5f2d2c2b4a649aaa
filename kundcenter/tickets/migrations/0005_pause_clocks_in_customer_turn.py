"""Tickets already waiting on the customer in Validering, Kostnadsförslag or (an order)
Levererad had running clocks: stop them where they entered that state.

The states are written out here, as they were when this migration was written: a
migration must not follow later changes to the workflow table.
"""

from django.db import migrations

CUSTOMER_TURN = {"bug": ("validation",), "order": ("proposal", "delivered")}


def pause_clocks(apps, schema_editor):
    Ticket = apps.get_model("tickets", "Ticket")
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    for category, states in CUSTOMER_TURN.items():
        running = Ticket.objects.filter(
            category=category, status__in=states, paused_at__isnull=True
        )
        for ticket in running.iterator():
            entered = (
                TicketEvent.objects.filter(ticket=ticket, kind="status", new_value=ticket.status)
                .order_by("-created_at", "-pk")
                .values_list("created_at", flat=True)
                .first()
            )
            ticket.paused_at = entered or ticket.updated_at
            ticket.next_due_at = None
            ticket.save(update_fields=["paused_at", "next_due_at"])
            TicketEvent.objects.create(
                ticket=ticket,
                kind="sla",
                new_value="paused",
                public=True,
                created_at=ticket.paused_at,
            )


class Migration(migrations.Migration):
    dependencies = [("tickets", "0004_event_kinds")]

    operations = [migrations.RunPython(pause_clocks, migrations.RunPython.noop)]
