from django.core.management.base import BaseCommand

from kundcenter.demo.articles import load_demo_articles


class Command(BaseCommand):
    """Load the Swedish demo articles of Frågor och Svar (idempotent)."""

    help = "Create the demo knowledge-base articles that are missing. Safe to run again."

    def handle(self, *args, **options):
        created = load_demo_articles()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Knowledge base: {created} demo articles created.")
