"""Files chosen on the new-ticket form that came back with an error.

A browser never sends a file input back, so files that passed their checks are kept on
the server, in the person's session, and go with the ticket when the form is sent again:
the person chooses nothing twice. They are removed when the ticket is registered, when
the form is opened afresh, or when the person removes them on the form.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

SESSION_KEY = "pending_uploads"
FOLDER = "pending-uploads"


def kept(request) -> list[dict]:
    """The files kept for this session's form: [{"id", "name", "size"}]."""
    return [
        {"id": item["id"], "name": item["name"], "size": item["size"]}
        for item in request.session.get(SESSION_KEY, [])
    ]


def keep(request, files) -> None:
    """Store `files` (checked uploads) for the next try of the form."""
    items = list(request.session.get(SESSION_KEY, []))
    for upload in files:
        upload.seek(0)
        key = uuid.uuid4().hex
        path = default_storage.save(f"{FOLDER}/{key}", upload)
        items.append({"id": key, "path": path, "name": upload.name, "size": upload.size})
    request.session[SESSION_KEY] = items


def drop(request, ids) -> None:
    """Forget (and delete) the kept files with these ids."""
    ids = set(ids)
    stored = request.session.get(SESSION_KEY, [])
    items = []
    for item in stored:
        if item["id"] in ids:
            default_storage.delete(item["path"])
        else:
            items.append(item)
    if len(items) != len(stored):  # else the session is left unchanged (and unsaved)
        request.session[SESSION_KEY] = items


def opened(request) -> list[File]:
    """The kept files, open for reading, named as the person named them."""
    files = []
    for item in request.session.get(SESSION_KEY, []):
        if default_storage.exists(item["path"]):
            files.append(File(default_storage.open(item["path"], "rb"), name=item["name"]))
    return files


def clear(request) -> None:
    """Delete every kept file of this session."""
    items = request.session.pop(SESSION_KEY, [])
    for item in items:
        default_storage.delete(item["path"])


def prune(now=None) -> int:
    """Delete kept files older than a session can live: their session has expired, so no
    form will send them. Returns how many were deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    try:
        _folders, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted
