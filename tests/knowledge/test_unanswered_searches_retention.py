"""Counts of searches that found nothing are kept UNANSWERED_SEARCH_RETENTION_DAYS after
they were last searched, then deleted by the periodic job."""

import datetime as dt

from kundcenter.celery import periodic_jobs
from kundcenter.knowledge.models import UnansweredSearch
from kundcenter.knowledge.tasks import purge_unanswered_searches

TODAY = dt.date(2026, 12, 6)


def _count(words, last_searched):
    return UnansweredSearch.objects.create(words=words, count=3, last_searched=last_searched)


def test_searches_not_repeated_within_the_retention_are_deleted(db, settings, monkeypatch):
    settings.UNANSWERED_SEARCH_RETENTION_DAYS = 180
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    _count("gammal fråga", TODAY - dt.timedelta(days=181))
    _count("nyss sökt", TODAY - dt.timedelta(days=180))

    assert "deleted 1" in purge_unanswered_searches()

    assert list(UnansweredSearch.objects.values_list("words", flat=True)) == ["nyss sökt"]


def test_zero_keeps_them_for_ever(db, settings):
    settings.UNANSWERED_SEARCH_RETENTION_DAYS = 0
    _count("gammal fråga", dt.date(2000, 1, 1))

    purge_unanswered_searches()

    assert UnansweredSearch.objects.count() == 1


def test_the_purge_is_a_periodic_job():
    assert "purge_unanswered_searches" in {job.name for job in periodic_jobs()}
