"""The register of personal-data incidents and the 72-hour deadline for reporting to IMY.

Actions here are called by the staff views; they check who acts, change inside one
transaction and raise `ActionError` with a sentence for the user when they refuse.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kundcenter.accounts.models import User
from kundcenter.accounts.rules import is_staff_role
from kundcenter.lib.errors import ActionError
from kundcenter.outbox.events import record_mail
from kundcenter.privacy import log
from kundcenter.privacy.models import Incident, ProcessingLogEntry

INCIDENT_FIELDS = (
    "detected_at",
    "description",
    "data_categories",
    "people_affected",
    "records_affected",
    "measures",
)


def may_handle_incidents(user) -> bool:
    """Managers and admins keep the register (and search the processing log)."""
    return is_staff_role(user, User.StaffRole.MANAGER, User.StaffRole.ADMIN)


def _require(user):
    if not may_handle_incidents(user):
        raise ActionError(_("Only managers and administrators handle incidents."))


# --- the 72-hour deadline --------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """Where an incident stands against its 72-hour deadline, in whole wall-clock hours."""

    due: datetime
    reported: bool
    overdue: bool
    hours: int  # left when not overdue, past the deadline when overdue

    @property
    def label(self) -> str:
        if self.reported:
            return _("Reported to IMY")
        if self.overdue:
            return ngettext("overdue by %(n)d h", "overdue by %(n)d h", self.hours) % {
                "n": self.hours
            }
        return ngettext("%(n)d h left", "%(n)d h left", self.hours) % {"n": self.hours}


def deadline(incident: Incident, now: datetime | None = None) -> Deadline:
    """The countdown to `detected_at + 72 h`: hours left rounded up, hours late rounded down.

    Wall-clock hours (elapsed time), so a daylight-saving change neither adds nor takes
    an hour; "0 h left" never shows while time remains.
    """
    now = now or timezone.now()
    due = incident.imy_deadline
    reported = incident.reported_to_imy_at is not None
    seconds = (due - now).total_seconds()
    if seconds > 0:
        return Deadline(due, reported, False, math.ceil(seconds / 3600))
    return Deadline(due, reported, not reported, math.floor(-seconds / 3600))


def overdue_count(now: datetime | None = None) -> int:
    """Unreported incidents past their deadline: one COUNT query."""
    return Incident.objects.overdue(now or timezone.now()).count()


# --- register, edit, report ------------------------------------------------------------------


def register_incident(user, **fields) -> Incident:
    """Enter a new incident in the register."""
    _require(user)
    values = {name: fields[name] for name in INCIDENT_FIELDS if name in fields}
    if not values.get("description", "").strip():
        raise ActionError(_("Describe the incident."))
    if values.get("detected_at") and values["detected_at"] > timezone.now():
        raise ActionError(_("An incident cannot be detected in the future."))
    return Incident.objects.create(created_by=user, **values)


def update_incident(incident: Incident, user, **fields) -> Incident:
    """Correct or complete an incident's description, scope and measures."""
    _require(user)
    changed = [name for name in INCIDENT_FIELDS if name in fields]
    for name in changed:
        setattr(incident, name, fields[name])
    if not incident.description.strip():
        raise ActionError(_("Describe the incident."))
    if incident.detected_at > timezone.now():
        raise ActionError(_("An incident cannot be detected in the future."))
    incident.save(update_fields=changed)
    return incident


def mark_reported(incident: Incident, user, at: datetime | None = None) -> Incident:
    """Record when the incident was reported to IMY (the supervisory authority)."""
    _require(user)
    at = at or timezone.now()
    if at < incident.detected_at:
        raise ActionError(_("The report to IMY cannot be before the incident was detected."))
    if at > timezone.now():
        raise ActionError(_("The report to IMY cannot be in the future."))
    incident.reported_to_imy_at = at
    incident.save(update_fields=["reported_to_imy_at"])
    return incident


# --- affected people from the processing log -------------------------------------------------


@dataclass(frozen=True)
class AffectedPerson:
    email: str
    name: str
    user_id: int | None


class AffectedPeople(list):
    """The people to notify (AffectedPerson, sorted), and `unreachable`: how many more the
    log names who have no address on file any more (an erased account, an address held
    nowhere now) — they still count in the report to IMY."""

    unreachable = 0


def affected_people(start: datetime, end: datetime, actor=None) -> AffectedPeople:
    """People whose data was processed between `start` and `end` (by `actor`, if given).

    One person per e-mail address, only valid addresses (they are to be notified); the
    others are counted in `unreachable`.
    """
    if end <= start:
        raise ActionError(_("The end of the period must be after its start."))
    entries = ProcessingLogEntry.objects.filter(at__gte=start, at__lte=end).exclude(
        subject__isnull=True, subject_key=""
    )
    if actor is not None:
        entries = entries.filter(actor=actor)
    # order_by(): the model's ordering would otherwise join the DISTINCT and repeat people.
    rows = list(entries.order_by().values_list("subject_id", "subject_key").distinct())
    users = User.objects.in_bulk({uid for uid, _key in rows if uid})
    # People without an account are in the log by a keyed hash of their address only.
    addresses = log.known_addresses(key for uid, key in rows if not uid)
    people: dict[str, AffectedPerson] = {}
    unreachable = 0
    for uid, key in rows:
        user = users.get(uid)
        # The account's current address: the person may have changed it since.
        email = (user.email if user else addresses.get(key, "")).strip().lower()
        name = user.get_full_name() if user else ""
        try:
            validate_email(email)  # an erased account's anon-…@invalid is not valid
        except Exception:  # noqa: BLE001 — counted, not notified
            unreachable += 1
            continue
        if email not in people or (name and not people[email].name):
            people[email] = AffectedPerson(email=email, name=name, user_id=uid)
    found = AffectedPeople(
        sorted(people.values(), key=lambda p: (p.name.lower() or p.email, p.email))
    )
    found.unreachable = unreachable
    return found


def notify_affected(incident: Incident, user, people: list[AffectedPerson]) -> int:
    """E-mail each affected person a plain notice and record when it was done."""
    _require(user)
    if not people:
        raise ActionError(_("There is nobody to notify."))
    subject = _("Information about a personal data incident at %(vendor)s") % {
        "vendor": settings.VENDOR_NAME
    }
    body = _(
        "We are writing to tell you that a personal data incident at %(vendor)s may have "
        "affected your data.\n\nWhat happened: %(description)s\n\nWhat we have done: "
        "%(measures)s\n\nIf you have questions, contact us at %(contact)s."
    ) % {
        "vendor": settings.VENDOR_NAME,
        "description": incident.description,
        "measures": incident.measures or "-",
        "contact": settings.VENDOR_SUPPORT_EMAIL,
    }
    sent = 0
    with transaction.atomic():
        # One message per person (recipients must not see each other's addresses),
        # recorded with the note that they were told and sent after commit.
        for person in people:
            record_mail(
                {
                    "to": [person.email],
                    "subject": subject,
                    "body": body,
                    "from_email": settings.DEFAULT_FROM_EMAIL,
                }
            )
            sent += 1
        incident.notified_people_at = timezone.now()
        incident.save(update_fields=["notified_people_at"])
    return sent
