from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "kundcenter.tickets"
    label = "tickets"
    verbose_name = _("Tickets")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

        from kundcenter.accounts.models import Organization
        from kundcenter.tickets import counts, customer_counts, search, timings
        from kundcenter.tickets.models import Ticket

        # The report counts follow what Ticket.save() cannot see: a deleted ticket, and a
        # customer moved to another industry (its tickets are counted by industry).
        post_delete.connect(counts.ticket_deleted, sender=Ticket, dispatch_uid="counts-delete")
        post_delete.connect(timings.ticket_deleted, sender=Ticket, dispatch_uid="timings-delete")
        post_delete.connect(
            customer_counts.ticket_deleted, sender=Ticket, dispatch_uid="customers-delete"
        )
        pre_save.connect(
            counts.organization_saving, sender=Organization, dispatch_uid="counts-org-pre"
        )
        post_save.connect(
            counts.organization_saved, sender=Organization, dispatch_uid="counts-org-post"
        )
        # SQLite copies a table to alter it, dropping its triggers: after every migrate the
        # search index's triggers are put back (and the index refilled) if one is missing.
        post_migrate.connect(
            search.ensure_sqlite_index, sender=self, dispatch_uid="search-index-triggers"
        )
