"""The notification settings on the profile page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kundcenter.accounts.rules import is_staff_role
from kundcenter.mail.models import NotificationPreference
from kundcenter.mail.notifications import (
    ASSIGNMENTS,
    MENTIONS,
    REPLIES,
    SLA_ALERTS,
    STATUS_CHANGES,
    TEAM_NEW_TICKETS,
)
from kundcenter.mail.preferences import optional_kinds_for, preferences_for

CUSTOMER_LABELS = {
    REPLIES: (_("Replies from support"), _("An e-mail when support answers on your tickets.")),
    STATUS_CHANGES: (
        _("Status changes"),
        _("An e-mail when one of your tickets changes status."),
    ),
}
STAFF_LABELS = {
    REPLIES: (
        _("Customer replies"),
        _(
            "An e-mail when a customer replies on a ticket assigned to you, or on an "
            "unassigned ticket of your team."
        ),
    ),
    TEAM_NEW_TICKETS: (
        _("New tickets in my team"),
        _("An e-mail for every new ticket in your team's queue."),
    ),
    SLA_ALERTS: (
        _("Service-level warnings and breaches"),
        _("An e-mail when a ticket nears or misses its service-level target."),
    ),
    MENTIONS: (
        _("Mentions"),
        _("An e-mail when a colleague mentions you (@name) in an internal note."),
    ),
    ASSIGNMENTS: (
        _("Assignments"),
        _("An e-mail when a colleague assigns a ticket to you."),
    ),
}


class NotificationPreferenceForm(forms.ModelForm):
    """Switches for the optional mails this person can get; nothing else is shown."""

    class Meta:
        model = NotificationPreference
        fields = [REPLIES, STATUS_CHANGES, TEAM_NEW_TICKETS, SLA_ALERTS, MENTIONS, ASSIGNMENTS]

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("instance", preferences_for(user))
        kwargs.setdefault("prefix", "notify")
        super().__init__(*args, **kwargs)
        allowed = optional_kinds_for(user)
        labels = STAFF_LABELS if is_staff_role(user) else CUSTOMER_LABELS
        for name in list(self.fields):
            if name not in allowed:
                del self.fields[name]
                continue
            self.fields[name].label, self.fields[name].help_text = labels[name]
