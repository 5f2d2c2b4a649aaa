"""The processing log's retention: entries older than PRIVACY_LOG_RETENTION_DAYS are
deleted by the periodic job `purge_processing_log`, the only code allowed past the
log's append-only guard.

Why a limit, and why three years by default: the log exists for accountability (GDPR
art. 5(2) and 32: showing who read or changed whose data, and answering a data subject
who asks who looked at their tickets), but it is itself personal data, so storage
limitation (art. 5(1)(e)) forbids keeping it for ever. Three years covers a complaint
to the supervisory authority (IMY) about an access, which people usually bring within a
year or two, the vendor's own yearly security audits with a year's margin, and the
contract periods customers' licences run in. A vendor with a different assessment sets
PRIVACY_LOG_RETENTION_DAYS (README, Data protection); 0 keeps the log for ever.

The guard: PostgreSQL's trigger refuses UPDATE and DELETE unless the transaction has set
`kundcenter.processing_log_purge` (SET LOCAL: it ends with the transaction); SQLite's
DELETE trigger asks the function `append_only.purge_allowed` answers for. Both are set
here and nowhere else.
"""

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from kundcenter.privacy.append_only import purge_allowed

TABLE = "privacy_processinglogentry"


def purge_processing_log(now=None) -> int:
    """Delete the entries older than the retention period; return how many."""
    days = settings.PRIVACY_LOG_RETENTION_DAYS
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL kundcenter.processing_log_purge = 'on'")
            cursor.execute(f"DELETE FROM {TABLE} WHERE at < %s", [cutoff])
            deleted = cursor.rowcount
            # Off again at once: called inside a larger transaction, SET LOCAL would
            # otherwise last until that one ends. (A failed DELETE rolls the setting back
            # with its savepoint.)
            cursor.execute("SET LOCAL kundcenter.processing_log_purge = 'off'")
            return deleted
        with purge_allowed():
            cursor.execute(f"DELETE FROM {TABLE} WHERE at < %s", [cutoff])
            return cursor.rowcount
