"""Processing-log entries cannot be edited or deleted: not through the model, not through
a queryset, not by raw SQL (a database trigger), and the admin only lets staff look."""

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from kundcenter.lib.errors import ActionError
from kundcenter.privacy.models import ProcessingLogEntry


@pytest.fixture
def entry(db, specialist_hantverk, superuser_a):
    return ProcessingLogEntry.objects.create(
        at=timezone.now(),
        actor=specialist_hantverk,
        subject=superuser_a,
        action=ProcessingLogEntry.Action.READ,
        object_description="ticket 2026-000001",
    )


def _unchanged(entry):
    fresh = ProcessingLogEntry.objects.get(pk=entry.pk)
    assert fresh.object_description == "ticket 2026-000001"
    assert fresh.subject_id == entry.subject_id


def test_saving_a_changed_entry_is_refused(entry):
    entry.object_description = "nothing to see"
    with pytest.raises(ActionError):
        entry.save()
    _unchanged(entry)


def test_deleting_an_entry_is_refused(entry):
    with pytest.raises(ActionError):
        entry.delete()
    assert ProcessingLogEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_is_refused(entry):
    with pytest.raises(ActionError):
        ProcessingLogEntry.objects.filter(pk=entry.pk).update(object_description="x")
    _unchanged(entry)


def test_queryset_delete_is_refused(entry):
    with pytest.raises(ActionError):
        ProcessingLogEntry.objects.all().delete()
    assert ProcessingLogEntry.objects.count() == 1


def test_raw_sql_update_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE privacy_processinglogentry SET object_description = %s WHERE id = %s",
            ["rewritten", entry.pk],
        )
    _unchanged(entry)


def test_raw_sql_delete_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_processinglogentry WHERE id = %s", [entry.pk])
    assert ProcessingLogEntry.objects.filter(pk=entry.pk).exists()


def test_raw_sql_delete_of_every_row_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_processinglogentry")
    assert ProcessingLogEntry.objects.filter(pk=entry.pk).exists()


# serialized_rollback=True, like every transactional test here: the next one restores the
# seeded rows (content types included) into empty tables, which a flush that re-created
# them through post_migrate would break.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_flush_still_empties_the_log():
    """The statement-level purge stays possible (TRUNCATE on PostgreSQL, flush on SQLite):
    the test suite's flush after this very test depends on it."""
    from django.core.management import call_command

    from kundcenter.accounts.models import User

    actor = User.objects.create_user("logg.test@kundcenter.example", full_name="Logg Test")
    ProcessingLogEntry.objects.create(
        at=timezone.now(), actor=actor, action=ProcessingLogEntry.Action.READ
    )
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    assert ProcessingLogEntry.objects.count() == 0


def test_admin_can_only_view(entry, admin_user):
    model_admin = admin.site._registry[ProcessingLogEntry]
    request = RequestFactory().get("/")
    request.user = admin_user
    assert model_admin.has_view_permission(request, entry)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
