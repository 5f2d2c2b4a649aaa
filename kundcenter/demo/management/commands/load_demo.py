from django.core.management.base import BaseCommand

from kundcenter.demo import data as demo_data
from kundcenter.demo.articles import load_demo_articles
from kundcenter.demo.safety import refuse_without_debug


class Command(BaseCommand):
    """Load the demo customers, people and tickets (idempotent) and print the logins."""

    help = (
        "Create the demo customers, one person per role and demo tickets. Safe to run "
        "again: nothing is duplicated. Prints the demo logins. Refuses when DEBUG is off "
        "unless given --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off (only into a throwaway database).",
        )

    def handle(self, *args, **options):
        refuse_without_debug(
            "load_demo",
            "demo data",
            "demo people would get real mail (their invented addresses may exist) and anyone "
            "could log in with the published demo password",
            force=options["force"],
        )
        result = demo_data.load()
        articles = load_demo_articles()
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Demo data: {result.customers_created} customers, "
                f"{result.people_created} people, {result.tickets_created} tickets and "
                f"{articles} knowledge-base articles created."
            )
        self.print_logins(result.logins)

    def print_logins(self, logins):
        width = max(len(email) for email, _role in logins)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo logins"))
        self.stdout.write(f"  {'E-mail':<{width}}  Role")
        self.stdout.write(f"  {'-' * width}  {'-' * 4}")
        for email, role in logins:
            self.stdout.write(f"  {email:<{width}}  {role}")
        self.stdout.write(
            f"  Password for every demo login: {self.style.SUCCESS(demo_data.DEMO_PASSWORD)}"
        )
        command = ".venv/bin/python manage.py demo_totp_code <e-mail>"
        self.stdout.write(
            "  Staff logins then ask for a two-factor code; with `make run` (DEBUG) the code\n"
            "  page shows it, and this prints the current one:\n"
            f"    {self.style.SUCCESS(command)}"
        )
        self.stdout.write("")
