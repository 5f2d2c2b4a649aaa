"""Calls put straight into the log, for the tests that read it."""

from datetime import timedelta

from django.utils import timezone

from kundcenter.tickets.models import PhoneCall


def add_call(waited_seconds, *, ago=timedelta(hours=1), external_id="", **extra):
    return PhoneCall.objects.create(
        started_at=timezone.now() - ago,
        waited_seconds=waited_seconds,
        source=PhoneCall.Source.SWITCHBOARD if external_id else PhoneCall.Source.STAFF,
        external_id=external_id,
        **extra,
    )
