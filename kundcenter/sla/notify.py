"""Notifications from the SLA sweep: warnings to the assignee or team, breaches to managers.

A thin hook: the mails are built in kundcenter.mail.notifications (`sla_alerts`) and sent
on the task layer, with retries, like every other notification.
"""

from kundcenter.mail.tasks import queue_notification


def sweep_notifications(result):
    """Send what one sweep claimed. Each ticket was claimed once, so each mail goes once."""
    if result.warned or result.response_breached or result.resolution_breached:
        queue_notification(
            "sla_alerts",
            warned=list(result.warned),
            response_breached=list(result.response_breached),
            resolution_breached=list(result.resolution_breached),
        )
