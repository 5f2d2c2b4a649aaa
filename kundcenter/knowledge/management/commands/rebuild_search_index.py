"""`manage.py rebuild_search_index`: index every article, and everything the one search
box covers, anew (after bulk changes, a restore or a new dictionary)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from kundcenter.knowledge.search import rebuild_index
from kundcenter.knowledge.site_search import rebuild_site_index


class Command(BaseCommand):
    help = "Rebuild the article search index and the one search box's index."

    def handle(self, *args, **options):
        with transaction.atomic():
            articles = rebuild_index()
            entries = rebuild_site_index()
        self.stdout.write(f"Indexed {articles} articles; {entries} entries for the search box.")
