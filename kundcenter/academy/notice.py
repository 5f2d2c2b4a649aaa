"""The release-note notice: the newest release note, until the viewer has opened it.

It shows on every page, so it must usually cost nothing. The newest note is cached per
process (like the SLA calendar) and dropped when a note is saved or deleted; other
processes pick a new note up within `RELEASE_NOTICE_CACHE_SECONDS`. That a person has
read it is remembered in their session after one check, so a reader pays no query.
"""

import threading
import time

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from kundcenter.academy.models import ReleaseNote, ReleaseNoteRead

SESSION_KEY = "academy_release_note_read"
_lock = threading.Lock()
_cache: dict = {}


def _cache_seconds() -> int:
    return getattr(settings, "RELEASE_NOTICE_CACHE_SECONDS", 300)


def _clear():
    with _lock:
        _cache.clear()


def clear_cache(**_kwargs):
    """Forget the newest note now and again on commit (another thread may rebuild it)."""
    _clear()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_clear)


post_save.connect(clear_cache, sender=ReleaseNote, dispatch_uid="academy-notice-save")
post_delete.connect(clear_cache, sender=ReleaseNote, dispatch_uid="academy-notice-delete")


def newest_release_note() -> ReleaseNote | None:
    """The newest published release note (cached per process)."""
    now = time.monotonic()
    with _lock:
        hit = _cache.get("newest")
        if hit and hit[0] > now:
            return hit[1]
    note = (
        ReleaseNote.objects.filter(published_on__lte=timezone.localdate())
        .select_related("module")
        .order_by("-published_on", "-pk")
        .first()
    )
    with _lock:
        _cache["newest"] = (now + _cache_seconds(), note)
    return note


def remember_read(request, note: ReleaseNote) -> None:
    """The person opened `note`: the notice is gone for this request and session."""
    request._academy_notice = None
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = note.pk


def unread_release_note(request) -> ReleaseNote | None:
    """The newest release note if the logged-in user has not opened it, else None.

    Only the newest one nags: once it is read, older unread notes stay quiet in the
    academy. Remembered on the request so several templates share one answer.
    """
    if hasattr(request, "_academy_notice"):
        return request._academy_notice
    user = getattr(request, "user", None)
    note = None
    if user is not None and user.is_authenticated:
        note = newest_release_note()
        session = getattr(request, "session", None)
        if note is not None and session is not None and session.get(SESSION_KEY) == note.pk:
            note = None
        elif note is not None and ReleaseNoteRead.objects.filter(note=note, user=user).exists():
            if session is not None:
                session[SESSION_KEY] = note.pk
            note = None
    request._academy_notice = note
    return note
