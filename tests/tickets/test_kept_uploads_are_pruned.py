"""Files kept for a new-ticket form after an error are deleted by the periodic job once
their session can no longer send them (older than SESSION_COOKIE_AGE); newer ones stay."""

import os
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from kundcenter.tickets import pending_uploads
from kundcenter.tickets.tasks import forget_pending_uploads


def test_only_uploads_older_than_a_session_are_deleted(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SESSION_COOKIE_AGE = 3600
    old = default_storage.save(f"{pending_uploads.FOLDER}/old", ContentFile(b"gammal"))
    new = default_storage.save(f"{pending_uploads.FOLDER}/new", ContentFile(b"ny"))
    two_hours_ago = (timezone.now() - timedelta(hours=2)).timestamp()
    os.utime(default_storage.path(old), (two_hours_ago, two_hours_ago))

    assert forget_pending_uploads() == "deleted 1 kept uploads"
    assert not default_storage.exists(old)
    assert default_storage.exists(new)


def test_no_folder_yet_is_nothing_to_do(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert pending_uploads.prune() == 0
