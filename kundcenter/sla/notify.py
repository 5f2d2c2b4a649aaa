"""What the SLA sweep found, recorded for the channels that warn people about it.

The mails (warnings to the assignee or team, breaches to managers) are built by the mail
channel's subscriber (kundcenter.mail.notifications `sla_alerts`); this module only
records, in the sweep's transaction, what the sweep claimed.
"""

from kundcenter.outbox.events import record


def sweep_notifications(result):
    """Record what one sweep claimed. Each ticket was claimed once, so each mail goes once."""
    if result.warned or result.response_breached or result.resolution_breached:
        record(
            "sla_alerts",
            {
                "warned": list(result.warned),
                "response_breached": list(result.response_breached),
                "resolution_breached": list(result.resolution_breached),
            },
        )
