from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.accounts import two_factor
from kundcenter.accounts.models import User


class Command(BaseCommand):
    """Print the current two-factor code of a demo login (`make run`)."""

    help = (
        "Print the code a demo staff login's authenticator app would show now. Works only "
        f"for the TOTP device named {two_factor.DEMO_DEVICE_NAME!r} that load_demo makes; a real "
        "person's device is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No person has the e-mail address {email!r}.")
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        if not devices.exists():
            raise CommandError(f"{user.email} has no two-factor authentication; no code needed.")
        # Only demo devices: a code of a real person's app must never come out of here.
        if devices.exclude(name=two_factor.DEMO_DEVICE_NAME).exists():
            raise CommandError(
                f"{user.email} has an authenticator app that is not the demo device "
                f"{two_factor.DEMO_DEVICE_NAME!r}; its codes are not shown."
            )
        self.stdout.write(two_factor.demo_code(user))
