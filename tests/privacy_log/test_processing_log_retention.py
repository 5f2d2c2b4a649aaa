"""Processing-log retention: the periodic job deletes entries older than
PRIVACY_LOG_RETENTION_DAYS and nothing younger; it is the only way past the log's
append-only guard (a raw DELETE is still refused by the database on both)."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kundcenter.celery import periodic_jobs
from kundcenter.privacy.models import ProcessingLogEntry
from kundcenter.privacy.retention import purge_processing_log
from kundcenter.privacy.tasks import purge_processing_log as purge_task

pytestmark = pytest.mark.django_db


def _entry(actor, days_ago):
    return ProcessingLogEntry.objects.create(
        at=timezone.now() - timedelta(days=days_ago),
        actor=actor,
        action=ProcessingLogEntry.Action.READ,
        object_description=f"ticket {days_ago}",
    )


def test_entries_past_retention_are_deleted_and_younger_kept(settings, specialist_hantverk):
    settings.PRIVACY_LOG_RETENTION_DAYS = 1095
    old = _entry(specialist_hantverk, 1096)
    kept = _entry(specialist_hantverk, 1094)
    recent = _entry(specialist_hantverk, 1)
    assert purge_processing_log() == 1
    assert not ProcessingLogEntry.objects.filter(pk=old.pk).exists()
    assert set(ProcessingLogEntry.objects.values_list("pk", flat=True)) >= {kept.pk, recent.pk}


def test_zero_keeps_the_log_for_ever(settings, specialist_hantverk):
    settings.PRIVACY_LOG_RETENTION_DAYS = 0
    _entry(specialist_hantverk, 5000)
    assert purge_processing_log() == 0
    assert ProcessingLogEntry.objects.count() >= 1


def test_the_purge_runs_as_a_periodic_job(settings, specialist_hantverk):
    settings.PRIVACY_LOG_RETENTION_DAYS = 30
    _entry(specialist_hantverk, 31)
    assert "purge_processing_log" in [job.name for job in periodic_jobs()]
    assert purge_task.delay().get() == "deleted 1 processing-log entries past their retention"


def test_after_a_purge_a_raw_delete_is_still_refused(specialist_hantverk):
    purge_processing_log()
    entry = _entry(specialist_hantverk, 1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_processinglogentry WHERE id = %s", [entry.pk])
    assert ProcessingLogEntry.objects.filter(pk=entry.pk).exists()
