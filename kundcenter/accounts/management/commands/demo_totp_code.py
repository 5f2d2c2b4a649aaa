from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kundcenter.accounts.models import User
from kundcenter.lib.demo_data import DEMO_TOTP_DEVICE_NAME


class Command(BaseCommand):
    """Print the current two-factor code of a demo login (`make run`)."""

    help = (
        "Print the code a demo staff login's authenticator app would show now. Works only "
        f"for the TOTP device named {DEMO_TOTP_DEVICE_NAME!r} that load_demo makes; a real "
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
        if devices.exclude(name=DEMO_TOTP_DEVICE_NAME).exists():
            raise CommandError(
                f"{user.email} has an authenticator app that is not the demo device "
                f"{DEMO_TOTP_DEVICE_NAME!r}; its codes are not shown."
            )
        device = devices.get()
        generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        if generator.t() <= device.last_t:
            # This code was used already (a second login within half a minute); the app's
            # next code is accepted too.
            generator.drift += device.last_t + 1 - generator.t()
        self.stdout.write(f"{generator.token():0{device.digits}d}")
