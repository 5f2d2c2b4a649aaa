"""Domain actions of the academy: enrolment, waiting list, completion, material requests.

Each action checks, changes inside one transaction and raises `ActionError` with a
sentence for the user when it refuses (and then changes nothing).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kundcenter.academy.models import (
    Enrolment,
    MaterialRequest,
    ReleaseNote,
    ReleaseNoteRead,
    Session,
)
from kundcenter.accounts import entitlements
from kundcenter.accounts.rules import is_staff_role
from kundcenter.lib.errors import ActionError

Status = Enrolment.Status
LIVE = (Status.ENROLLED, Status.WAITING)


def _lock_session(session: Session) -> Session:
    # The row lock serialises enrolments and cancellations on one session, so two people
    # never take the last seat on PostgreSQL (SQLite serialises writers anyway).
    return Session.objects.select_for_update().get(pk=session.pk)


def enrol(session: Session, user, *, now=None) -> Enrolment:
    """Give `user` a seat on `session`, or a place on its waiting list when it is full."""
    if not getattr(user, "is_authenticated", False) or is_staff_role(user):
        raise ActionError(_("Trainings are for customers; staff are not enrolled."))
    now = now or timezone.now()
    if session.starts_at <= now:
        raise ActionError(_("This session has already started."))
    with transaction.atomic():
        session = _lock_session(session)
        if Enrolment.objects.filter(session=session, user=user, status__in=LIVE).exists():
            raise ActionError(_("You are already enrolled on this session."))
        taken = Enrolment.objects.filter(session=session, status=Status.ENROLLED).count()
        status = Status.ENROLLED if taken < session.seats else Status.WAITING
        try:
            with transaction.atomic():
                return Enrolment.objects.create(
                    session=session, user=user, status=status, created_at=now, changed_at=now
                )
        except IntegrityError as exc:
            raise ActionError(_("You are already enrolled on this session.")) from exc


def cancel(enrolment: Enrolment, user, *, now=None) -> Enrolment | None:
    """Cancel a place; if it held a seat, the first person waiting moves up.

    The person themselves or staff may cancel. Returns the enrolment that moved up, if any.
    """
    if enrolment.user_id != user.pk and not is_staff_role(user):
        raise ActionError(_("You can only cancel your own enrolment."))
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(enrolment.session)
        current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if current.status not in LIVE:
            raise ActionError(_("This enrolment is no longer active."))
        if session.starts_at <= now and not is_staff_role(user):
            raise ActionError(_("The session has started; it can no longer be cancelled."))
        held_seat = current.status == Status.ENROLLED
        current.status, current.changed_at = Status.CANCELLED, now
        current.save(update_fields=["status", "changed_at"])
        enrolment.status, enrolment.changed_at = current.status, now
        if not held_seat:
            return None
        return _move_up(session, now)


def _move_up(session: Session, now) -> Enrolment | None:
    """Fill free seats from the waiting list, first come first served."""
    taken = Enrolment.objects.filter(session=session, status=Status.ENROLLED).count()
    if taken >= session.seats:
        return None
    first = (
        Enrolment.objects.filter(session=session, status=Status.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status, first.changed_at = Status.ENROLLED, now
    first.save(update_fields=["status", "changed_at"])
    return first


def record_completion(enrolment: Enrolment, staff) -> Enrolment:
    """Staff record that the person completed the session's course.

    For an official course this creates the TrainingRecord that makes a SuperUser
    eligible for support on the course's module (entitlements.record_training).
    """
    if not is_staff_role(staff):
        raise ActionError(_("Only staff can record a completed training."))
    session = enrolment.session
    now = timezone.now()
    if session.starts_at > now:
        raise ActionError(_("A session that has not started cannot be completed."))
    with transaction.atomic():
        current = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if current.status != Status.ENROLLED:
            raise ActionError(_("Only an enrolled participant can complete the training."))
        current.status, current.changed_at = Status.COMPLETED, now
        current.save(update_fields=["status", "changed_at"])
        enrolment.status = current.status
        course = session.course
        if course.official:
            entitlements.record_training(
                enrolment.user,
                course.module,
                training=course.title,
                completed_on=min(timezone.localdate(session.ends_at), timezone.localdate(now)),
                recorded_by=staff,
            )
    return enrolment


def mark_release_note_read(note: ReleaseNote, user) -> None:
    """The user opened the note; its notice stops showing for them."""
    if getattr(user, "is_authenticated", False):
        ReleaseNoteRead.objects.get_or_create(note=note, user=user)


def request_material(user, *, subject: str, description: str, module=None) -> MaterialRequest:
    """Anyone logged in asks for new knowledge material; it lands in the staff list."""
    subject, description = (subject or "").strip(), (description or "").strip()
    if not subject or not description:
        raise ActionError(_("Say what you would like, with a subject and a description."))
    return MaterialRequest.objects.create(
        user=user, module=module, subject=subject[:200], description=description
    )


def set_material_request_status(item: MaterialRequest, staff, status: str) -> MaterialRequest:
    """Staff move a material request along (new, planned, done, declined)."""
    if not is_staff_role(staff):
        raise ActionError(_("Only staff can change a request."))
    if status not in MaterialRequest.Status.values:
        raise ActionError(_("Choose a status."))
    item.status = status
    item.save(update_fields=["status"])
    return item
