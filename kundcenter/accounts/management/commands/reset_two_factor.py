from django.core.management.base import BaseCommand, CommandError

from kundcenter.accounts import two_factor
from kundcenter.accounts.models import User


class Command(BaseCommand):
    """Reset a person's two-factor authentication, e.g. after a lost phone."""

    help = (
        "Remove the authenticator app and backup codes of the person with this e-mail "
        "address. Staff set up a new app at their next login; customers log in with their "
        "password alone until they turn it on again."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No person has the e-mail address {email!r}.")
        removed = two_factor.reset(user, tell=two_factor.RESET)
        if not removed:
            self.stdout.write(f"{user.email} had no two-factor authentication; nothing to reset.")
            return
        then = (
            "sets up a new app at the next login"
            if two_factor.is_required(user)
            else "logs in with the password alone until turning it on again"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Two-factor authentication of {user.email} reset: {then}.")
        )
